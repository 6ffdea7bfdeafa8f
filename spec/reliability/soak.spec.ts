// The soak: 20,000 calls of every kind through one pool against a faulty fake cloud, with random
// cancellations and queue overflow; then a soak that shuts the client down halfway.
import { appendFileSync } from 'node:fs';
import { catchError, from, lastValueFrom, of, toArray } from 'rxjs';
import { nodeHttpTransport } from '../../src/http/node-http-transport.js';
import { EcsClient } from '../../src/clients/ecs/ecs-client.js';
import { Config } from '../../src/config.js';
import { StsTokenCredential } from '../../src/credentials/sts-token-credential.js';
import { ClientClosedError } from '../../src/errors/client-closed-error.js';
import { QueueFullError } from '../../src/errors/queue-full-error.js';
import { poolFrom, withPool } from '../../src/operators/with-pool.js';
import type { PoolStats } from '../../src/pool/pool-stats.js';
import type { CallEvent } from '../../src/events/call-event.js';
import type { Logger } from '../../src/events/logger.js';
import { startRecordingCloud, type RecordingCloud } from './recording-cloud.js';
import {
  SOAK_ACCESS_KEY_ID,
  SOAK_ACCOUNT,
  SOAK_SECRET,
  SOAK_TOKEN,
  SecretScan,
  captureConsole,
  type ConsoleCapture,
} from './secrets.js';
import {
  clientTokenViolations,
  endStats,
  notEndedExactlyOnce,
  outcomeMismatches,
  sendsByCall,
  tally,
  unsafeResends,
} from './soak-checks.js';
import { UNSAFE_TO_REPEAT, runSoak, type SoakReport } from './soak-driver.js';

const POOL_SIZE = 20;
const QUEUE_SIZE = 500;
const MAX_RETRIES = 5;
// A soak takes ~30 s (20,000 calls) and ~8 s (6,000) on 2 cores; `--detectOpenHandles` makes it
// about 4 times slower. The watchdog ends a hung soak with the calls that never ended, before
// Jest's timeout would end it with nothing to say.
const SOAK_WATCHDOG_MS = 160_000;
const SHUTDOWN_SOAK_WATCHDOG_MS = 60_000;

const clouds: RecordingCloud[] = [];
const clients: EcsClient[] = [];
let output: ConsoleCapture;
// Everything the soak clients' logger (Config.withLogger) was given, scanned for secrets too.
const logged: string[] = [];
const record = (line: string) => void logged.push(line);
const soakLogger: Logger = { debug: record, info: record, warn: record, error: record };

beforeAll(() => {
  output = captureConsole();
});

afterAll(async () => {
  output.restore();
  await Promise.all(clients.map((client) => client.shutdown()));
  await Promise.all(clouds.map((cloud) => cloud.close()));
});

/** A fake cloud with ~5% throttling, 2% 503, 1% resets and 0–5 ms latency, behind the recorder. */
async function faultyCloud(seed: number): Promise<RecordingCloud> {
  const cloud = await startRecordingCloud({
    seed,
    regions: ['cn-hangzhou'],
    instancesPerRegion: 200,
    transitionMs: 50,
    accounts: [SOAK_ACCOUNT],
    faults: { latencyMs: { min: 0, max: 5 }, throttleRate: 0.05, errorRate: 0.02, resetRate: 0.01 },
  });
  clouds.push(cloud);
  return cloud;
}

/** How a soak client sends: ky over fetch (the default) or `nodeHttpTransport()`. */
type Send = (config: Config, cloud: RecordingCloud) => Config;
const overFetch: Send = (config, cloud) => config.withFetch(cloud.fetch);
const overNodeHttp: Send = (config, cloud) => config.withTransport(cloud.transport(nodeHttpTransport()));

function soakClient(
  cloud: RecordingCloud,
  send: Send = overFetch,
  pool = POOL_SIZE,
  queue = QUEUE_SIZE,
): EcsClient {
  const config = send(new Config().withEndpoint(cloud.url), cloud)
    .withEnableAsync(true)
    .withPoolSize(pool)
    .withMaxTaskQueueSize(queue)
    .withRetryBackoff(1, 20)
    .withMaxRetryTime(MAX_RETRIES)
    .withLogger(soakLogger);
  const client = new EcsClient(
    'cn-hangzhou',
    config,
    new StsTokenCredential(SOAK_ACCESS_KEY_ID, SOAK_SECRET, SOAK_TOKEN),
  );
  clients.push(client);
  return client;
}

const instanceIds = (cloud: RecordingCloud) =>
  cloud.cloud.state.listInstances('cn-hangzhou').map((instance) => instance.InstanceId);

