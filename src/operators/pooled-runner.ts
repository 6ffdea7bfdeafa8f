import type { Observable, Subscriber, Subscription } from 'rxjs';
import type { PoolStats } from '../pool/pool-stats.js';
import type { PoolLimits } from '../pool/task-pool.js';

/** What the pooled operators need of a client: its pool's limits, whether it has room, its stats. */
export interface PoolAware {
  readonly poolLimits: PoolLimits | null;
  hasRoom(): boolean;
  readonly poolStats$: Observable<PoolStats>;
}

/** The limits used on a client whose async is off (DESIGN: 5 in flight). */
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
  private waitingForRoom: Subscription | undefined;

  constructor(
    private readonly client: PoolAware,
    private readonly project: (item: T, index: number) => Observable<R>,
    private readonly subscriber: Subscriber<R>,
    private readonly source: ItemSource<T>,
  ) {}

  pump(): void {
    while (!this.closed && this.hasRoom()) {
      const next = this.source.pull();
      if (!next) break;
      this.start(next.item);
    }
    if (this.closed || this.active > 0) return;
    if (this.source.done) {
      this.close();
      this.subscriber.complete();
    } else if (!this.hasRoom() && !this.waitingForRoom) {
      // The pool is full of other people's calls: wait for it to change instead of spinning.
      this.waitingForRoom = this.client.poolStats$.subscribe(() => {
        if (!this.hasRoom()) return;
        this.waitingForRoom?.unsubscribe();
        this.waitingForRoom = undefined;
        this.pump();
      });
    }
  }

  fail(error: unknown): void {
    this.close();
    this.subscriber.error(error);
  }

  close(): void {
    this.closed = true;
    this.waitingForRoom?.unsubscribe();
    for (const call of this.calls) call.unsubscribe();
    this.calls.clear();
  }

  private hasRoom(): boolean {
    const limits = this.client.poolLimits ?? DEFAULT_POOL_LIMITS;
    return this.active < limits.poolSize + limits.maxTaskQueueSize && this.client.hasRoom();
  }

  private start(item: T): void {
    this.active++;
    let ended = false;
    const end = () => {
      ended = true;
      this.active--;
    };
    const call = this.project(item, this.index++).subscribe({
      next: (value) => this.subscriber.next(value),
      error: (error: unknown) => {
        end();
        this.fail(error);
      },
      complete: () => {
        end();
        this.calls.delete(call);
        this.pump();
      },
    });
    if (!ended) this.calls.add(call);
  }
}
