import { errorCode, NetworkError } from '../errors/network-error.js';
import { ServerError } from '../errors/server-error.js';
import { ThrottlingError } from '../errors/throttling-error.js';
import { TimeoutError } from '../errors/timeout-error.js';

const READ_ONLY = /^(Describe|List|Get|Query)/;
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** True for actions that only read (`Describe*`, `List*`, `Get*`, `Query*`): safe to send twice. */
export function isReadOnlyAction(action: string): boolean {
  return READ_ONLY.test(action);
}

function notSent(error: NetworkError): boolean {
  const code = errorCode(error.cause);
  return code !== undefined && NOT_SENT.has(code);
}

/**
 * Decides whether a failed attempt may be retried.
 * - Throttling: always (the service refused the call without running it).
 * - A connection that never opened (refused, DNS, connect timeout): always (nothing reached the service).
 * - 5xx / `ServiceUnavailable`, timeouts, other network errors: only when the call is safe to
 *   repeat (`idempotent`: a read-only action or one carrying a `ClientToken`), since the service
 *   may have run it. Listing a 5xx code in `retryOn` does not change that.
 * - A code the caller listed in `retryOn`, answered with a status below 500: always (the service
 *   judged the call and refused it, as when it throttles).
 * - Anything else (signature, auth, parameters, other 4xx): never.
 */
export function isRetryable(error: unknown, idempotent: boolean, retryOn: readonly string[] = []): boolean {
  if (error instanceof ThrottlingError) return true;
  if (error instanceof NetworkError) return notSent(error) || idempotent;
  if (error instanceof TimeoutError) return error.phase === 'connect' || idempotent;
  if (error instanceof ServerError) {
    if (error.code === 'ServiceUnavailable' || error.statusCode >= 500) return idempotent;
    return retryOn.includes(error.code);
  }
  return false;
}

/**
 * True when the service asked (`x-acs-retry-after`) for a longer wait than `maxRetryAfter` ms:
 * the call then fails at once instead of sleeping (see {@link RetryPolicyOptions.maxRetryAfter}).
 */
export function exceedsMaxRetryAfter(error: unknown, maxRetryAfter: number): error is ThrottlingError {
  return (
    error instanceof ThrottlingError && error.retryAfter !== undefined && error.retryAfter > maxRetryAfter
  );
}

/**
 * The wait before retry number `retry` (0-based): full jitter, `random() * min(maxDelay,
 * baseDelay * 2^retry)`, added to the server's `x-acs-retry-after` when it gave one (so calls
 * throttled together do not all come back at the same instant).
 */
export function backoffDelay(
  error: unknown,
  retry: number,
  policy: { baseDelay: number; maxDelay: number; random: () => number },
): number {
  const ceiling = Math.min(policy.maxDelay, policy.baseDelay * 2 ** retry);
  const jitter = Math.floor(policy.random() * ceiling);
  return error instanceof ThrottlingError && error.retryAfter !== undefined
    ? error.retryAfter + jitter
    : jitter;
}
