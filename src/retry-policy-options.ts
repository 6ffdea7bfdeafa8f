import { checkInteger, MAX_TIMEOUT_MS } from './checks.js';
import { ClientError, describeValue, invalidParam } from './errors/client-error.js';

/**
 * The default {@link RetryPolicyOptions.maxRetryAfter}: one minute. Alibaba Cloud's flow control
 * counts calls per second or per minute, so a hint within a minute is worth waiting inside the
 * call; a longer one would hold the call (and, with async on, its pool slot) that long.
 */
export const DEFAULT_MAX_RETRY_AFTER = 60_000;

/**
 * What `Config.withRetryPolicy` takes, and the same two keys as per-call options.
 *
 * @example
 * import { Config } from 'alicloud-rx';
 * const config = new Config().withRetryPolicy({ retryOn: ['IncorrectInstanceStatus'], maxRetryAfter: 30_000 });
 * await ecs.startInstance({ InstanceId: 'i-1' }, { retryOn: ['IncorrectInstanceStatus'] }); // per call
 */
export interface RetryPolicyOptions {
  /**
   * Service error codes to retry besides throttling, 5xx and network errors, e.g.
   * `['IncorrectInstanceStatus']` while an instance is still stopping: retried with the normal
   * backoff, within `maxRetryTime`. A listed code answered with a status below 500 is retried for
   * any action, also a mutating one without `ClientToken`: the service judged the call and refused
   * to run it, as when it throttles. A listed code on a 5xx answer keeps the 5xx rule (retried only
   * for a read-only action, a `ClientToken` or `idempotent: true`), since the service may have run
   * the call. Non-empty codes without spaces; `SDK.*` codes (alicloud-rx's own) are refused.
   * @default []
   */
  retryOn?: readonly string[];
  /**
   * The longest server-requested wait (`x-acs-retry-after`) a retry honours, in ms (integer from 0
   * to 2147483647). A throttled answer asking for longer is not retried: the call fails at once
   * with that `ThrottlingError` (`retryAfter` and `maxRetryAfter` set) instead of sleeping. A hint
   * within the cap is waited, plus the usual jittered backoff. Like ky's `retry.maxRetryAfter` in
   * its first form, which cancelled the request (ky 1.x waits the cap instead; a retry sooner than
   * the service asked would only be throttled again).
   * @default 60000
   */
  maxRetryAfter?: number;
}

const RETRY_POLICY_KEYS: readonly string[] = ['retryOn', 'maxRetryAfter'];

/** `value` as a frozen copy if it is a list of codes `retryOn` allows; else `SDK.InvalidParam`. */
export function checkRetryOn(value: unknown): readonly string[] {
  if (!Array.isArray(value)) {
    throw invalidParam(
      'retryOn',
      value,
      "an array of service error codes (non-empty strings), such as ['IncorrectInstanceStatus']",
    );
  }
  const codes: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const code: unknown = value[i];
    if (typeof code !== 'string' || code === '' || /\s/.test(code) || code.startsWith('SDK.')) {
      throw invalidParam(
        `retryOn[${i}]`,
        code,
        "a service error code such as 'IncorrectInstanceStatus' (non-empty, no spaces, not SDK.*)",
      );
    }
    codes.push(code);
  }
  return Object.freeze(codes);
}

/** `value` if it is an integer number of ms from 0 to the longest timer; else `SDK.InvalidParam`. */
export function checkMaxRetryAfter(value: unknown): number {
  return checkInteger('maxRetryAfter', value, 0, MAX_TIMEOUT_MS);
}

/**
 * Validates {@link RetryPolicyOptions} at the boundary: the keys given, checked (`retryOn` as a
 * frozen copy); a key not given is absent. An unknown key is `SDK.InvalidParam` (a typo would
 * otherwise leave the default in place unseen).
 */
export function checkRetryPolicy(options: unknown): { retryOn?: readonly string[]; maxRetryAfter?: number } {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidParam('retryPolicy', options, 'an object such as { retryOn: [...], maxRetryAfter: 60000 }');
  }
  for (const key of Object.keys(options)) {
    if (!RETRY_POLICY_KEYS.includes(key)) {
      throw new ClientError(
        'SDK.InvalidParam',
        `Invalid key in retryPolicy: got ${describeValue(key)}; expected 'retryOn' or 'maxRetryAfter'.`,
      );
    }
  }
  const { retryOn, maxRetryAfter } = options as RetryPolicyOptions;
  return {
    ...(retryOn !== undefined && { retryOn: checkRetryOn(retryOn) }),
    ...(maxRetryAfter !== undefined && { maxRetryAfter: checkMaxRetryAfter(maxRetryAfter) }),
  };
}
