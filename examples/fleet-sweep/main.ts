// `npm start`: the fleet sweep. Against the embedded fake cloud (default) or, with credentials in
// the environment, against Alibaba Cloud (read-only unless --apply): list regions, page every
// instance, stop the running ones tagged auto-stop=true through the pool, wait until Stopped.
//
// Flags: --pool N (10)  --queue N (100)  --regions a,b  --endpoint URL  --apply  --instances N (fake)
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
import { startFakeCloud, type RunningFakeCloud } from '../../src/testing/server.js';
import { LatencyRecorder } from './latency.js';
import { ProgressLine } from './progress.js';
import { sweep } from './sweep.js';

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

const ecs = new EcsClient('cn-hangzhou', config, credential);
const latency = new LatencyRecorder();
let phase = 'starting';
let stats: PoolStats | undefined;
const progress = new ProgressLine(() => phase);
const live = ecs.poolStats$.pipe(auditTime(100)).subscribe((s) => {
  stats = s;
  progress.update(s, fake?.cloud.stats.throttled ?? 0);
});
const t0 = performance.now();
const result = await sweep(ecs, {
  regions: flags.regions?.split(',').map((r) => r.trim()),
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
