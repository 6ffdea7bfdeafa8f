import { invalidParam } from '../errors/client-error.js';
import { checkMaxRetryAfter, checkRetryOn } from './retry-policy.js';

/**
 * Per-call options, the last argument of every call form.
 *
 * @example
 * const ac = new AbortController();
 * await ecs.describeInstances({ RegionId: 'cn-hangzhou' }, { signal: ac.signal, readTimeout: 3000, maxRetryTime: 5 });
 */
export interface CallOptions {
  /** Aborting cancels the call: a queued call leaves the queue, an in-flight one aborts its request. */
  signal?: AbortSignal;
  /** Overrides `Config.readTimeout` for this call. */
  readTimeout?: number;
  /** Overrides `Config.connectTimeout` for this call. */
  connectTimeout?: number;
  /** Overrides `Config.autoRetry` for this call. */
  autoRetry?: boolean;
  /** Overrides `Config.maxRetryTime` for this call. */
  maxRetryTime?: number;
  /** HTTP method. @default 'POST' */
  method?: 'POST' | 'GET';
  /**
   * Declares the call safe to repeat, so timeouts, network errors and 5xx are retried even for a
   * mutating action without `ClientToken`. @default true for `Describe*`, `List*`, `Get*`, `Query*`
   */
  idempotent?: boolean;
  /**
   * Overrides `Config.retryOn` for this call (replaces the list): service error codes to retry,
   * e.g. `['IncorrectInstanceStatus']` for a `StartInstance` sent while the instance still stops.
   * Rules: `RetryPolicyOptions.retryOn`.
   */
  retryOn?: readonly string[];
  /** Overrides `Config.maxRetryAfter` for this call (ms). */
  maxRetryAfter?: number;
}

function positiveInteger(option: string, value: unknown, max: number): void {
  if (
    value !== undefined &&
    (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)
  ) {
    throw invalidParam(option, value, `an integer from ${option === 'maxRetryTime' ? 0 : 1} to ${max}`);
  }
  if (value === 0 && option !== 'maxRetryTime')
    throw invalidParam(option, value, `an integer from 1 to ${max}`);
}

/** Validates call options at the boundary; throws `ClientError` `SDK.InvalidParam` naming the option. */
export function checkCallOptions(options: CallOptions | undefined): CallOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) throw invalidParam('options', options, 'an object');
  positiveInteger('readTimeout', options.readTimeout, 2_147_483_647);
  positiveInteger('connectTimeout', options.connectTimeout, 2_147_483_647);
  positiveInteger('maxRetryTime', options.maxRetryTime, 100);
  for (const key of ['autoRetry', 'idempotent'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw invalidParam(key, options[key], 'true or false');
    }
  }
  if (options.method !== undefined && options.method !== 'POST' && options.method !== 'GET') {
    throw invalidParam('method', options.method, "'POST' or 'GET'");
  }
  if (options.signal !== undefined && !(typeof options.signal === 'object' && 'aborted' in options.signal)) {
    throw invalidParam('signal', options.signal, 'an AbortSignal');
  }
  if (options.maxRetryAfter !== undefined) checkMaxRetryAfter(options.maxRetryAfter);
  // A frozen copy: a queued call must not see the caller's later edits of the array.
  if (options.retryOn !== undefined) return { ...options, retryOn: checkRetryOn(options.retryOn) };
  return options;
}
