// `npm start`: the fleet sweep. Against the embedded fake cloud (default) or, with credentials in
// the environment, against Alibaba Cloud (read-only unless --apply): list regions, page every
// instance, stop the running ones tagged auto-stop=true through the pool, wait until Stopped.
//
// Flags: --pool N (10)  --queue N (100)  --regions a,b  --endpoint URL  --apply  --instances N (fake)
//        --dry-run: list what would be stopped, send no StopInstance   --json: the summary as JSON
//        --grace S (5): on Ctrl-C / SIGTERM, seconds in-flight calls get before they are aborted
//        --trace: an OpenTelemetry span summary of the run (slowest calls, throttled attempts)
//        --workers N (1): split the regions over N processes; --redis URL: share one adaptive
//        budget (concurrency --pool, rate ceiling --rate, 300/s) through Redis
//        --stop-latency MS (fake cloud): StopInstance answers after MS, to try Ctrl-C mid-stop
import { parseArgs } from 'node:util';
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
import { CallStats } from './call-stats.js';
import { onInterrupt, type InterruptHandlers } from './interrupt.js';
import { ProgressDisplay, duration } from './progress.js';
import { summarize, summaryText, type SweepSummary } from './summary.js';
import { sweep } from './sweep.js';
import { SweepState } from './sweep-state.js';
import { startTrace } from './trace-summary.js';
import { mergeSummaries, runWorkers, shardOf } from './workers.js';

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
    'dry-run': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    grace: { type: 'string', default: '5' },
    trace: { type: 'boolean', default: false },
    instances: { type: 'string', default: '150' },
    'stop-latency': { type: 'string', default: '0' },
    'progress-every': { type: 'string', default: '3' },
    workers: { type: 'string', default: '1' },
    redis: { type: 'string' },
    rate: { type: 'string', default: '300' },
    key: { type: 'string' },
    worker: { type: 'string' }, // internal: this process is worker i/n
  },
});
// Listening from the start: a signal before the sweep runs ends the job at once (nothing was sent);
// the sweep's own handling replaces these below. In worker mode, the parent passes signals on.
const interruption: InterruptHandlers = {
  first: (signal) => {
    process.stderr.write(`${signal} before the sweep started: nothing was sent\n`);
    process.exit(130);
  },
  second: () => process.exit(130),
};
if (!(Number(flags.workers) > 1 && flags.worker === undefined))
  onInterrupt(
    { first: (signal) => interruption.first(signal), second: (signal) => interruption.second(signal) },
    Number(process.env.FLEET_SWEEP_SAME_SIGNAL_MS ?? 250),
  );
const number = (name: string, raw: string, integer = true) => {
  const n = Number(raw);
  if (!(integer ? Number.isInteger(n) : Number.isFinite(n)) || n < 0 || raw.trim() === '')
    throw new Error(`--${name} must be a ${integer ? 'whole ' : ''}number >= 0, got ${JSON.stringify(raw)}`);
  return n;
};

// With --json, stdout holds the JSON summary only; everything else goes to stderr.
const human = flags.json ? process.stderr : process.stdout;
const say = (text: string) => human.write(`${text}\n`);
const shard = shardOf(flags.worker);
const graceMs = number('grace', flags.grace, false) * 1000;

const realCloud = !flags.endpoint && Boolean(process.env.ALIBABA_CLOUD_ACCESS_KEY_ID);
const dryRun = flags['dry-run'] || (realCloud && !flags.apply);
let fake: RunningFakeCloud | undefined;
let credential: CredentialProvider;
let config = new Config()
  .withEnableAsync(true)
  .withPoolSize(number('pool', flags.pool))
  .withMaxTaskQueueSize(number('queue', flags.queue))
  .withMaxRetryTime(8)
  .withUserAgent('fleet-sweep');
if (realCloud) {
  credential = defaultCredentialProvider(); // env first, then the CLI and credentials-file profiles, then the ECS RAM role
  if (!shard)
    say(
      `Alibaba Cloud with credentials from the environment (${dryRun ? 'read-only: nothing is stopped; --apply to stop' : 'APPLY: instances will be stopped'})`,
    );
} else {
  const stopLatency = number('stop-latency', flags['stop-latency']);
  fake = flags.endpoint
    ? undefined
    : await startFakeCloud({
        regions: FAKE_REGIONS,
        instancesPerRegion: number('instances', flags.instances),
        transitionMs: 1000,
        faults: {
          latencyMs: { min: 2, max: 12 },
          throttleQps: 150,
          ...(stopLatency > 0 ? { actions: { StopInstance: { latencyMs: stopLatency } } } : {}),
        },
      });
  config = config.withEndpoint(flags.endpoint ?? fake!.url);
  credential = new AccessKeyCredential('testid', 'testsecret');
  if (!shard)
    say(
      fake
        ? `embedded fake cloud at ${fake.url} (${FAKE_REGIONS.length} regions, throttling at 150 calls/s)${dryRun ? '; dry run: nothing is stopped' : ''}`
        : `endpoint ${flags.endpoint}${dryRun ? '; dry run: nothing is stopped' : ''}`,
    );
}
const workers = number('workers', flags.workers);
if (flags.trace && workers > 1) {
  process.stderr.write('--trace traces one process: run it without --workers\n');
  process.exit(2);
}
const key =
  flags.key ?? `fleet-sweep:${process.env.ALIBABA_CLOUD_ACCESS_KEY_ID ?? `fake-${process.pid}`}:ecs`;
