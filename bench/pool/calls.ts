/**
 * `bench:pool -- --calls`: the pool at scale with real calls. Real `EcsClient.describeInstances$`
 * calls (parameters, ACS3 signing with node:crypto via `useNodeCrypto()`, ky, parsing, retry
 * pipeline) through a pool of 10 whose queue holds them all, against a cheap in-process fetch
 * handler:
 *
 * - time and CPU per call for N = 10k and 100k (and 1M with --full: ~5 minutes), all N subscribed
 *   at once (N - 10 of them queued): is the cost per call flat in N?
 * - bytes per queued call, and the time to cancel Q queued calls one by one (Q = 100k; 500k with
 *   --full), against a handler that never answers.
 *
 * The handler answers a fixed DescribeInstances page (2 instances) in a later task (setImmediate),
 * as a network answer always arrives, and checks the signature of one request in 1,000. In a
 * later task, because V8 keeps the target of every WeakRef made during a task alive until that
 * task's microtasks are all done (ky's `AbortSignal.any` and undici's `Request` make ~5 per call):
 * a run that never left the microtask queue would hold ~5 KB per call until it ended.
 */
import { performance, PerformanceObserver } from 'node:perf_hooks';
import type { Subscription } from 'rxjs';
import type * as AlicloudRx from '../../src/index.js';
import type * as AlicloudRxNode from '../../src/node.js';
import type * as Testing from '../../src/testing/index.js';
import { collectGarbage, median } from './measure.js';

export interface CallsResult {
  sizes: {
    n: number;
    runs: number;
    usPerCall: number;
    cpuUsPerCall: number;
    /** Time in garbage collection (PerformanceObserver 'gc' entries), per call. */
    gcUsPerCall: number;
    samplesMs: number[];
  }[];
  flatness: number;
  queued: { n: number; bytesPerQueuedCall: number; cancelMs: number; cancelNsPerCall: number };
  verified: number;
}

const POOL_SIZE = 10;
const VERIFY_EVERY = 1000;

const BODY = JSON.stringify({
  RequestId: '5D6F4D1B-0E4C-4B65-9A7E-1F2E3D4C5B6A',
  TotalCount: 100,
  NextToken: 'e87c8a7494d5c9bad1d507779597d400',
  Instances: {
    Instance: ['i-bp1oqg48r89s6vchbxlo', 'i-bp1b8hkxmtd2n6e1pq5c'].map((InstanceId, i) => ({
      InstanceId,
      InstanceName: `worker-00${i + 1}`,
      RegionId: 'cn-hangzhou',
      ZoneId: 'cn-hangzhou-k',
      Status: 'Running',
      InstanceType: 'ecs.u1-c1m2.large',
      Cpu: 2,
      Memory: 4096,
      VpcAttributes: { VpcId: 'vpc-bp1txu4misb6dhfy3045', PrivateIpAddress: { IpAddress: ['172.16.0.3'] } },
      Tags: { Tag: [{ TagKey: 'env', TagValue: 'staging' }] },
    })),
  },
});

