// `npm start`: the fleet sweep. Against the embedded fake cloud (default) or, with credentials in
// the environment, against Alibaba Cloud (read-only unless --apply): list regions, page every
// instance, stop the running ones tagged auto-stop=true through the pool, wait until Stopped.
//
// Flags: --pool N (10)  --queue N (100)  --regions a,b  --endpoint URL  --apply  --instances N (fake)
//        --workers N (1): split the regions over N processes; --redis URL: share one adaptive
//        budget (concurrency --pool, rate ceiling --rate, 300/s) through Redis
import { parseArgs } from 'node:util';
import { auditTime } from 'rxjs';
import {
  AccessKeyCredential,
  Config,
  EcsClient,
  type CredentialProvider,
  type PoolStats,
} from '../../src/index.node.js'; // what 'alicloud-rx' is in Node: node:crypto and node:http by default
import { defaultCredentialProvider } from '../../src/node.js';
import { redisBudget } from '../../src/redis/redis-budget.js';
import { startFakeCloud, type RunningFakeCloud } from '../../src/testing/server.js';
import { LatencyRecorder } from './latency.js';
import { ProgressLine } from './progress.js';
import { sweep } from './sweep.js';
import { runWorkers, shardOf, type WorkerReport } from './workers.js';

const FAKE_REGIONS = [
  'cn-hangzhou',
  'cn-shanghai',
  'cn-beijing',
  'cn-shenzhen',
  'cn-qingdao',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-chengdu',
  'cn-hongkong',
  'ap-southeast-1',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-northeast-1',
  'ap-northeast-2',
  'us-west-1',
  'us-east-1',
  'eu-central-1',
  'eu-west-1',
  'me-east-1',
];

const { values: flags } = parseArgs({
  options: {
    pool: { type: 'string', default: '10' },
    queue: { type: 'string', default: '100' },
    regions: { type: 'string' },
    endpoint: { type: 'string' },
    apply: { type: 'boolean', default: false },
    instances: { type: 'string', default: '150' },
    workers: { type: 'string', default: '1' },
    redis: { type: 'string' },
    rate: { type: 'string', default: '300' },
    key: { type: 'string' },
    worker: { type: 'string' }, // internal: this process is worker i/n
  },
});
const int = (name: string, raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return n;
};

const realCloud = !flags.endpoint && Boolean(process.env.ALIBABA_CLOUD_ACCESS_KEY_ID);
let fake: RunningFakeCloud | undefined;
let credential: CredentialProvider;
let config = new Config()
  .withEnableAsync(true)
  .withPoolSize(int('pool', flags.pool))
  .withMaxTaskQueueSize(int('queue', flags.queue))
  .withMaxRetryTime(8)
  .withUserAgent('fleet-sweep');
if (realCloud) {
  credential = defaultCredentialProvider(); // env first, then the CLI and credentials-file profiles, then the ECS RAM role
  console.log(
    `Alibaba Cloud with credentials from the environment (${flags.apply ? 'APPLY: instances will be stopped' : 'read-only; --apply to stop'})`,
  );
} else {
  fake = flags.endpoint
    ? undefined
    : await startFakeCloud({
        regions: FAKE_REGIONS,
        instancesPerRegion: int('instances', flags.instances),
        transitionMs: 1000,
        faults: { latencyMs: { min: 2, max: 12 }, throttleQps: 150 },
      });
  config = config.withEndpoint(flags.endpoint ?? fake!.url);
  credential = new AccessKeyCredential('testid', 'testsecret');
  console.log(
    fake
      ? `embedded fake cloud at ${fake.url} (${FAKE_REGIONS.length} regions, throttling at 150 calls/s)`
      : `endpoint ${flags.endpoint}`,
  );
}
const apply = flags.apply || !realCloud;
const shard = shardOf(flags.worker);
const workers = int('workers', flags.workers);
const key =
  flags.key ?? `fleet-sweep:${process.env.ALIBABA_CLOUD_ACCESS_KEY_ID ?? `fake-${process.pid}`}:ecs`;
// With --redis every process of the run shares one budget: --pool calls in flight in all, and an
// adaptive rate that starts at --rate per second and settles on what the cloud allows.
const budget = flags.redis
  ? redisBudget({
      url: flags.redis,
      key,
      concurrency: int('pool', flags.pool),
      rate: { limit: int('rate', flags.rate), perMs: 1000 },
      adaptive: true,
    })
  : undefined;
if (budget) config = config.withBudget(budget);

