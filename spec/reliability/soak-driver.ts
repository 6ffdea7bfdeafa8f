/**
 * The soak: many logical calls of every kind through one EcsClient's pool, fed by `poolFrom` (which
 * never overflows the queue) plus bursts subscribed directly (which do, and get `QueueFullError`),
 * while a seeded tenth of the calls are unsubscribed at random moments: after a random delay, or
 * when a random number of other calls have ended. Optionally `shutdown()` once half are issued.
 *
 * Every call is tracked on its own: its values, completions, errors, and whether we cancelled it
 * before it ended. `runSoak` resolves when every call has ended (no sleeping: each end is counted
 * as it happens). Jest-free, so that the child-process mini-soak can use it too.
 */
import { Observable, type Subscription } from 'rxjs';
import type { EcsClient } from '../../src/clients/ecs/ecs-client.js';
import { poolFrom } from '../../src/operators/with-pool.js';
import type { PoolStats } from '../../src/pool/pool-stats.js';
import { Prng } from '../../src/testing/ecs/prng.js';
import { MARKER } from './recording-cloud.js';

/** The kinds of call in the mix. */
export const CALL_KINDS = [
  'DescribeInstanceStatus',
  'DescribeRegions',
  'StopInstance',
  'StartInstance',
  'TagResources',
  'RunInstances',
] as const;
export type CallKind = (typeof CALL_KINDS)[number];

/** Mutating actions the soak sends without a ClientToken: never safe to send again. */
export const UNSAFE_TO_REPEAT: ReadonlySet<string> = new Set([
  'StopInstance',
  'StartInstance',
  'TagResources',
]);

// Cumulative weights of the mix, in the order of CALL_KINDS.
const MIX: readonly [CallKind, number][] = [
  ['DescribeInstanceStatus', 0.35],
  ['DescribeRegions', 0.5],
  ['StopInstance', 0.65],
  ['StartInstance', 0.8],
  ['TagResources', 0.9],
  ['RunInstances', 1],
];

/**
 * When we unsubscribe: `delay` ms after subscribing (mostly while queued), once `count` other calls
 * have ended (queued or in flight), or `ms` after its first request reached the server (in flight:
 * its HTTP request is aborted, at times while the server is still answering it).
 */
type CancelPlan =
  { after: 'delay'; ms: number } | { after: 'ends'; count: number } | { after: 'arrived'; ms: number };

/** One logical call and everything that happened to it. */
export interface CallRecord {
  readonly index: number;
  readonly kind: CallKind;
  /** `pool`: fed by poolFrom; `burst`: subscribed directly, all at once. */
  readonly path: 'pool' | 'burst';
  readonly cancelPlan: CancelPlan | undefined;
  issued: boolean;
  /** Subscribed after `shutdown()` was called. */
  afterShutdown: boolean;
  values: number;
  completions: number;
  errors: unknown[];
  /** We unsubscribed it before it ended. */
  cancelled: boolean;
  /** The InstanceIdSet a successful RunInstances returned. */
  created?: string[];
}

export interface SoakOptions {
  client: EcsClient;
  /** Logical calls in all, bursts included. */
  calls: number;
  /** Sizes of the direct bursts: the first fires before the feed starts, the others spread over the run. */
  bursts: readonly number[];
  /** Fraction of calls unsubscribed at a random moment. */
  cancelRate: number;
  /** The server's news of each request that arrives (for the `arrived` cancel plans). */
  server: { whenArrived(listener: (call: number) => void): void };
  /** Instances the power and tag calls pick from. */
  instanceIds: readonly string[];
  seed: number;
  /** Call `shutdown()` once this many calls have been issued (then fire one more burst). */
  shutdownAfterIssued?: number;
  /** Give up (and say which calls never ended) after this long. */
  watchdogMs: number;
}

