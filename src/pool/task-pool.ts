import { Observable, type SchedulerLike, type Subscribable, type Subscriber } from 'rxjs';
import { ClientClosedError } from '../errors/client-closed-error.js';
import { QueueFullError } from '../errors/queue-full-error.js';
import { LinkedQueue } from './linked-queue.js';
import { PoolCall, type PoolCallHost, type Outcome } from './pool-call.js';
import type { PoolStats } from './pool-stats.js';
import { RoomSignal } from './room-signal.js';

/** The two knobs of the pool; `null` means "async off": unlimited, no queue. */
export interface PoolLimits {
  readonly poolSize: number;
  readonly maxTaskQueueSize: number;
}

/**
 * The client's task pool: `mergeMap(task, poolSize)` behind a bounded FIFO buffer that rejects
 * beyond `maxTaskQueueSize` with `QueueFullError`. Each `run$(task)` is cold and is one call (its first value ends it): on subscribe the
 * task starts if a slot is free, waits if the queue has room, or errors at once. Unsubscribing a
 * waiting task unlinks it in O(1); unsubscribing a running one unsubscribes the task (which aborts
 * its request) and hands the slot to the next in line a microtask later, not at once: a parent
 * Subscription or `takeUntil` cancels its calls in subscription order, running ones first, and
 * would otherwise start (sign, send) each waiting call only to cancel it a moment later. A call
 * subscribed meanwhile waits behind the ones queued before it (the hand-on starts them in order)
 * and is admitted if its place in line is within the freed slots plus `maxTaskQueueSize`.
 *
 * Written by hand rather than with `mergeMap` itself because mergeMap's buffer is an array
 * (`shift()` is O(n)), cannot drop a buffered item on cancel, and has a fixed concurrency.
 */
export class TaskPool implements PoolCallHost {
  private readonly queue = new LinkedQueue<PoolCall<unknown>>();
  private readonly listeners = new Set<Subscriber<PoolStats>>();
  private readonly room = new RoomSignal();
  private poolLimits: PoolLimits | null;
  private running = 0;
  private counts = { completed: 0, failed: 0, rejected: 0, cancelled: 0, retries: 0 };
  private draining = false;
  // True while a drain deferred by a cancel is scheduled (one per burst of cancels).
  private handOnPending = false;
  private closing: Promise<void> | undefined;
  private resolveIdle: (() => void) | undefined;
  // > 0 while a call's outcome is being delivered: shutdown() resolves only after that.
  private delivering = 0;
  // Running calls that wait for a budget's lease (counted queued, not active), each by the way to
  // end it unsent (shutdown with cancelQueued).
  private readonly budgetWaiters = new Set<(error: Error) => void>();

  /** Live statistics: the current value on subscribe, then every change. */
  readonly stats$: Observable<PoolStats> = new Observable<PoolStats>((subscriber) => {
    this.listeners.add(subscriber);
    subscriber.next(this.stats());
    return () => this.listeners.delete(subscriber);
  });

  /**
   * Emits when room may have appeared, and only then: a running call ended (after its slot was
   * handed on, also when a cancel defers that), a waiting call left the queue, the limits changed,
   * or shutdown (then it completes; subscribed later, it emits and completes at once).
   */
  readonly room$: Observable<void> = this.room.room$;

  /**
   * @param scheduler Where a slot freed by a cancel is handed on; by default a microtask
   * (`queueMicrotask`). A marble test passes `asapScheduler` to see it in virtual time.
   */
  constructor(
    limits: PoolLimits | null,
    private readonly scheduler?: SchedulerLike,
  ) {
    this.poolLimits = limits;
  }

  get limits(): PoolLimits | null {
    return this.poolLimits;
  }

  /** True once `shutdown()` was called. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** A snapshot of the counters. */
  stats(): PoolStats {
    return {
      poolSize: this.poolLimits?.poolSize ?? 0,
      maxTaskQueueSize: this.poolLimits?.maxTaskQueueSize ?? 0,
      active: this.running - this.budgetWaiters.size,
      queued: this.queue.size + this.budgetWaiters.size,
      waitingForBudget: this.budgetWaiters.size,
      // Written out: a spread here is a V8 slow path, on every change while anyone listens.
      completed: this.counts.completed,
      failed: this.counts.failed,
      rejected: this.counts.rejected,
      cancelled: this.counts.cancelled,
      retries: this.counts.retries,
    };
  }

  /** Changes the limits for what comes next; nothing already admitted is dropped. */
  setLimits(limits: PoolLimits): void {
    this.poolLimits = limits;
    this.drain();
    this.changed();
    this.room.fire();
  }

  /** True when a call subscribed now would start or wait rather than be rejected. */
  hasRoom(): boolean {
    const limits = this.poolLimits;
    return !this.closed && (!limits || this.admits(limits));
  }

  /**
   * An Observable that counts one call that never reached the pool (refused at admission, or
   * cancelled before it) and errors with `error`.
   */
  refuse$<T>(error: Error, outcome: 'rejected' | 'cancelled' = 'rejected'): Observable<T> {
    return new Observable<T>((subscriber) => {
      this.counts[outcome]++;
      this.changed();
      subscriber.error(error);
    });
  }