if (workers > 1 && !shard) {
  // The parent: the fake cloud is here; the workers sweep their shares of the regions.
  const args = [
    '--pool',
    flags.pool,
    '--queue',
    flags.queue,
    '--rate',
    flags.rate,
    '--key',
    key,
    ...(flags.regions ? ['--regions', flags.regions] : []),
    ...(flags.apply ? ['--apply'] : []),
    ...(flags.redis ? ['--redis', flags.redis] : []),
    ...(fake ? ['--endpoint', fake.url] : flags.endpoint ? ['--endpoint', flags.endpoint] : []),
  ];
  console.log(
    `${workers} workers, ${flags.redis ? `sharing one redisBudget (${flags.redis}, key ${key})` : 'each with its own pool (no --redis)'}`,
  );
  const t0 = performance.now();
  const reports: WorkerReport[] = await runWorkers(workers, args).catch(async (error: unknown) => {
    console.error(String(error));
    await fake?.close();
    process.exit(1);
  });
  const wall = performance.now() - t0;
  const sum = (f: (r: WorkerReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  const server = fake?.cloud.stats;
  const limit = flags.redis ? int('pool', flags.pool) : workers * int('pool', flags.pool);
  console.log('\nfleet sweep summary');
  console.table({
    workers,
    regions: sum((r) => r.result.regions),
    'instances seen': sum((r) => r.result.seen),
    'running + auto-stop=true': sum((r) => r.result.targets),
    'stopped (reached Stopped)': apply ? sum((r) => r.result.stopped) : 'read-only',
    'failed to stop': sum((r) => r.result.failed),
    'calls (clients)': sum((r) => r.calls),
    'retries (clients)': sum((r) => r.retries),
    ...(server
      ? {
          'requests (server)': server.requests,
          'throttled (server)': `${server.throttled} (${((100 * server.throttled) / Math.max(1, server.requests)).toFixed(1)} %)`,
          'peak concurrency (server)': server.peakInFlight,
        }
      : {}),
    [flags.redis ? 'budget concurrency (all workers)' : 'pools (workers × poolSize)']: limit,
    'wall time (s)': (wall / 1000).toFixed(2),
  });
  await fake?.close();
  if (sum((r) => r.result.failed) > 0 || (server && server.peakInFlight > limit)) process.exitCode = 1;
  process.exit();
}

const ecs = new EcsClient('cn-hangzhou', config, credential);
const latency = new LatencyRecorder();
let phase = 'starting';
let stats: PoolStats | undefined;
const progress = new ProgressLine(() => (shard ? '' : phase));
const live = ecs.poolStats$.pipe(auditTime(100)).subscribe((s) => {
  stats = s;
  progress.update(s, fake?.cloud.stats.throttled ?? 0);
});
const t0 = performance.now();
const result = await sweep(ecs, {
  regions: flags.regions?.split(',').map((r) => r.trim()),
  ...(shard ? { shard } : {}),
  apply,
  pollMs: 250,
  latency,
  phase: (p) => (phase = p),
}).catch(async (error: unknown) => {
  progress.done();
  const e = error as { code?: string; message?: string };
  console.error(`fleet sweep failed: ${e.code ?? 'Error'}: ${e.message ?? String(error)}`);
  await ecs.shutdown();
  await fake?.close();
  process.exit(1);
});
const wallMs = performance.now() - t0;
live.unsubscribe();
progress.done();
await ecs.shutdown();
await budget?.close();
if (shard) {
  // A worker: its report for the parent, nothing else.
  const report: WorkerReport = {
    result: {
      regions: result.regions,
      seen: result.seen,
      targets: result.targets.length,
      stopped: result.stopped,
      failed: result.failed.length,
    },
    calls: latency.count,
    retries: stats?.retries ?? 0,
  };
  console.log(`RESULT ${JSON.stringify(report)}`);
  process.exit(0);
}
const final = stats ?? { completed: 0, failed: 0, retries: 0, poolSize: ecs.poolLimits?.poolSize ?? 0 };

const server = fake?.cloud.stats;
const rows: Record<string, string | number> = {
  regions: result.regions,
  'instances seen': result.seen,
  'running + auto-stop=true': result.targets.length,
  'stopped (reached Stopped)': apply ? result.stopped : 'read-only',
  'failed to stop': result.failed.length,
  'calls (client)': latency.count,
  'retries (client)': final.retries,
  ...(server
    ? {
        'requests (server)': server.requests,
        'throttled (server)': server.throttled,
        'peak concurrency (server)': server.peakInFlight,
      }
    : {}),
  poolSize: final.poolSize,
  'wall time (s)': (wallMs / 1000).toFixed(2),
  'latency p50 (ms, incl. queue)': latency.percentile(50).toFixed(1),
  'latency p95 (ms, incl. queue)': latency.percentile(95).toFixed(1),
};
console.log('\nfleet sweep summary');
console.table(rows);
await fake?.close();

const ok =
  result.failed.length === 0 &&
  (!apply || result.stopped === result.targets.length) &&
  (!server || server.peakInFlight <= final.poolSize);
if (!ok) {
  console.error('sweep incomplete: see the summary above');
  process.exitCode = 1;
}