export async function measureCalls(options: { dist: boolean; full: boolean }): Promise<CallsResult> {
  const root = new URL('../../', import.meta.url);
  const { Config, EcsClient, AccessKeyCredential } = (await import(
    new URL(options.dist ? 'dist/index.js' : 'src/index.ts', root).href
  )) as typeof AlicloudRx;
  // A Node program signs with node:crypto (README, "Faster signing in Node").
  const { useNodeCrypto } = (await import(
    new URL(options.dist ? 'dist/node.js' : 'src/node.ts', root).href
  )) as typeof AlicloudRxNode;
  useNodeCrypto();
  const { verifyRequest } = (await import(
    new URL(options.dist ? 'dist/testing/index.js' : 'src/testing/index.ts', root).href
  )) as typeof Testing;

  let requests = 0;
  let verified = 0;
  const refused: string[] = [];
  const answer = async (request: Request): Promise<Response> => {
    if (++requests % VERIFY_EVERY === 0) {
      const result = await verifyRequest(request, { testid: 'testsecret' });
      verified++;
      if (!result.ok) refused.push(result.code);
    }
    await new Promise((resolve) => setImmediate(resolve));
    return new Response(BODY, { headers: { 'content-type': 'application/json;charset=utf-8' } });
  };
  const client = (queue: number, fetch: (request: Request) => Promise<Response>) =>
    new EcsClient(
      'cn-hangzhou',
      new Config()
        .withEnableAsync(true)
        .withPoolSize(POOL_SIZE)
        .withMaxTaskQueueSize(queue)
        .withEndpoint('http://ecs.cn-hangzhou.fake.local')
        .withFetch(fetch),
      new AccessKeyCredential('testid', 'testsecret'),
    );
  const request = { MaxResults: 2 };

  // One long-lived client, as an application has (see bench/pool/contenders.ts on why).
  const SIZES = options.full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
  const ecs = client(Math.max(...SIZES), answer);
  /** Subscribes n calls at once and resolves when all have ended. */
  const run = (n: number) =>
    new Promise<void>((resolve, reject) => {
      let left = n;
      const observer = {
        complete: () => {
          if (--left === 0) resolve();
        },
        error: reject,
      };
      for (let i = 0; i < n; i++) ecs.describeInstances$(request).subscribe(observer);
    });

  await run(5_000); // warm-up
  let gcMs = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const sizes: CallsResult['sizes'] = [];
  for (const n of SIZES) {
    const runs = n <= 10_000 ? 5 : n <= 100_000 ? 2 : 1;
    const samplesMs: number[] = [];
    const cpuUs: number[] = [];
    const gcSamplesMs: number[] = [];
    for (let r = 0; r < runs; r++) {
      collectGarbage();
      await run(Math.min(n, 5_000)); // re-warm after the forced GC, untimed
      await new Promise((resolve) => setImmediate(resolve)); // let the observer report that GC
      const cpu = process.cpuUsage();
      const gcBefore = gcMs;
      const start = performance.now();
      await run(n);
      samplesMs.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      cpuUs.push(used.user + used.system);
      await new Promise((resolve) => setImmediate(resolve));
      gcSamplesMs.push(gcMs - gcBefore);
    }
    const usPerCall = (median(samplesMs) * 1000) / n;
    const cpuUsPerCall = median(cpuUs) / n;
    const gcUsPerCall = (median(gcSamplesMs) * 1000) / n;
    sizes.push({ n, runs, usPerCall, cpuUsPerCall, gcUsPerCall, samplesMs });
    console.log(
      `  ${n.toLocaleString('en')} real calls: ${usPerCall.toFixed(1)} µs/call, ` +
        `CPU ${cpuUsPerCall.toFixed(1)} µs/call, of which GC ${gcUsPerCall.toFixed(1)} µs (median of ${runs})`,
    );
  }
  gcObserver.disconnect();
  if (refused.length > 0) throw new Error(`signatures refused: ${refused.join(', ')}`);
  await ecs.shutdown();

  // --- queued: a handler that never answers (until aborted), so all but 10 wait ---
  const q = options.full ? 500_000 : 100_000;
  const stuck = client(
    q,
    (req) =>
      new Promise<Response>((_, reject) =>
        req.signal.addEventListener('abort', () => reject(req.signal.reason)),
      ),
  );
  const subscriptions: Subscription[] = Array.from({ length: q + POOL_SIZE }); // allocated before the baseline
  const observer = { error: () => undefined };
  collectGarbage();
  await new Promise((resolve) => setImmediate(resolve));
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < q + POOL_SIZE; i++)
    subscriptions[i] = stuck.describeInstances$(request).subscribe(observer);
  await new Promise((resolve) => setImmediate(resolve)); // the 10 running calls reach the handler
  collectGarbage();
  const bytesPerQueuedCall = (process.memoryUsage().heapUsed - before) / q;
  const start = performance.now();
  for (let i = POOL_SIZE; i < q + POOL_SIZE; i++) subscriptions[i]!.unsubscribe();
  const cancelMs = performance.now() - start;
  for (let i = 0; i < POOL_SIZE; i++) subscriptions[i]!.unsubscribe();
  let stats: AlicloudRx.PoolStats | undefined;
  stuck.poolStats$.subscribe((s) => (stats = s)).unsubscribe();
  if (stats?.queued !== 0 || stats.active !== 0 || stats.cancelled !== q + POOL_SIZE) {
    throw new Error(`cancel left calls behind: ${JSON.stringify(stats)}`);
  }
  await stuck.shutdown();
  console.log(
    `  ${q.toLocaleString('en')} queued real calls: ${bytesPerQueuedCall.toFixed(0)} bytes each; ` +
      `cancelled one by one in ${cancelMs.toFixed(0)} ms (${((cancelMs * 1e6) / q).toFixed(0)} ns each)`,
  );

  const flatness = sizes.at(-1)!.usPerCall / sizes[0]!.usPerCall;
  return {
    sizes,
    flatness,
    queued: { n: q, bytesPerQueuedCall, cancelMs, cancelNsPerCall: (cancelMs * 1e6) / q },
    verified,
  };
}
