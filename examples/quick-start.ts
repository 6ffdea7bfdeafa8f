// `npm start`: a short tour of alicloud-rx against the fake ECS cloud that
// this script starts on loopback (no account, no network). It shows the four call forms, the pool
// under a burst, retries on throttling, and the pool statistics.
import { lastValueFrom } from 'rxjs';
import { AccessKeyCredential, Config, QueueFullError, RpcClient, type PoolStats } from '../src/index.js';
import { startFakeCloud } from '../src/testing/server.js';

// The fake ECS cloud on loopback: it checks every signature, answers after 20 ms, and throttles
// beyond 25 calls a second with `Throttling.User` (as Alibaba Cloud does under load).
const server = await startFakeCloud({ faults: { latencyMs: 20, throttleQps: 25 } });
const { cloud } = server;

interface DescribeRegionsResponse {
  RequestId: string;
  Regions: { Region: { RegionId: string }[] };
}

const client = new RpcClient({
  product: 'ecs',
  version: '2014-05-26',
  regionId: 'cn-hangzhou',
  config: new Config()
    .withEnableAsync(true)
    .withPoolSize(4)
    .withMaxTaskQueueSize(40)
    .withEndpoint(server.url),
  credential: new AccessKeyCredential('testid', 'testsecret'),
});
let stats: PoolStats | undefined;
const watch = client.poolStats$.subscribe((s) => (stats = s));
const t0 = performance.now();

// 1. Cold Observable
const viaObservable = await lastValueFrom(client.request$<DescribeRegionsResponse>('DescribeRegions', {}));
console.log(
  `request$            → ${viaObservable.Regions.Region.length} regions (RequestId ${viaObservable.RequestId})`,
);

// 2. Promise
const viaPromise = await client.request<DescribeRegionsResponse>('DescribeRegions', {
  AcceptLanguage: 'en-US',
});
console.log(`request             → ${viaPromise.Regions.Region.map((r) => r.RegionId).join(', ')}`);

// 3. Go's WithChan: [response, error], exactly one defined, never rejects
const [response, error] = client.requestWithChan<DescribeRegionsResponse>('DescribeRegions', {});
console.log(
  `requestWithChan     → response ${(await response) ? 'set' : 'undefined'}, error ${String(await error)}`,
);

// 4. Go's WithCallback: the callback runs once, then the blocker says 1 (ok) or 0 (failed)
const blocker = await client.requestWithCallback<DescribeRegionsResponse>('DescribeRegions', {}, (res, err) =>
  console.log(
    `requestWithCallback → callback(${res ? 'response' : 'undefined'}, ${err ? err.name : 'undefined'})`,
  ),
);
console.log(`                      blocker = ${blocker}`);

// 5. A burst of 60 calls into a pool of 4 with a queue of 40: 44 admitted, 16 rejected at once.
const burst = Array.from({ length: 60 }, () =>
  client.request('DescribeRegions', {}).then(
    () => 'ok' as const,
    (e: unknown) => (e instanceof QueueFullError ? ('rejected' as const) : ('failed' as const)),
  ),
);
const outcomes = await Promise.all(burst);
const count = (k: string) => outcomes.filter((o) => o === k).length;
console.log(
  `burst of 60         → ok ${count('ok')}, rejected ${count('rejected')} (QueueFullError), failed ${count('failed')}`,
);

await client.shutdown();
watch.unsubscribe();
await server.close();
const s = stats!;
console.log('\nsummary');
console.table({
  'requests served (incl. throttled)': cloud.stats.requests,
  'throttled answers (each retried)': cloud.stats.throttled,
  'peak server concurrency': cloud.stats.peakInFlight,
  poolSize: s.poolSize,
  completed: s.completed,
  rejected: s.rejected,
  failed: s.failed,
  cancelled: s.cancelled,
  'wall time (ms)': Math.round(performance.now() - t0),
});
if (cloud.stats.peakInFlight > s.poolSize) {
  console.error('peak concurrency exceeded poolSize');
  process.exit(1);
}