export interface SoakReport {
  records: CallRecord[];
  /** The pool's counters once every call had ended. */
  stats: PoolStats;
  elapsedMs: number;
  /** When shutdown was asked: calls issued so far, and calls still running when it resolved. */
  shutdown?: { issuedBefore: number; unendedWhenResolved: number };
}

function planCalls(options: SoakOptions): CallRecord[] {
  const random = new Prng(options.seed);
  const burstTotal = options.bursts.reduce((a, b) => a + b, 0);
  const poolCount = options.calls - burstTotal;
  return Array.from({ length: options.calls }, (_, index): CallRecord => {
    const draw = random.next();
    const kind = MIX.find(([, upTo]) => draw < upTo)?.[0] ?? 'DescribeRegions';
    let cancelPlan: CancelPlan | undefined;
    if (random.chance(options.cancelRate)) {
      const when = random.next();
      cancelPlan =
        when < 1 / 3
          ? { after: 'delay', ms: random.chance(0.5) ? random.int(0, 5) : random.int(0, 150) }
          : when < 2 / 3
            ? { after: 'ends', count: random.int(1, 600) }
            : { after: 'arrived', ms: random.chance(0.5) ? 0 : random.int(1, 6) };
    }
    return {
      index,
      kind,
      path: index < poolCount ? 'pool' : 'burst',
      cancelPlan,
      issued: false,
      afterShutdown: false,
      values: 0,
      completions: 0,
      errors: [],
      cancelled: false,
    };
  });
}

/** `request` plus the marker parameter (see MARKER); the typed request types do not know it. */
function marked<T extends object>(request: T, index: number): T {
  return { ...request, [MARKER]: String(index) };
}

function call$(client: EcsClient, record: CallRecord, random: Prng, ids: readonly string[]) {
  const i = record.index;
  const id = random.pick(ids);
  switch (record.kind) {
    case 'DescribeInstanceStatus':
      return client.describeInstanceStatus$(marked({ PageSize: 50, PageNumber: random.int(1, 4) }, i));
    case 'DescribeRegions':
      return client.describeRegions$(marked({}, i));
    case 'StopInstance':
      return client.stopInstance$(marked({ InstanceId: id }, i));
    case 'StartInstance':
      return client.startInstance$(marked({ InstanceId: id }, i));
    case 'TagResources':
      return client.tagResources$(
        marked({ ResourceType: 'instance', ResourceId: [id], Tag: [{ Key: 'soak', Value: `c${i}` }] }, i),
      );
    case 'RunInstances': {
      // No ClientToken given: the client fills one in per logical call, the same on every retry.
      const request = { InstanceType: 'ecs.g7.large', ImageId: 'aliyun_3_x64_20G_alibase_20240528.vhd' };
      return client.runInstances$(marked({ ...request, Amount: 1 }, i));
    }
  }
}

