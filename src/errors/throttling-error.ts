import type { SdkErrorOptions } from './sdk-error.js';
import { ServerError, type ServerErrorDetails } from './server-error.js';

/** What a {@link ThrottlingError} carries besides a `ServerError`'s details. */
export interface ThrottlingErrorDetails extends ServerErrorDetails {
  /** The server's `x-acs-retry-after`, in ms. */
  retryAfter?: number;
  /** The cap `retryAfter` went beyond, when that is why the call was not retried (ms). */
  maxRetryAfter?: number;
}

/**
 * The service throttled the call (`Throttling`, `Throttling.User`, …) and retries ran out, or the
 * service asked for a longer wait than `maxRetryAfter` (see `Config.withRetryPolicy`), so the call
 * was not retried. `retryAfter` is the server's hint in milliseconds, when it gave one;
 * `maxRetryAfter` is set only in the second case.
 *
 * @example
 * import { ThrottlingError } from 'alicloud-rx';
 * ecs.describeInstances(req).catch((e) => e instanceof ThrottlingError && console.log(e.retryAfter));
 */
export class ThrottlingError extends ServerError {
  readonly retryAfter: number | undefined;
  readonly maxRetryAfter: number | undefined;

  constructor(details: ThrottlingErrorDetails, options?: SdkErrorOptions) {
    super(details, options);
    this.name = 'ThrottlingError';
    this.retryAfter = details.retryAfter;
    this.maxRetryAfter = details.maxRetryAfter;
  }
}

/**
 * The call's throttled answer as the call's final error when the server's `retryAfter` is beyond
 * `maxRetryAfter`: the same fields with `maxRetryAfter` set, and a message that says why nothing
 * was retried and what to do.
 */
export function beyondMaxRetryAfter(error: ThrottlingError, maxRetryAfter: number): ThrottlingError {
  const capped = new ThrottlingError(
    {
      code: error.code,
      message: '',
      statusCode: error.statusCode,
      action: error.action,
      requestId: error.requestId,
      hostId: error.hostId,
      recommend: error.recommend,
      attempts: error.attempts,
      retryAfter: error.retryAfter,
      maxRetryAfter,
    },
    error.cause === undefined ? undefined : { cause: error.cause },
  );
  const end = /[.!?]$/.test(error.message) ? ' ' : '. ';
  capped.message =
    `${error.message}${end}Not retried: the service asked to wait ${error.retryAfter} ms ` +
    `(x-acs-retry-after), more than maxRetryAfter (${maxRetryAfter} ms). Call again later, or ` +
    'raise the cap with Config.withRetryPolicy({ maxRetryAfter }) or the call option maxRetryAfter.';
  return capped;
}
