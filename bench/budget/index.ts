/**
 * What a budget costs per call on the uncontended path: N calls (20 in flight) through one
 * RpcClient whose transport answers at once in memory, with no budget, with localBudget and with
 * redisBudget (the machine's Redis at 127.0.0.1:6379, loopback), all in one process. Prints µs per
 * call, the ratio to no budget, and Redis round trips per call (from Redis's own INFO
 * commandstats). Usage: node --import tsx bench/budget/index.ts [--calls N]
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import { lastValueFrom, mergeMap, range, toArray } from 'rxjs';
import type { Budget } from '../../src/budget/budget.js';
import { localBudget } from '../../src/budget/local-budget.js';
import { Config } from '../../src/config.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import type { Transport } from '../../src/http/transport.js';
import { redisBudget } from '../../src/redis/redis-budget.js';

const args = process.argv.slice(2);
const CALLS = Number(args[args.indexOf('--calls') + 1] || 20_000);
const IN_FLIGHT = 20;
const REDIS = 'redis://127.0.0.1:6379';

// Answers every request at once: what is left to measure is the SDK's own work.
const headers = new Headers({ 'content-type': 'application/json' });
const answer: Transport = () => Promise.resolve({ status: 200, headers, text: '{"RequestId":"R"}' });

async function run(budget: Budget | undefined): Promise<number> {
  let config = new Config()
    .withEnableAsync(true)
    .withPoolSize(IN_FLIGHT)
    .withMaxTaskQueueSize(CALLS)
    .withEndpoint('http://bench.local')
    .withTransport(answer);
  if (budget) config = config.withBudget(budget);
  const client = new RpcClient({
    product: 'ecs',
    version: '2014-05-26',
    regionId: 'cn-hangzhou',
    config,
    credential: new AccessKeyCredential('testid', 'testsecret'),
  });
  const started = performance.now();
  await lastValueFrom(
    range(0, CALLS).pipe(
      mergeMap(() => client.request$('DescribeRegions', {}), IN_FLIGHT),
      toArray(),
    ),
  );
  const us = ((performance.now() - started) * 1000) / CALLS;
  await client.shutdown();
  return us;
}

async function evalshaCalls(): Promise<number> {
  const redis = createClient({ url: REDIS });
  await redis.connect();
  const info = await redis.info('commandstats');
  await redis.close();
  return Number(/cmdstat_evalsha:calls=(\d+)/.exec(info)?.[1] ?? 0);
}

const rows: [string, number, string][] = [];
await run(undefined); // warm-up
const none = await run(undefined);
rows.push(['no budget', none, '0']);
const local = await run(localBudget({ concurrency: IN_FLIGHT, rate: { limit: 1_000_000, perMs: 1000 } }));
rows.push(['localBudget (concurrency + rate)', local, '0']);
for (const [name, options] of [
  ['redisBudget concurrency only', { concurrency: IN_FLIGHT }],
  ['redisBudget rate only', { rate: { limit: 1_000_000, perMs: 1000 } }],
  ['redisBudget concurrency + rate', { concurrency: IN_FLIGHT, rate: { limit: 1_000_000, perMs: 1000 } }],
] as const) {
  const budget = redisBudget({ url: REDIS, key: `bench:${randomUUID()}`, ...options });
  await run(budget); // connects, loads the scripts
  const before = await evalshaCalls();
  const us = await run(budget);
  const trips = ((await evalshaCalls()) - before) / CALLS;
  await budget.close();
  rows.push([name, us, trips.toFixed(2)]);
}
console.log(`${CALLS} calls, ${IN_FLIGHT} in flight, in-memory answers; Redis at ${REDIS}`);
console.log('| budget | µs per call | × no budget | Redis round trips per call |');
console.log('| --- | --- | --- | --- |');
for (const [name, us, trips] of rows)
  console.log(`| ${name} | ${us.toFixed(1)} | ${(us / none).toFixed(2)} | ${trips} |`);
