import { Subscription, type Observable, type Subscriber } from 'rxjs';
import type { PoolLimits } from '../pool/task-pool.js';

/**
 * What the pooled operators need of a client: its pool's limits, whether it has room, and word
 * of when room may have appeared.
 */
export interface PoolAware {
  readonly poolLimits: PoolLimits | null;
  hasRoom(): boolean;
  /**
   * Emits when room may have appeared in the pool (a call ended or left the queue, the limits
   * changed, shutdown) and completes at shutdown. An operator that finds the pool full of other
   * calls waits on it and re-checks `hasRoom()` only then; its completion ends the wait as
   * `closed` does.
   */
  readonly poolRoom$: Observable<void>;
  /**
   * True once the client was shut down: the operators then stop waiting for room, so each
   * remaining item's call is made and fails with `ClientClosedError` instead of waiting forever.
   */
  readonly closed?: boolean;
}

/** The limits used on a client whose async is off: 5 in flight, none waiting (README, Operators). */
export const DEFAULT_POOL_LIMITS: PoolLimits = { poolSize: 5, maxTaskQueueSize: 0 };

/** Where the next item comes from: an item now, or nothing yet (`undefined`). */
export interface ItemSource<T> {
  pull(): { item: T } | undefined;
  /** True once no item will ever come again. */
  readonly done: boolean;
}

/**
 * Starts `project(item)` calls while the client's pool has room (at most poolSize +
 * maxTaskQueueSize of ours admitted at once, and never when the pool is full), pulling the next
 * item only then; completes when the source is done and every call has ended.
 */
export class PooledRunner<T, R> {
  private readonly calls = new Set<Subscription>();
  private active = 0;
  private index = 0;
  private closed = false;
  // True once poolRoom$ completed: the pool shut down, no room will ever come.
  private roomEnded = false;
  private pumping = false;
  private waitingForRoom: Subscription | undefined;

  constructor(
    private readonly client: PoolAware,
    private readonly project: (item: T, index: number) => Observable<R>,
    private readonly subscriber: Subscriber<R>,
    private readonly source: ItemSource<T>,
  ) {}

  pump(): void {
    // Re-entrant calls (a call that ends synchronously inside `start`, a room$ emission) return at
    // once: the loop below sees their effect, so the stack stays flat however long the source.
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.closed && this.hasRoom()) {
        const next = this.source.pull();
        if (!next) break;
        this.start(next.item);
      }
    } catch (error) {
      // A throwing `project` or iterator ends the stream with its error, as mergeMap does (it
      // may be called from a call's completion, where a throw would only be reported globally).
      this.fail(error);
    } finally {
      this.pumping = false;
    }
    if (this.closed || this.active > 0) return;
    if (this.source.done) {
      this.close();
      this.subscriber.complete();
    } else if (!this.hasRoom() && !this.waitingForRoom) {
      this.waitForRoom();
    }
  }

  fail(error: unknown): void {
    this.close();
    this.subscriber.error(error);
  }

  close(): void {
    this.closed = true;
    this.waitingForRoom?.unsubscribe();
    // Newest first: our queued calls (behind our running ones, the pool being FIFO) leave the
    // queue before a running one frees its slot, so none of them is started only to be dropped.
    const calls = [...this.calls].reverse();
    this.calls.clear();
    for (const call of calls) call.unsubscribe();
  }

  private hasRoom(): boolean {
    const limits = this.client.poolLimits ?? DEFAULT_POOL_LIMITS;
    return (
      this.active < limits.poolSize + limits.maxTaskQueueSize &&
      (this.client.closed === true || this.roomEnded || this.client.hasRoom())
    );
  }

  // The pool is full of other people's calls (none of ours is left to wake us when it ends): sleep
  // until the pool says room may have appeared, rather than re-checking on each of its changes.
  private waitForRoom(): void {
    const waiting = new Subscription();
    this.waitingForRoom = waiting;
    waiting.add(
      this.client.poolRoom$.subscribe({
        next: () => this.wake(waiting),
        complete: () => {
          this.roomEnded = true;
          this.wake(waiting);
        },
      }),
    );
  }

  private wake(waiting: Subscription): void {
    if (this.waitingForRoom !== waiting || !this.hasRoom()) return;
    this.waitingForRoom = undefined;
    waiting.unsubscribe();
    this.pump();
  }

  private start(item: T): void {
    this.active++;
    let ended = false;
    // Undefined while the call may still end synchronously inside `subscribe`.
    let call: Subscription | undefined = undefined;
    const end = () => {
      ended = true;
      this.active--;
      if (call) this.calls.delete(call);
    };
    let call$: Observable<R>;
    try {
      call$ = this.project(item, this.index++);
    } catch (error) {
      this.active--;
      throw error;
    }
    call = call$.subscribe({
      next: (value) => this.subscriber.next(value),
      error: (error: unknown) => {
        end();
        this.fail(error);
      },
      complete: () => {
        end();
        this.pump();
      },
    });
    if (!ended) this.calls.add(call);
  }
}
