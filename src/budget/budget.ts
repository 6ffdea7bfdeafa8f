import { Observable } from 'rxjs';

/** A concurrency lease of a {@link Budget}: held while a call runs (across its retries). */
export interface BudgetLease {
  /** Gives the lease back; idempotent. */
  release(): void;
}

/**
 * What a client's calls consult, besides their own pool, before anything is sent: a lease per
 * call (concurrency, kept across retries) and a token per attempt (rate). One budget can be
 * shared by many clients, and (a Redis budget) by many processes: the account's limits, not a
 * process's. Give it with `Config.withBudget(budget)`.
 *
 * @example
 * const budget = localBudget({ concurrency: 12, rate: { limit: 100, perMs: 1000 }, adaptive: true });
 * const config = new Config().withEnableAsync(true).withPoolSize(20).withBudget(budget);
 */
export interface Budget {
  /** One lease: emits it when granted (at once when free) and completes; unsubscribing before that leaves the line, holding nothing. */
  lease$(): Observable<BudgetLease>;
  /** One rate token for one attempt: emits when the attempt may go and completes; unsubscribing gives up the wait. */
  token$(): Observable<void>;
  /** How an attempt ended: an adaptive budget cuts its rate on `throttled` and grows it back on `ok`. */
  report(outcome: 'throttled' | 'ok'): void;
  /** Frees what the budget holds (its own connection, timers). */
  close(): Promise<void>;
}

/**
 * A token given at once: what a budget without a rate hands every attempt (one shared
 * Observable, not one per attempt).
 *
 * @example
 * const token$ = () => TOKEN_NOW$;
 */
export const TOKEN_NOW$: Observable<void> = new Observable<void>((subscriber) => {
  subscriber.next();
  subscriber.complete();
});
