import type { Observer, Subscribable, Subscriber, Unsubscribable } from 'rxjs';
import type { QueueNode } from './linked-queue.js';

/** How a call ended; each call is counted under exactly one. */
export type Outcome = 'completed' | 'failed' | 'cancelled';

/** What a {@link PoolCall} tells its pool (the `@internal` methods of `TaskPool`). */
export interface PoolCallHost {
  /** The call took a slot; its task is subscribed next. */
  began(): void;
  /** The call's task has been subscribed and is still running. */
  announce(): void;
  /** The call ended (`wasActive`: it held a slot); its outcome is delivered next. */
  ended(call: PoolCall<unknown>, wasActive: boolean, outcome: Outcome): void;
  /** The outcome of the call that ended last has reached its consumer. */
  delivered(): void;
}

const QUEUED = 0;
const ACTIVE = 1;
const DONE = 2;

/**
 * One call in the pool: it waits in the queue, holds a slot while its task runs, and ends once.
 * A task is one call: its first value ends it (slot freed, counted completed) before the value
 * is delivered, so a consumer that unsubscribes on that value (`firstValueFrom`, `take(1)`) does
 * not turn a success into a cancellation. It is also the teardown of its subscription.
 */
export class PoolCall<T> implements Observer<T>, Unsubscribable {
  node: QueueNode<PoolCall<unknown>> | undefined;
  private state = QUEUED;
  private inner: Unsubscribable | undefined;

  constructor(
    private readonly pool: PoolCallHost,
    private readonly task: Subscribable<T>,
    private readonly subscriber: Subscriber<T>,
  ) {}

  start(): void {
    this.node = undefined;
    this.state = ACTIVE;
    this.pool.began();
    const inner = this.task.subscribe(this);
    if (this.state === ACTIVE) {
      this.inner = inner;
      this.pool.announce();
    } else inner.unsubscribe();
  }

  next(value: T): void {
    if (!this.end('completed')) return;
    this.subscriber.next(value);
    this.subscriber.complete();
    this.pool.delivered();
    this.inner?.unsubscribe();
  }

  error(error: unknown): void {
    if (!this.end('failed')) return;
    this.subscriber.error(error);
    this.pool.delivered();
  }

  complete(): void {
    if (!this.end('completed')) return;
    this.subscriber.complete();
    this.pool.delivered();
  }

  /** Ends a call that is still waiting, with `error`, as failed; a started one is left alone. */
  abandon(error: Error): void {
    if (this.state !== QUEUED) return;
    this.error(error);
  }

  /** Teardown: the subscriber left before the call ended. */
  unsubscribe(): void {
    const inner = this.inner;
    if (!this.end('cancelled')) return;
    this.pool.delivered();
    inner?.unsubscribe();
  }

  private end(outcome: Outcome): boolean {
    if (this.state === DONE) return false;
    const wasActive = this.state === ACTIVE;
    this.state = DONE;
    this.pool.ended(this as PoolCall<unknown>, wasActive, outcome);
    return true;
  }
}