/**
 * The secrets check every soak ends with: its errors, the console, everything logged, every event
 * told (when recorded), every signature sent.
 */
function leaksOf(
  report: SoakReport,
  cloud: RecordingCloud,
  events: readonly CallEvent[] = [],
): { leaks: string[]; scan: SecretScan } {
  const scan = new SecretScan();
  for (const line of logged) scan.add('logger', line);
  for (const event of events) scan.add(`${event.type} event`, JSON.stringify(event));
  for (const signature of cloud.signatures) scan.addSignature(signature);
  for (const record of report.records) {
    for (const error of record.errors) scan.add(`call ${record.index}`, error);
  }
  for (const line of output.lines) scan.add('console', line);
  return { leaks: scan.leaks(), scan };
}

/**
 * With `SOAK_REPORT=<file>`, each soak appends its counts there as one JSON line (the README's
 * Reliability numbers); without it, nothing is written.
 */
function reportCounts(name: string, counts: ReturnType<typeof tally>, extra: Record<string, unknown>): void {
  const file = process.env.SOAK_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify({ soak: name, ...counts, ...extra })}\n`);
}

describe.each([
  ['ky over fetch', overFetch],
  ['nodeHttpTransport', overNodeHttp],
])('a soak of 20,000 calls through one pool against a faulty cloud (%s)', (transportName, send) => {
  it(
    'ends every call exactly once, within the pool, never repeating an unsafe call nor leaking a secret',
    async () => {
      const cloud = await faultyCloud(7);
      const ecs = soakClient(cloud, send);
      const before = cloud.cloud.state.listInstances('cn-hangzhou').length;
      logged.length = 0;
      const events: CallEvent[] = [];
      const listening = ecs.events$.subscribe((event) => events.push(event));

      const report = await runSoak({
        client: ecs,
        server: cloud,
        calls: 20_000,
        bursts: [700, 400, 400, 400],
        cancelRate: 0.1,
        instanceIds: instanceIds(cloud),
        seed: 20_000,
        watchdogMs: SOAK_WATCHDOG_MS,
      });
      listening.unsubscribe();
      const { records, stats } = report;
      const counts = tally(records);
      const byCall = sendsByCall(cloud.seen);

      // events$ told every call once queued and once ended, as the calls' own outcomes say.
      const ofType = (type: CallEvent['type']) => events.filter((e) => e.type === type).length;
      expect(ofType('queued')).toBe(20_000);
      expect(ofType('succeeded')).toBe(counts.successes);
      expect(ofType('failed')).toBe(counts.failures + counts.rejections);
      expect(ofType('cancelled')).toBe(counts.cancellations);
      expect(ofType('attempt')).toBeGreaterThanOrEqual(cloud.seen.length);
      // The logger wrote one line per attempt (but one cancelled mid-way) and one per failed call,
      // each a line of JSON without a '%'.
      const lastOfCall = new Map<number, CallEvent['type']>();
      let cancelledMidAttempt = 0;
      for (const event of events) {
        if (event.type === 'cancelled' && lastOfCall.get(event.callId) === 'attempt') cancelledMidAttempt++;
        lastOfCall.set(event.callId, event.type);
      }
      const lines = logged.map((line) => JSON.parse(line) as { msg: string });
      expect(lines.filter((l) => l.msg === 'alicloud-rx attempt')).toHaveLength(
        ofType('attempt') - cancelledMidAttempt,
      );
      expect(lines.filter((l) => l.msg === 'alicloud-rx call failed')).toHaveLength(ofType('failed'));
      expect(logged.filter((line) => line.includes('%'))).toEqual([]);
      // Not even the names of what holds a secret (the header, the query parameter, the fields).
      expect(
        logged.filter((line) => /authorization|signature|accesskeysecret|securitytoken/i.test(line)),
      ).toEqual([]);

      // Every call ended exactly once, and the four outcomes add up, here and in poolStats.
      expect(notEndedExactlyOnce(records)).toEqual([]);
      expect(counts.successes + counts.failures + counts.rejections + counts.cancellations).toBe(20_000);
      expect(stats).toMatchObject(endStats(counts));
      expect(stats.completed + stats.failed + stats.rejected + stats.cancelled).toBe(20_000);

      // Every fault happened, and a tenth of the calls were cancelled (minus those that ended first).
      expect(cloud.cloud.stats.throttled).toBeGreaterThan(0);
      expect(cloud.cloud.stats.resets).toBeGreaterThan(0);
      expect(cloud.cloud.stats.injectedErrors).toBeGreaterThan(0);
      expect(counts.cancellations).toBeGreaterThan(1_000);
      // Many of them caught a call in flight: its request had reached the server. (The server
      // itself rarely notices: under load it has mostly answered before the closed socket reaches it.)
      const cancelledInFlight = records.filter((r) => r.cancelled && byCall.has(r.index));
      expect(cancelledInFlight.length).toBeGreaterThan(200);
      expect(counts.cancellations).toBeLessThanOrEqual(records.filter((r) => r.cancelPlan).length);

      // Only the direct bursts overflow the queue; poolFrom never meets QueueFullError.
      expect(Object.keys(counts.rejectionsByCode)).toEqual(['SDK.AsyncTaskQueueFull']);
      expect(counts.rejections).toBeGreaterThan(0);
      const rejected = records.filter((r) => r.errors[0] instanceof QueueFullError);
      expect(rejected.every((r) => r.path === 'burst')).toBe(true);

      // Failures are the faults no retry may hide (unsafe calls) and the API's own refusals.
      const unsafeCodes = new Set(['ServiceUnavailable', 'SDK.NetworkError', 'IncorrectInstanceStatus']);
      expect(Object.keys(counts.failuresByCode).filter((code) => !unsafeCodes.has(code))).toEqual([]);

      // The server never had more than poolSize calls open at once (each counted until it was
      // answered or its client aborted it: see RecordingCloud.fetch), and saw only the soak's calls.
      expect(cloud.peakOpen).toBeLessThanOrEqual(POOL_SIZE);
      expect(cloud.peakOpen).toBeGreaterThan(POOL_SIZE / 2);
      expect(cloud.seen).toHaveLength(cloud.cloud.stats.requests);
      expect(cloud.seen.filter((s) => s.call < 0)).toEqual([]);
      expect([...byCall.values()].every((sends) => sends.length <= 1 + MAX_RETRIES)).toBe(true);

      // No mutating call without ClientToken went out again after an answer that may hide its
      // execution; some were rightly retried after Throttling, which runs nothing.
      expect(unsafeResends(records, byCall)).toEqual([]);
      const retriedUnsafe = records.filter(
        (r) => UNSAFE_TO_REPEAT.has(r.kind) && (byCall.get(r.index)?.length ?? 0) > 1,
      );
      expect(retriedUnsafe.length).toBeGreaterThan(0);
      // Safe calls (read-only, or RunInstances with its ClientToken) were retried past 503s and resets.
      const retriedPastFault = records.filter((r) =>
        (byCall.get(r.index) ?? [])
          .slice(0, -1)
          .some((s) => s.outcome === 'ServiceUnavailable' || s.outcome === 'Reset'),
      );
      expect(retriedPastFault.length).toBeGreaterThan(0);
      expect(retriedPastFault.every((r) => !UNSAFE_TO_REPEAT.has(r.kind))).toBe(true);

      // Each call ended as the server last answered it.
      expect(outcomeMismatches(records, byCall)).toEqual([]);

      // RunInstances: one ClientToken per call on every send; never more instances than tokens.
      expect(clientTokenViolations(records, byCall)).toEqual([]);
      const tokens = new Set(cloud.seen.filter((s) => s.action === 'RunInstances').map((s) => s.clientToken));
      const created = cloud.cloud.state.listInstances('cn-hangzhou').length - before;
      const succeeded = records.filter((r) => r.kind === 'RunInstances' && r.completions === 1).length;
      expect(created).toBeGreaterThanOrEqual(succeeded);
      expect(created).toBeLessThanOrEqual(tokens.size);

      // Retries: each resend was counted; a counted retry whose resend never came was cancelled.
      const resends = cloud.seen.length - byCall.size;
      expect(stats.retries).toBeGreaterThanOrEqual(resends);
      expect(stats.retries).toBeLessThanOrEqual(resends + counts.cancellations);

      // Nothing was printed and no process warning (a listener leak would raise one) was emitted.
      expect(output.lines).toEqual([]);
      // No secret in any error or console line; every request's signature was checked for.
      const { leaks, scan } = leaksOf(report, cloud, events);
      expect(scan.signatureCount).toBe(cloud.seen.length);
      expect(scan.textCount).toBeGreaterThan(logged.length + events.length);
      expect(leaks).toEqual([]);
      reportCounts(`20,000 calls, ${transportName}`, counts, {
        retries: stats.retries,
        serverRequests: cloud.seen.length,
        throttled: cloud.cloud.stats.throttled,
        injected503: cloud.cloud.stats.injectedErrors,
        resets: cloud.cloud.stats.resets,
        peakOpen: cloud.peakOpen,
        cancelledInFlight: cancelledInFlight.length,
        retriedUnsafeAfterThrottling: retriedUnsafe.length,
        retriedPastFault: retriedPastFault.length,
        runInstancesCreated: created,
        runInstancesTokens: tokens.size,
      });
    },
    SOAK_WATCHDOG_MS + 15_000,
  );
});

describe('shutting a client down in the middle of a soak', () => {
  it(
    'lets the admitted calls finish, refuses every later one with ClientClosedError and resolves',
    async () => {
      const cloud = await faultyCloud(11);
      const ecs = soakClient(cloud);

      const report = await runSoak({
        client: ecs,
        server: cloud,
        calls: 6_000,
        bursts: [700, 400],
        cancelRate: 0.1,
        instanceIds: instanceIds(cloud),
        seed: 6_000,
        shutdownAfterIssued: 3_000,
        watchdogMs: SHUTDOWN_SOAK_WATCHDOG_MS,
      });
      const { records, stats } = report;
      const counts = tally(records);

      // Nothing hung and nothing was dropped: every call ended exactly once and is counted.
      expect(notEndedExactlyOnce(records)).toEqual([]);
      expect(stats).toMatchObject(endStats(counts));
      expect(counts.successes + counts.failures + counts.rejections + counts.cancellations).toBe(6_000);

      // Shutdown resolved only once every admitted call had ended.
      expect(report.shutdown).toEqual({ issuedBefore: 3_000, unendedWhenResolved: 0 });
      expect(ecs.closed).toBe(true);

      // Before: no ClientClosedError. After: nothing but ClientClosedError, and nothing sent.
      const before = records.filter((r) => !r.afterShutdown);
      const after = records.filter((r) => r.afterShutdown);
      expect(before).toHaveLength(3_000);
      expect(before.filter((r) => r.errors[0] instanceof ClientClosedError)).toEqual([]);
      expect(after.filter((r) => !(r.errors[0] instanceof ClientClosedError))).toEqual([]);
      expect(counts.rejectionsByCode['SDK.ClientShutdown']).toBe(3_000);
      const byCall = sendsByCall(cloud.seen);
      expect(after.filter((r) => byCall.has(r.index))).toEqual([]);
      expect(before.filter((r) => r.completions === 1).length).toBeGreaterThan(1_000);

      // The same guarantees as the full soak hold for the admitted half.
      expect(unsafeResends(records, byCall)).toEqual([]);
      expect(outcomeMismatches(records, byCall)).toEqual([]);
      expect(cloud.peakOpen).toBeLessThanOrEqual(POOL_SIZE);

      // A call made now is refused at once, and a second shutdown resolves too.
      await expect(ecs.describeRegions({})).rejects.toBeInstanceOf(ClientClosedError);
      await expect(ecs.shutdown()).resolves.toBeUndefined();

      const { leaks } = leaksOf(report, cloud);
      expect(leaks).toEqual([]);
      reportCounts('6,000 calls, shutdown after 3,000, ky over fetch', counts, {
        serverRequests: cloud.seen.length,
        sentAfterShutdown: after.filter((r) => byCall.has(r.index)).length,
        unendedWhenShutdownResolved: report.shutdown?.unendedWhenResolved,
      });
    },
    SHUTDOWN_SOAK_WATCHDOG_MS + 15_000,
  );

  it('ends withPool and poolFrom pipelines that wait for room when the client shuts down', async () => {
    const cloud = await startRecordingCloud({
      regions: ['cn-hangzhou'],
      accounts: [SOAK_ACCOUNT],
      faults: { latencyMs: 20 },
    });
    clouds.push(cloud);
    const ecs = soakClient(cloud, overFetch, 2, 2);

    // poolFrom fills the pool (2 running, 2 waiting) and catches each call's error to go on.
    const items = Array.from({ length: 12 }, (_, i) => i);
    const first = lastValueFrom(
      poolFrom(items, ecs, () =>
        ecs
          .describeRegions$({})
          .pipe(
            catchError((error: unknown) => of(error instanceof ClientClosedError ? 'closed' : 'other error')),
          ),
      ).pipe(toArray()),
    );
    // withPool finds the pool full of the other pipeline's calls and waits for room.
    const second = lastValueFrom(from(items).pipe(withPool(ecs, () => ecs.describeRegions$({}))));
    let stats: PoolStats | undefined;
    ecs.poolStats$.subscribe((s) => (stats = s)).unsubscribe();
    expect(stats).toMatchObject({ active: 2, queued: 2 });
    const closed = ecs.shutdown();

    // The waiting pipeline ends with ClientClosedError instead of waiting forever; the first
    // one's four admitted calls finish and its other items are each refused.
    await expect(second).rejects.toBeInstanceOf(ClientClosedError);
    const results = await first;
    expect(results.filter((r) => r === 'closed')).toHaveLength(8);
    expect(results.filter((r) => typeof r === 'object')).toHaveLength(4);
    await closed;
    expect(cloud.seen).toHaveLength(4);
  });
});
