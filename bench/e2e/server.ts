/**
 * The end-to-end benchmark's server, run in a process of its own (bundled by esbuild and started
 * by bench/e2e/index.ts with plain `node`). It answers every request after a fixed latency with
 * the same small DescribeInstances page (2 instances, ~2.6 kB, generated once by the fake cloud's
 * own ECS handler), so every contender, signed or not, pays the same server cost.
 *
 * Signatures: every `--verify-every`-th signed request (an `authorization` header or a
 * `Signature` parameter) is checked with `verifyRequest` from the build; a bad one gets the
 * service's 400 `SignatureDoesNotMatch`, which fails the run. Checking every request would add
 * Web Crypto work to the signed rows only, on the same 2 cores the client uses. The full fake
 * cloud (`dist/testing/cli.js`: clock, nonce and signature checks) is the preflight instead.
 *
 * Control: `GET /__stats` answers `{ requests, connections, signed, verified, failures }` and
 * resets the counters. Usage: node server.mjs --dist DIR [--port 0] [--latency-ms 5] [--verify-every 100]
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type * as Testing from '../../src/testing/index.js';
import type * as EcsActions from '../../src/testing/ecs/ecs-actions.js';
import type * as EcsStateModule from '../../src/testing/ecs/ecs-state.js';

const { values } = parseArgs({
  options: {
    dist: { type: 'string' },
    port: { type: 'string', default: '0' },
    'latency-ms': { type: 'string', default: '5' },
    'verify-every': { type: 'string', default: '100' },
  },
});
const dist = values.dist;
if (!dist) throw new Error('--dist DIR (the build) is required');
const latencyMs = Number(values['latency-ms']);
const verifyEvery = Number(values['verify-every']);
const load = <T>(path: string): Promise<T> => import(new URL(path, `file://${dist}/`).href) as Promise<T>;

const { verifyRequest } = await load<typeof Testing>('testing/index.js');
const { handleEcsAction } = await load<typeof EcsActions>('testing/ecs/ecs-actions.js');
const { EcsState } = await load<typeof EcsStateModule>('testing/ecs/ecs-state.js');

const REQUEST_ID = '5D6F4D1B-0E4C-4B65-9A7E-1F2E3D4C5B6A';
const page = handleEcsAction(new EcsState({ seed: 42 }), 'DescribeInstances', {
  RegionId: 'cn-hangzhou',
  MaxResults: '2',
});
const BODY = Buffer.from(JSON.stringify({ RequestId: REQUEST_ID, ...page }));
const HEADERS = {
  'content-type': 'application/json;charset=utf-8',
  'content-length': String(BODY.length),
  'x-acs-request-id': REQUEST_ID,
};
const ACCOUNTS = { testid: 'testsecret' };

const stats = { requests: 0, connections: 0, signed: 0, verified: 0, failures: 0 };

function isSigned(req: IncomingMessage): boolean {
  return req.headers.authorization !== undefined || (req.url ?? '').includes('Signature=');
}

async function verify(req: IncomingMessage, body: Buffer): Promise<string | undefined> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && body.length > 0;
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? new Uint8Array(body) : undefined,
  });
  const result = await verifyRequest(request, ACCOUNTS);
  return result.ok ? undefined : `${result.code}: ${result.message}`;
}

function answer(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  if (req.url === '/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(stats));
    Object.assign(stats, { requests: 0, connections: 0, signed: 0, verified: 0, failures: 0 });
    return;
  }
  stats.requests++;
  const check = isSigned(req) && ++stats.signed % verifyEvery === 0 ? verify(req, body) : undefined;
  setTimeout(() => {
    if (!check) {
      res.writeHead(200, HEADERS);
      res.end(BODY);
      return;
    }
    stats.verified++;
    void check.then((failure) => {
      if (failure === undefined) {
        res.writeHead(200, HEADERS);
        res.end(BODY);
        return;
      }
      stats.failures++;
      console.error(`signature check failed: ${failure}`);
      res.writeHead(400, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify({ RequestId: REQUEST_ID, Code: 'SignatureDoesNotMatch', Message: failure }));
    });
  }, latencyMs);
}

const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => answer(req, res, chunks.length ? Buffer.concat(chunks) : Buffer.alloc(0)));
});
server.on('connection', () => stats.connections++);
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.listen(Number(values.port), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