  /** Runs `task` through the pool; see the class comment. */
  run$<T>(task: Observable<T> | Subscribable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.closed) {
        this.counts.rejected++;
        this.changed();
        subscriber.error(new ClientClosedError());
        return;
      }
      const limits = this.poolLimits;
      if (limits && !this.admits(limits)) {
        this.counts.rejected++;
        this.changed();
        subscriber.error(new QueueFullError(limits.poolSize, limits.maxTaskQueueSize));
        return;
      }
      const call = new PoolCall(this, task, subscriber);
      // Never a drain here: a call subscribed during a cancel cascade (by a withPool runner woken
      // by room$, or by a stats$ listener) would start a waiting call the cascade is about to cancel.
      if (!limits || (this.queue.size === 0 && this.running < limits.poolSize)) {
        call.start();
      } else {
        call.node = this.queue.push(call);
        this.changed();
      }
      return call;
    });
  }

  /**
   * A running call starts waiting for a budget's lease: it holds its slot but counts as queued, not
   * active, until the returned function is called. `abandon` ends it unsent if the pool shuts down
   * with `cancelQueued` meanwhile (the pool has forgotten it by then).
   */
  waitForBudget(abandon: (error: Error) => void): () => void {
    this.budgetWaiters.add(abandon);
    this.changed();
    return () => {
      if (this.budgetWaiters.delete(abandon)) this.changed();
    };
  }

  /** Counts one retried attempt (the call keeps its slot). */
  countRetry(): void {
    this.counts.retries++;
    this.changed();
  }

  /** @internal A call took a slot; its task is subscribed next, then {@link TaskPool.announce}d. */
  began(): void {
    this.running++;
  }

  /**
   * @internal Emits the stats once a started call's task has been subscribed, not before: a
   * listener that subscribes a call from this emission must not have its task subscribed first.
   */
  announce(): void {
    this.changed();
  }

  /**
   * @internal A call ended: count it and hand its slot on. Idle is settled only in
   * {@link TaskPool.delivered}, after the call's outcome reached its consumer, so
   * `await shutdown()` never resumes before the last call's own consumer has heard of it.
   */
  ended(call: PoolCall<unknown>, wasActive: boolean, outcome: Outcome): void {
    this.delivering++;
    if (call.node) this.queue.remove(call.node);
    if (wasActive) this.running--;
    this.counts[outcome]++;
    // A slot freed by a cancel is handed on later, and room$ is told after that hand-on.
    const later = wasActive && outcome === 'cancelled' && this.handOnLater();
    if (wasActive && !later) this.drain();
    this.changed();
    if (!later) this.room.fire();
  }

  /** @internal The outcome of the call that ended last has been delivered. */
  delivered(): void {
    this.delivering--;
    this.settleIdle();
  }

  /**
   * Refuses new calls from now on; resolves once every admitted call has ended. With
   * `cancelQueued`, the calls still waiting in the queue end at once with a `ClientClosedError`
   * (counted failed: they were admitted); running ones go on. Idempotent: a later call returns
   * the same promise (and may still cancel what waits). Leaves no timer behind.
   */
  shutdown(options?: { cancelQueued?: boolean }): Promise<void> {
    if (!this.closing) {
      this.closing = new Promise<void>((resolve) => (this.resolveIdle = resolve));
      this.changed();
      this.room.end();
    }
    if (options?.cancelQueued) {
      // Every waiting call leaves the line first, so that nothing its consumer does on hearing of
      // the end (enableAsync, say) can start another; then each ends as a failed call.
      const queued: PoolCall<unknown>[] = [];
      for (let call = this.queue.shift(); call; call = this.queue.shift()) {
        call.node = undefined;
        queued.push(call);
      }
      const leasing = [...this.budgetWaiters];
      this.budgetWaiters.clear();
      this.changed();
      for (const call of queued) call.abandon(new ClientClosedError(true));
      for (const abandon of leasing) abandon(new ClientClosedError(true));
    }
    return this.closing;
  }

  // A new call's place in line is behind every waiting call: it is admitted if that place is
  // within the free slots (a cancel's pending hand-on starts it) or, past them, within the queue.
  // Slots stand free while calls wait only until that hand-on, so nobody is refused meanwhile.
  private admits(limits: PoolLimits): boolean {
    return this.queue.size < Math.max(0, limits.poolSize - this.running) + limits.maxTaskQueueSize;
  }

  // Starts queued tasks while slots are free. Re-entrant calls (a task that ends synchronously
  // inside start) return at once; the outer loop carries on, so the stack stays flat.
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.size > 0 && (!this.poolLimits || this.running < this.poolLimits.poolSize)) {
        (this.queue.shift() as PoolCall<unknown>).start();
      }
    } finally {
      this.draining = false;
    }
  }

  // A cancel hands its slot on after the synchronous turn it happened in (see the class comment).
  // Idle cannot settle meanwhile: the calls waiting for the slot are still in the queue. False when
  // nobody waits for the slot: there is nothing to hand on.
  private handOnLater(): boolean {
    if (this.handOnPending) return true;
    if (this.queue.size === 0) return false;
    this.handOnPending = true;
    if (this.scheduler) this.scheduler.schedule(() => this.handOn());
    else queueMicrotask(() => this.handOn());
    return true;
  }

  private handOn(): void {
    this.handOnPending = false;
    this.drain();
    this.room.fire();
  }

  private settleIdle(): void {
    if (this.resolveIdle && this.delivering === 0 && this.running === 0 && this.queue.size === 0) {
      this.resolveIdle();
      this.resolveIdle = undefined;
    }
  }

  private changed(): void {
    this.settleIdle();
    if (this.listeners.size === 0) return;
    const snapshot = this.stats();
    for (const listener of this.listeners) listener.next(snapshot);
  }
}
