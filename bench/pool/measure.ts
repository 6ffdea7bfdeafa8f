import { Observable, Subscription } from 'rxjs';
import { CONCURRENCY, observableTask, type Contender, type PoolClass } from './contenders.js';

/** Two full collections, so one run's garbage is not billed to the next. */
export function collectGarbage(): void {
  if (!globalThis.gc) throw new Error('run with node --expose-gc (npm run bench:pool)');
  globalThis.gc();
  globalThis.gc();
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Calls of the untimed run between the forced GC and the timed run. */
const REWARM_CALLS = 10_000;

/** Wall time of one run of `n` calls in ms, or undefined if it passed `timeoutMs`. */
export async function timeRun(
  contender: Contender,
  n: number,
  timeoutMs: number,
): Promise<number | undefined> {
  collectGarbage();
  // A full GC also throws away optimized code that embedded objects it freed ("weak objects"
  // deopts), which would bill a fresh JIT warm-up to every short run: re-warm, untimed.
  await contender.run(Math.min(n, REWARM_CALLS), Infinity);
  const start = performance.now();
  const finished = await contender.run(n, start + timeoutMs);
  const elapsed = performance.now() - start;
  return finished ? elapsed : undefined;
}

export interface QueuedResult {
  readonly n: number;
  /** Retained heap per call while queued (its Subscription, closures and queue node). */
  readonly bytesPerQueuedCall: number;
  /** Time to unsubscribe the n - 10 queued calls one by one, in subscription order. */
  readonly cancelMs: number;
}

/** Queues `n` calls behind our pool, weighs them, then cancels them all. */
export function measureQueued(Pool: PoolClass, n: number): QueuedResult {
  const pool = new Pool({ poolSize: CONCURRENCY, maxTaskQueueSize: n });
  const observer = { error: (error: unknown) => console.error(error) };
  const subscriptions: Subscription[] = Array.from({ length: n }); // allocated before the baseline
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) subscriptions[i] = pool.run$(observableTask).subscribe(observer);
  collectGarbage();
  const bytesPerQueuedCall = (process.memoryUsage().heapUsed - before) / n;

  const start = performance.now();
  for (let i = CONCURRENCY; i < n; i++) subscriptions[i]!.unsubscribe();
  const cancelMs = performance.now() - start;
  for (let i = 0; i < CONCURRENCY; i++) subscriptions[i]!.unsubscribe();

  const { queued, active, cancelled } = pool.stats();
  if (queued !== 0 || active !== 0 || cancelled !== n) throw new Error('cancel left calls behind');
  return { n, bytesPerQueuedCall, cancelMs };
}

/** Running calls ahead of the queue in {@link measureCascade}: a pool of 20, all slots busy. */
export const CASCADE_SLOTS = 20;

export interface CascadeResult {
  readonly order: 'forward' | 'reverse';
  /** Calls waiting behind the {@link CASCADE_SLOTS} running ones. */
  readonly queued: number;
  /** Median time of the parent's `unsubscribe()` and of the hand-on it left behind, in ms. */
  readonly cancelMs: number;
  readonly samplesMs: number[];
  /**
   * Tasks the cancel started (subscribed), the most of any run: each would be signed and sent,
   * then cancelled by the same cascade a moment later.
   */
  readonly started: number;
}

/**
 * One parent Subscription holds `queued` calls waiting behind 20 running ones whose tasks never
 * end (a slow server), then is unsubscribed: `forward` cancels them in subscription order (as a
 * parent Subscription, `takeUntil` or a destroyed component does), running ones first;
 * `reverse` newest first. Counts the tasks the cancel started.
 */
export async function measureCascade(
  Pool: PoolClass,
  queued: number,
  order: 'forward' | 'reverse',
  runs: number,
): Promise<CascadeResult> {
  const samplesMs: number[] = [];
  let started = 0;
  for (let run = 0; run < runs; run++) {
    const pool = new Pool({ poolSize: CASCADE_SLOTS, maxTaskQueueSize: queued });
    let subscribed = 0;
    const task = new Observable<never>(() => void subscribed++);
    const n = CASCADE_SLOTS + queued;
    const subscriptions: Subscription[] = Array.from({ length: n });
    for (let i = 0; i < n; i++) subscriptions[i] = pool.run$(task).subscribe();
    const parent = new Subscription();
    if (order === 'forward') for (const s of subscriptions) parent.add(s);
    else for (let i = n - 1; i >= 0; i--) parent.add(subscriptions[i]);
    collectGarbage();

    const before = subscribed;
    const start = performance.now();
    parent.unsubscribe();
    await Promise.resolve(); // the hand-on deferred by the cancel, if any
    samplesMs.push(performance.now() - start);
    await new Promise<void>((resolve) => setImmediate(resolve)); // anything it started, counted
    started = Math.max(started, subscribed - before);

    const { queued: left, active, cancelled } = pool.stats();
    if (left !== 0 || active !== 0 || cancelled !== n) throw new Error('cancel left calls behind');
  }
  return { order, queued, cancelMs: median(samplesMs), samplesMs, started };
}
