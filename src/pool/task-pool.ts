import { Observable, take, type Subscriber, type Subscription } from 'rxjs';
import { ClientClosedError } from '../errors/client-closed-error.js';
import { QueueFullError } from '../errors/queue-full-error.js';
import { LinkedQueue, type QueueNode } from './linked-queue.js';
import type { PoolStats } from './pool-stats.js';

/** The two knobs of the pool; `null` means "async off": unlimited, no queue. */
export interface PoolLimits {
  readonly poolSize: number;
  readonly maxTaskQueueSize: number;
}

type Outcome = 'completed' | 'failed' | 'cancelled';

/**
 * The client's task pool: `mergeMap(task, poolSize)` behind a bounded FIFO buffer that rejects
 * beyond `maxTaskQueueSize` with `QueueFullError`. Each `run$(task)` is cold and is one call (its first value ends it): on subscribe the
 * task starts if a slot is free, waits if the queue has room, or errors at once. Unsubscribing a
 * waiting task unlinks it in O(1); unsubscribing a running one unsubscribes the task (which aborts
 * its request) and hands the slot to the next in line.
 *
 * Written by hand rather than with `mergeMap` itself because mergeMap's buffer is an array
 * (`shift()` is O(n)), cannot drop a buffered item on cancel, and has a fixed concurrency.
 */
export class TaskPool {
  private readonly queue = new LinkedQueue<() => void>();
  private readonly listeners = new Set<Subscriber<PoolStats>>();
  private poolLimits: PoolLimits | null;
  private running = 0;
  private counts = { completed: 0, failed: 0, rejected: 0, cancelled: 0 };
  private draining = false;
  private closing: Promise<void> | undefined;
  private resolveIdle: (() => void) | undefined;
  // > 0 while a call's outcome is being delivered: shutdown() resolves only after that.
  private delivering = 0;

  /** Live statistics: the current value on subscribe, then every change. */
  readonly stats$: Observable<PoolStats> = new Observable<PoolStats>((subscriber) => {
    this.listeners.add(subscriber);
    subscriber.next(this.stats());
    return () => this.listeners.delete(subscriber);
  });

  constructor(limits: PoolLimits | null) {
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
      active: this.running,
      queued: this.queue.size,
      ...this.counts,
    };
  }

  /** Changes the limits for what comes next; nothing already admitted is dropped. */
  setLimits(limits: PoolLimits): void {
    this.poolLimits = limits;
    this.drain();
    this.changed();
  }

  /** True when a call subscribed now would start or wait rather than be rejected. */
  hasRoom(): boolean {
    const limits = this.poolLimits;
    return (
      !this.closed && (!limits || this.running < limits.poolSize || this.queue.size < limits.maxTaskQueueSize)
    );
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
  run$<T>(task: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.closed) {
        this.counts.rejected++;
        this.changed();
        subscriber.error(new ClientClosedError());
        return;
      }
      let state: 'queued' | 'active' | 'done' = 'queued';
      let inner: Subscription | undefined;
      let node: QueueNode<() => void> | undefined;

      // Ends the call, then delivers its outcome (if any); idle is settled only after that, so
      // `await shutdown()` never resumes before the last call's own consumer has heard of it.
      const finish = (outcome: Outcome, deliver?: () => void): void => {
        this.delivering++;
        try {
          const wasActive = state === 'active';
          state = 'done';
          if (wasActive) this.running--;
          this.counts[outcome]++;
          if (wasActive) this.drain();
          this.changed();
          deliver?.();
        } finally {
          this.delivering--;
        }
        this.settleIdle();
      };
      const start = (): void => {
        state = 'active';
        this.running++;
        this.changed();
        // A task is one call: its first value ends it (slot freed, counted completed) before the
        // value is delivered, so a consumer that unsubscribes on that value (firstValueFrom,
        // take(1)) does not turn a success into a cancellation.
        inner = task.pipe(take(1)).subscribe({
          next: (value) => {
            if (state !== 'active') return;
            finish('completed', () => {
              subscriber.next(value);
              subscriber.complete();
            });
          },
          error: (error: unknown) => {
            if (state !== 'active') return;
            finish('failed', () => subscriber.error(error));
          },
          complete: () => {
            if (state !== 'active') return;
            finish('completed', () => subscriber.complete());
          },
        });
      };

      const limits = this.poolLimits;
      if (!limits || (this.running < limits.poolSize && this.queue.size === 0)) {
        start();
      } else if (this.queue.size < limits.maxTaskQueueSize) {
        node = this.queue.push(start);
        this.changed();
      } else {
        state = 'done';
        this.counts.rejected++;
        this.changed();
        subscriber.error(new QueueFullError(limits.poolSize, limits.maxTaskQueueSize));
        return;
      }

      return () => {
        if (state === 'queued') {
          if (node) this.queue.remove(node);
          finish('cancelled');
        } else if (state === 'active') {
          finish('cancelled');
          inner?.unsubscribe();
        }
      };
    });
  }

  /**
   * Refuses new calls from now on; resolves once every admitted call has ended. Idempotent: a
   * second call returns the same promise. Leaves no timer behind.
   */
  shutdown(): Promise<void> {
    if (!this.closing) {
      this.closing = new Promise<void>((resolve) => (this.resolveIdle = resolve));
      this.changed();
    }
    return this.closing;
  }

  // Starts queued tasks while slots are free. Re-entrant calls (a task that ends synchronously
  // inside start) return at once; the outer loop carries on, so the stack stays flat.
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.size > 0 && (!this.poolLimits || this.running < this.poolLimits.poolSize)) {
        (this.queue.shift() as () => void)();
      }
    } finally {
      this.draining = false;
    }
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
