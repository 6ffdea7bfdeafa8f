#!/usr/bin/env node
// alicloud-rx-fake-cloud: a fake Alibaba Cloud ECS endpoint on loopback, for demos and tests.
import { parseArgs } from 'node:util';
import { DEFAULT_SECURITY_TOKEN } from './fake-account.js';
import { startFakeCloud } from './server.js';

const USAGE = `Usage: alicloud-rx-fake-cloud [--port 8080] [--seed N] [--instances N] [--throttle-qps N] [--latency-ms N]

Starts a fake ECS endpoint on 127.0.0.1 that checks signatures as Alibaba Cloud does.
Credentials: AccessKeyId testid, AccessKeySecret testsecret (STS token ${DEFAULT_SECURITY_TOKEN}).`;

function count(name: string, raw: string | undefined, min: number, max?: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `>= ${min}` : `from ${min} to ${max}`;
    console.error(`--${name} must be an integer ${range}, got ${JSON.stringify(raw)}\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      seed: { type: 'string' },
      instances: { type: 'string' },
      'throttle-qps': { type: 'string' },
      'latency-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

/** Exits with one line on stderr if the port cannot be had (the user's to change); re-throws the rest. */
function cannotListen(error: unknown, port: number | undefined): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
  const why = code === 'EADDRINUSE' ? 'is in use' : 'is not permitted';
  console.error(
    `alicloud-rx-fake-cloud: port ${port} on 127.0.0.1 ${why} (${code}); pass --port <n> or --port 0`,
  );
  process.exit(1);
}

const port = count('port', args.port, 0, 65535);
const server = await startFakeCloud({
  port,
  seed: count('seed', args.seed, 0),
  instancesPerRegion: count('instances', args.instances, 0),
  faults: {
    throttleQps: count('throttle-qps', args['throttle-qps'], 1),
    latencyMs: count('latency-ms', args['latency-ms'], 0),
  },
}).catch((error: unknown) => cannotListen(error, port));
console.log(`alicloud-rx fake cloud listening on ${server.url}`);
console.log(
  `credentials: AccessKeyId=testid AccessKeySecret=testsecret (STS token: ${DEFAULT_SECURITY_TOKEN})`,
);
console.log(`try: new Config().withEndpoint('${server.url}')`);

const stop = (signal: string) => {
  console.log(`\n${signal}: ${server.cloud.stats.requests} requests served; stopping.`);
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
