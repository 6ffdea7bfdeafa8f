import { retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import { backoffDelay, isRetryable } from './retry-policy.js';

/** How a call is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Safe to send twice (see `isRetryable`). */
  idempotent: boolean;
  baseDelay: number;
  maxDelay: number;
  random: () => number;
  scheduler?: SchedulerLike | undefined;
  /** Told before each retry (1-based), once the wait starts. */
  onRetry?: ((error: unknown, retry: number) => void) | undefined;
}

/**
 * Re-subscribes the attempt (which re-signs it) after a retryable failure, waiting
 * `backoffDelay` on the given scheduler; other failures, and the last one, pass through.
 */
export function retryWithBackoff<T>(policy: RetryPolicy): MonoTypeOperatorFunction<T> {
  return retry({
    count: policy.maxRetries,
    delay: (error: unknown, retryCount: number) => {
      if (!isRetryable(error, policy.idempotent)) return throwError(() => error);
      policy.onRetry?.(error, retryCount);
      return timer(backoffDelay(error, retryCount - 1, policy), policy.scheduler);
    },
  });
}
