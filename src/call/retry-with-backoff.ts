import { retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
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
  /** Told before each retry (1-based), once the wait starts. */
  onRetry?: ((error: unknown, retry: number) => void) | undefined;
}

/**
 * Re-subscribes the attempt (which re-signs it) after a retryable failure, waiting
 * `backoffDelay` on the given scheduler; other failures, and the last one, pass through. A
 * throttled answer asking for a longer wait than `maxRetryAfter` ends the call at once (no timer),
 * with a `ThrottlingError` that says so.
 */
export function retryWithBackoff<T>(policy: RetryWithBackoffOptions): MonoTypeOperatorFunction<T> {
  return retry({
    count: policy.maxRetries,
    delay: (error: unknown, retryCount: number) => {
      if (!isRetryable(error, policy.idempotent, policy.retryOn)) return throwError(() => error);
      if (exceedsMaxRetryAfter(error, policy.maxRetryAfter)) {
        return throwError(() => beyondMaxRetryAfter(error, policy.maxRetryAfter));
      }
      policy.onRetry?.(error, retryCount);
      return timer(backoffDelay(error, retryCount - 1, policy), policy.scheduler);
    },
  });
}