const serverStats = (): SweepSummary['server'] => {
  const s = fake?.cloud.stats;
  return s ? { requests: s.requests, throttled: s.throttled, peakInFlight: s.peakInFlight } : null;
};
const finish = async (summary: SweepSummary, extra = '') => {
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    if (extra) say(extra.trim());
  } else say(summaryText(summary) + extra);
  await Promise.race([fake?.close(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  process.exit(summary.exitCode);
};

if (workers > 1 && !shard) {
  // The parent: the fake cloud is here; the workers sweep their shares of the regions.
  const args = [
    ...[
      '--pool',
      flags.pool,
      '--queue',
      flags.queue,
      '--rate',
      flags.rate,
      '--key',
      key,
      '--grace',
      flags.grace,
      '--progress-every',
      flags['progress-every'],
    ],
    ...(flags.regions ? ['--regions', flags.regions] : []),
    ...(flags.apply ? ['--apply'] : []),
    ...(flags['dry-run'] ? ['--dry-run'] : []),
    ...(flags.redis ? ['--redis', flags.redis] : []),
    ...(fake ? ['--endpoint', fake.url] : flags.endpoint ? ['--endpoint', flags.endpoint] : []),
  ];
  say(
    `${workers} workers, ${flags.redis ? `sharing one redisBudget (${flags.redis}, key ${key})` : 'each with its own pool (no --redis)'}`,
  );
  const t0 = performance.now();
  const summaries = await runWorkers(workers, args, (line) => say(line)).catch(async (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    await fake?.close();
    process.exit(1);
  });
  const limit = flags.redis ? number('pool', flags.pool) : workers * number('pool', flags.pool);
  const merged = mergeSummaries(summaries, serverStats(), performance.now() - t0, limit);
  await finish(
    merged,
    `\n  ${flags.redis ? 'budget concurrency (all workers)' : 'pools (workers × poolSize)'}: ${limit}`,
  );
}

// One process (or one worker): the sweep itself.
const budget = flags.redis
  ? redisBudget({
      url: flags.redis,
      key,
      concurrency: number('pool', flags.pool),
      rate: { limit: number('rate', flags.rate), perMs: 1000 },
      adaptive: true,
    })
  : undefined;
if (budget) config = config.withBudget(budget);
const ecs = new EcsClient('cn-hangzhou', config, credential);
const state = new SweepState();
const stats = new CallStats(new Set(['StopInstance']));
const counting = ecs.events$.subscribe((event) => stats.add(event));
const trace = flags.trace ? startTrace(ecs) : undefined;
let pool: PoolStats | undefined;
const watching = ecs.poolStats$.subscribe((s) => (pool = s));
const progress = new ProgressDisplay(
  human,
  { state, stats, pool: () => pool },
  {
    tty: Boolean((human as NodeJS.WriteStream).isTTY) && !shard,
    everyMs: number('progress-every', flags['progress-every'], false) * 1000,
    ...(shard ? { label: `worker ${flags.worker}` } : {}),
  },
);
state.onPhaseEnd = (phase) => progress.phaseEnded(phase);
progress.start();

// Ctrl-C / SIGTERM: the first stops admitting work, cancels what waits in the pool, and gives what
// is in flight `--grace` seconds; a second one (or the end of the grace period) aborts it.
const interrupt = new AbortController();
const abort = new AbortController();
let graceTimer: NodeJS.Timeout | undefined;
const abortNow = (why: string) => {
  if (abort.signal.aborted) return;
  state.aborted = true;
  progress.note(why);
  abort.abort();
};
interruption.first = (signal) => {
  state.interrupted = signal;
  const at = pool;
  progress.note(
    `${signal}: stopping. No new calls; ${at?.queued ?? 0} queued cancelled; waiting up to ${duration(graceMs)} for ${at?.active ?? 0} in flight (again to abort now)`,
  );
  interrupt.abort();
  void ecs.shutdown({ cancelQueued: true });
  graceTimer = setTimeout(
    () => abortNow(`grace period of ${duration(graceMs)} over: aborting what is still in flight`),
    graceMs,
  );
};
interruption.second = (signal) => abortNow(`${signal} again: aborting what is in flight now`);

const t0 = performance.now();
let failure: unknown;
await sweep(ecs, {
  regions: flags.regions?.split(',').map((r) => r.trim()),
  ...(shard ? { shard } : {}),
  apply: !dryRun,
  pollMs: 250,
  state,
  interrupt: interrupt.signal,
  abort: abort.signal,
}).catch((error: unknown) => (failure = error));
const wallMs = performance.now() - t0;
clearTimeout(graceTimer);
// The sweep is over: a signal now only hurries the ending along (nothing is left to stop).
interruption.first = () => undefined;
interruption.second = () => process.exit(state.interrupted ? 130 : 1);
progress.stop();
// What is still in flight (after an abort: nothing, or calls being torn down) ends quickly.
await Promise.race([ecs.shutdown(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
await budget?.close();
counting.unsubscribe();
watching.unsubscribe();
if (failure !== undefined) {
  const e = failure as { code?: string; message?: string };
  process.stderr.write(`fleet sweep failed: ${e.code ?? 'Error'}: ${e.message ?? String(failure)}\n`);
  await fake?.close();
  process.exit(1);
}
const summary = summarize(state, stats, {
  dryRun,
  server: serverStats(),
  wallMs,
  poolSize: ecs.poolLimits?.poolSize ?? 0,
});
if (shard) {
  // A worker: its summary for the parent, nothing else.
  process.stdout.write(`RESULT ${JSON.stringify(summary)}\n`);
  process.exit(summary.exitCode);
}
await finish(summary, trace ? `\n\n${trace.summary()}` : '');
