import type { Config } from '../config.js';
import type { CallOptions } from './call-options.js';

/**
 * How one call is sent, retried and bounded, whatever its style (RPC or ROA): the config's
 * values, each overridden by the call's own option where it gives one.
 */
export interface CallPolicy {
  readTimeout: number;
  connectTimeout: number;
  maxResponseBytes: number;
  autoRetry: boolean;
  maxRetryTime: number;
  retryBaseDelay: number;
  retryMaxDelay: number;
  /** Service error codes the caller declared retryable (`Config.retryOn` or the call's). */
  retryOn: readonly string[];
  /** The longest `x-acs-retry-after` a retry waits, in ms (`Config.maxRetryAfter` or the call's). */
  maxRetryAfter: number;
  /** Safe to send twice (read-only, or carries a ClientToken, or declared by the caller). */
  idempotent: boolean;
}

/**
 * The policy of one call: `options` (already checked) over `config`; `idempotent` is the call's
 * own word, else `safeByDefault` (a read-only action, or one carrying a ClientToken).
 *
 * @example
 * const policy = callPolicy(client.config, { readTimeout: 2000 }, isReadOnlyAction('DescribeRegions'));
 */
export function callPolicy(config: Config, options: CallOptions, safeByDefault: boolean): CallPolicy {
  return {
    readTimeout: options.readTimeout ?? config.readTimeout,
    connectTimeout: options.connectTimeout ?? config.connectTimeout,
    maxResponseBytes: config.maxResponseBytes,
    autoRetry: options.autoRetry ?? config.autoRetry,
    maxRetryTime: options.maxRetryTime ?? config.maxRetryTime,
    retryBaseDelay: config.retryBaseDelay,
    retryMaxDelay: config.retryMaxDelay,
    retryOn: options.retryOn ?? config.retryOn,
    maxRetryAfter: options.maxRetryAfter ?? config.maxRetryAfter,
    idempotent: options.idempotent ?? safeByDefault,
  };
}
