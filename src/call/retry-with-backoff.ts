import {
  Observable,
  timer,
  type MonoTypeOperatorFunction,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { beyondMaxRetryAfter } from '../errors/throttling-error.js';
import { backoffDelay, exceedsMaxRetryAfter, isRetryable } from './retry-policy.js';

/** How a call is retried. */
export interface RetryWithBackoffOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Safe to send twice (see `isRetryable`). */
  idempotent: boolean;
  /** Service error codes the caller declared retryable (see `isRetryable`). */
  retryOn: readonly string[];
  /** The longest `x-acs-retry-after` waited, in ms; a longer one fails the call at once. */
  maxRetryAfter: number;
  baseDelay: number;
  maxDelay: number;
  random: () => number;
  scheduler?: SchedulerLike | undefined;
  /** Told before each retry (1-based) with the wait before it (ms), as the wait starts. */
  onRetry?: ((error: unknown, retry: number, delayMs: number) => void) | undefined;
}

/**
 * Re-subscribes the attempt (which re-signs it) after a retryable failure, waiting
 * `backoffDelay` on the given scheduler; other failures, and the last one, pass through. A
 * throttled answer asking for a longer wait than `maxRetryAfter` ends the call at once (no timer),
 * with a `ThrottlingError` that says so. Written out rather than built on RxJS's `retry({ delay })`:
 * one Observable per call instead of a lifted chain and its subscribers, for a path taken by every
 * call and almost never used.
 *
 * @example
 * const call$ = retryWithBackoff<Page>({ maxRetries: 3, idempotent: true, retryOn: [], maxRetryAfter: 60_000, baseDelay: 100, maxDelay: 5_000, random: Math.random })(attempt$);
 */
export function retryWithBackoff<T>(policy: RetryWithBackoffOptions): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let retries = 0;
      let attempt: Subscription | undefined;
      let wait: Subscription | undefined;
      const failed = (error: unknown): void => {
        if (retries >= policy.maxRetries || !isRetryable(error, policy.idempotent, policy.retryOn)) {
          subscriber.error(error);
        } else if (exceedsMaxRetryAfter(error, policy.maxRetryAfter)) {
          subscriber.error(beyondMaxRetryAfter(error, policy.maxRetryAfter));
        } else {
          retries += 1;
          const delay = backoffDelay(error, retries - 1, policy);
          policy.onRetry?.(error, retries, delay);
          wait = timer(delay, policy.scheduler).subscribe(start);
        }
      };
      const start = (): void => {
        const current = source.subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            // A throw while deciding (onRetry, say) ends the call rather than leaving it unsettled.
            try {
              failed(error);
            } catch (thrown) {
              subscriber.error(thrown);
            }
          },
          complete: () => subscriber.complete(),
        });
        // An attempt that failed at once may already have started the next (a synchronous
        // scheduler): keep the newest, still open, subscription.
        if (!current.closed) attempt = current;
      };
      start();
      return () => {
        attempt?.unsubscribe();
        wait?.unsubscribe();
      };
    });
}
