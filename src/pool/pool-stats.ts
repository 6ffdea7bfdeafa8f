/**
 * A snapshot of a client's pool, as `client.poolStats$` emits it. Every call of the client counts
 * once in exactly one of `completed`, `failed`, `rejected`, `cancelled` when it ends.
 *
 * @example
 * import { auditTime } from 'rxjs';
 * ecs.poolStats$.pipe(auditTime(100)).subscribe((s) => console.log(`${s.active}/${s.poolSize} busy, ${s.queued} waiting`));
 */
export interface PoolStats {
  /** Calls in flight at most (0 while async is off: unlimited). */
  readonly poolSize: number;
  /** Calls that may wait at most (0 while async is off). */
  readonly maxTaskQueueSize: number;
  /** Calls in flight now (a call waiting for a budget's lease is queued, not active). */
  readonly active: number;
  /** Calls waiting now: for a slot, or (holding one) for a budget's lease. */
  readonly queued: number;
  /** Of the queued calls, those that hold a slot and wait for a budget's lease (`Config.withBudget`). */
  readonly waitingForBudget: number;
  /** Calls that succeeded. */
  readonly completed: number;
  /** Calls that ended in an error after they were admitted. */
  readonly failed: number;
  /** Calls refused at admission (queue full, shut down, async not enabled). */
  readonly rejected: number;
  /** Calls unsubscribed or aborted before they ended. */
  readonly cancelled: number;
  /** Attempts repeated after a retryable failure (throttling, 5xx, network), over all calls. */
  readonly retries: number;
}
