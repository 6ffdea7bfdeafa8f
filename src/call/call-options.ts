import { checkBoolean, checkInteger, MAX_TIMEOUT_MS } from '../checks.js';
import { ClientError, invalidParam } from '../errors/client-error.js';
import { checkMaxRetryAfter, checkRetryOn } from '../retry-policy-options.js';

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
  /**
   * Parameter values to keep out of every error, even when the server echoes them (a token passed
   * as a parameter, say), each of 4 characters or more; the credential's secret and token and the
   * signature always are.
   */
  secrets?: readonly string[];
}

// The values themselves are never shown, not even the wrong one. Redaction leaves values under
// 4 characters alone (they would blank out ordinary text), so such a secret is refused.
function checkSecrets(value: unknown): readonly string[] {
  const list: unknown[] = Array.isArray(value) ? Array.from(value as unknown[]) : [];
  if (!Array.isArray(value) || !list.every((s) => typeof s === 'string' && s.length >= 4))
    throw new ClientError(
      'SDK.InvalidParam',
      'Invalid secrets: expected an array of strings of 4 characters or more (values not shown).',
    );
  return Object.freeze(list as string[]);
}

/** The options of a call that gives none: one frozen object, so a client can reuse its policy. */
export const NO_CALL_OPTIONS: CallOptions = Object.freeze({});

/**
 * The options of a GET action's call that gives none (the method is the action's, not the
 * caller's): one frozen object, so the client reuses its policy as for {@link NO_CALL_OPTIONS}.
 */
export const GET_CALL_OPTIONS: CallOptions = Object.freeze({ method: 'GET' });

/** Validates call options at the boundary; throws `ClientError` `SDK.InvalidParam` naming the option. */
export function checkCallOptions(options: CallOptions | undefined): CallOptions {
  if (options === undefined) return NO_CALL_OPTIONS;
  if (options === GET_CALL_OPTIONS) return options;
  if (typeof options !== 'object' || options === null) throw invalidParam('options', options, 'an object');
  // The same ranges as Config's with… methods: a per-call value overrides the config's.
  if (options.readTimeout !== undefined) checkInteger('readTimeout', options.readTimeout, 1, MAX_TIMEOUT_MS);
  if (options.connectTimeout !== undefined)
    checkInteger('connectTimeout', options.connectTimeout, 1, MAX_TIMEOUT_MS);
  if (options.maxRetryTime !== undefined) checkInteger('maxRetryTime', options.maxRetryTime, 0, 100);
  if (options.autoRetry !== undefined) checkBoolean('autoRetry', options.autoRetry);
  if (options.idempotent !== undefined) checkBoolean('idempotent', options.idempotent);
  if (options.method !== undefined && options.method !== 'POST' && options.method !== 'GET') {
    throw invalidParam('method', options.method, "'POST' or 'GET'");
  }
  if (options.signal !== undefined && !(typeof options.signal === 'object' && 'aborted' in options.signal)) {
    throw invalidParam('signal', options.signal, 'an AbortSignal');
  }
  if (options.maxRetryAfter !== undefined) checkMaxRetryAfter(options.maxRetryAfter);
  if (options.retryOn === undefined && options.secrets === undefined) return options;
  // Frozen copies: a queued call must not see the caller's later edits of an array.
  return {
    ...options,
    ...(options.retryOn !== undefined && { retryOn: checkRetryOn(options.retryOn) }),
    ...(options.secrets !== undefined && { secrets: checkSecrets(options.secrets) }),
  };
}
