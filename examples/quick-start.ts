// `npm start`: a short tour of alicloud-rx against a local, signature-checking endpoint that
// this script starts itself (no account, no network). It shows the four call forms, the pool
// under a burst, retries on throttling, and the pool statistics.
import { lastValueFrom } from 'rxjs';
import { AccessKeyCredential, Config, QueueFullError, RpcClient, type PoolStats } from '../src/index.js';
import { verifyRequest } from '../src/testing/index.js';
import { serveFetch } from '../src/testing/server.js';

const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1', 'eu-central-1'];
let served = 0;
let inFlight = 0;
let peak = 0;
let throttled = 0;

// A tiny local endpoint: checks every signature, answers DescribeRegions after 20 ms, and
// throttles every 7th request with `Throttling.User` (as Alibaba Cloud does under load).
const server = await serveFetch(async (request) => {
  const auth = await verifyRequest(request, { testid: 'testsecret' });
  if (!auth.ok) return Response.json({ Code: auth.code, Message: auth.message }, { status: auth.status });
  served++;
  peak = Math.max(peak, ++inFlight);
  await new Promise((resolve) => setTimeout(resolve, 20));
  inFlight--;
  if (served % 7 === 0) {
    throttled++;
    return Response.json(
      {
        Code: 'Throttling.User',
        Message: 'Request was denied due to user flow control.',
        RequestId: `R${served}`,
      },
      { status: 400, headers: { 'x-acs-retry-after': '0.01' } },
    );
  }
  const Region = REGIONS.map((RegionId) => ({ RegionId, LocalName: RegionId, Status: 'available' }));
  return Response.json({ RequestId: `R${served}`, Regions: { Region } });
});

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
  'requests served (incl. throttled)': served,
  'throttled answers (each retried)': throttled,
  'peak server concurrency': peak,
  poolSize: s.poolSize,
  completed: s.completed,
  rejected: s.rejected,
  failed: s.failed,
  cancelled: s.cancelled,
  'wall time (ms)': Math.round(performance.now() - t0),
});
if (peak > s.poolSize) {
  console.error('peak concurrency exceeded poolSize');
  process.exit(1);
}
