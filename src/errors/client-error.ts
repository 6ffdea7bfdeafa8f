import { SdkError, type SdkErrorOptions } from './sdk-error.js';

/** Codes of errors found on the client side, before anything is sent. */
export type ClientErrorCode = 'SDK.InvalidParam' | 'SDK.MissingParam' | 'SDK.CanNotResolveEndpoint';

/**
 * A mistake caught on the client side: a bad option, a missing parameter, an unknown endpoint.
 * Nothing was sent.
 *
 * @example
 * import { Config, ClientError } from 'alicloud-rx';
 * try { new Config().withPoolSize(0); } catch (e) { e instanceof ClientError; // code 'SDK.InvalidParam' }
 */
export class ClientError extends SdkError {
  constructor(code: ClientErrorCode, message: string, options?: SdkErrorOptions) {
    super(code, message, options);
    this.name = 'ClientError';
  }
}

/** Describes a received value for an error message without echoing huge or secret-looking input. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 64 ? `${value.slice(0, 61)}...` : value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Builds the `SDK.InvalidParam` error naming the option, the value received and what is allowed.
 * `describe` words the value: `describeValue` by default, which quotes a string; for a value that
 * may be a secret pass one that does not (flattenParams does).
 */
export function invalidParam(
  option: string,
  value: unknown,
  allowed: string,
  describe: (value: unknown) => string = describeValue,
): ClientError {
  return new ClientError(
    'SDK.InvalidParam',
    `Invalid value for ${option}: got ${describe(value)}; expected ${allowed}.`,
  );
}

// The argument checks live in ../checks.ts. Kept here for the modules that still import it from
// this path (the RAM role ARN and OIDC role ARN providers); new code imports '../checks.js'.