/** Runs the soak; resolves once every call has ended. */
export function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { client } = options;
  const records = planCalls(options);
  const random = new Prng(options.seed ^ 0x50a4);
  const started = performance.now();
  const poolRecords = records.filter((r) => r.path === 'pool');
  const burstQueue = records.filter((r) => r.path === 'burst');
  const [firstBurst = 0, ...laterBursts] = options.bursts;
  // Later bursts fire when this many calls have ended, spread evenly over the run.
  const burstAt = laterBursts.map((size, k) => ({
    ends: Math.floor((options.calls * (k + 1)) / (laterBursts.length + 1)),
    size,
  }));
  const atEnds = new Map<number, (() => void)[]>();
  // Calls to cancel a while after their first request reached the server, by index.
  const onArrived = new Map<number, () => void>();
  options.server.whenArrived((call) => {
    const arm = onArrived.get(call);
    onArrived.delete(call);
    arm?.();
  });
  let issued = 0;
  let ended = 0;
  let latestStats: PoolStats | undefined;
  const statsSubscription = client.poolStats$.subscribe((s) => (latestStats = s));
  let shutdownInfo: SoakReport['shutdown'];
  let shutdownPromise: Promise<void> | undefined;

  return new Promise<SoakReport>((resolve, reject) => {
    const endedFlags = new Uint8Array(records.length);
    const hasEnded = (r: CallRecord) => endedFlags[r.index] === 1;
    // A hang detector, not a wait: it fails the soak with the calls that never ended.
    const watchdog = setTimeout(() => {
      const open = records.filter((r) => r.issued && !hasEnded(r)).map((r) => `${r.index}:${r.kind}`);
      const never = records.filter((r) => !r.issued).length;
      reject(
        new Error(
          `the soak did not end within ${options.watchdogMs} ms: ${ended}/${records.length} ended; ` +
            `never issued ${never}; open ${open.slice(0, 20).join(', ')}`,
        ),
      );
    }, options.watchdogMs);

    const finish = async () => {
      clearTimeout(watchdog);
      await shutdownPromise;
      statsSubscription.unsubscribe();
      resolve({
        records,
        stats: latestStats as PoolStats,
        elapsedMs: performance.now() - started,
        ...(shutdownInfo ? { shutdown: shutdownInfo } : {}),
      });
    };

    const fireBurst = (size: number) => {
      for (const record of burstQueue.splice(0, size)) issue(record);
    };

    const onEnd = (record: CallRecord) => {
      endedFlags[record.index] = 1;
      // What follows may end other calls re-entrantly (a cancel, a refused burst): use this end's number.
      const count = ++ended;
      const due = atEnds.get(count);
      if (due) {
        atEnds.delete(count);
        for (const cancel of due) cancel();
      }
      for (const burst of burstAt) {
        if (burst.ends === count) fireBurst(burst.size);
      }
      if (count === records.length) void finish();
    };

    // Subscribes one call; `done` is told when it ends (success, error or our cancellation).
    const issue = (record: CallRecord, done?: () => void): (() => void) => {
      record.issued = true;
      issued++;
      record.afterShutdown = client.closed;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let over = false;
      const end = () => {
        if (over) return;
        over = true;
        clearTimeout(timer);
        onArrived.delete(record.index);
        onEnd(record);
        done?.();
      };
      const subscription: Subscription = call$(client, record, random, options.instanceIds).subscribe({
        next: () => void record.values++,
        error: (error: unknown) => {
          record.errors.push(error);
          end();
        },
        complete: () => {
          record.completions++;
          end();
        },
      });
      const cancel = () => {
        if (over) return;
        record.cancelled = true;
        subscription.unsubscribe();
        end();
      };
      const plan = record.cancelPlan;
      if (!over && plan?.after === 'delay') timer = setTimeout(cancel, plan.ms);
      if (!over && plan?.after === 'arrived') {
        // 0: at once, inside the server's handler (which then notices the closed socket mid-answer).
        onArrived.set(record.index, () => (plan.ms === 0 ? cancel() : (timer = setTimeout(cancel, plan.ms))));
      }
      if (!over && plan?.after === 'ends') {
        const at = ended + plan.count;
        atEnds.set(at, [...(atEnds.get(at) ?? []), cancel]);
      }
      if (options.shutdownAfterIssued === issued) {
        shutdownPromise = client.shutdown().then(() => {
          if (shutdownInfo)
            shutdownInfo.unendedWhenResolved = records.filter((r) => r.issued && !hasEnded(r)).length;
        });
        shutdownInfo = { issuedBefore: issued, unendedWhenResolved: -1 };
        // Calls after shutdown must be refused with ClientClosedError, bursts included.
        queueMicrotask(() => fireBurst(burstQueue.length));
      }
      return cancel;
    };

    fireBurst(firstBurst);
    poolFrom(poolRecords, client, (record) => {
      return new Observable<never>((subscriber) => {
        const cancel = issue(record, () => subscriber.complete());
        return cancel;
      });
    }).subscribe({ error: (error: unknown) => reject(error) });
  });
}
