/** Options every alicloud-rx error accepts. */
export interface SdkErrorOptions {
  /** The underlying error, if any (never carries a secret). */
  cause?: unknown;
}

/**
 * Base class of every error alicloud-rx produces: a stable `code`, a `name` that survives realms,
 * a message that says what to do next, and the `cause`.
 *
 * @example
 * import { isSdkError } from 'alicloud-rx';
 * try { await ecs.describeRegions({}); } catch (e) { if (isSdkError(e)) console.log(e.code); }
 */
export class SdkError extends Error {
  /** Stable machine-readable code, e.g. `SDK.InvalidParam` or the service's `Throttling.User`. */
  readonly code: string;

  constructor(code: string, message: string, options: SdkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SdkError';
    this.code = code;
  }

  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }

  /** A plain view for logs and `JSON.stringify` (the message, code and own fields; never a secret). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) if (!(key in out)) out[key] = value;
    return out;
  }
}

const SDK_ERROR_NAMES = new Set([
  'SdkError',
  'ClientError',
  'AsyncNotEnabledError',
  'QueueFullError',
  'ClientClosedError',
  'CancelledError',
  'TimeoutError',
  'NetworkError',
  'ServerError',
  'ThrottlingError',
  'ResponseTooLargeError',
  'CredentialError',
]);

/**
 * True for any alicloud-rx error, also across realms (matches on `name` and `code`, not only `instanceof`).
 *
 * @example
 * import { isSdkError } from 'alicloud-rx';
 * if (isSdkError(err) && err.code === 'SDK.AsyncTaskQueueFull') retryLater();
 */
export function isSdkError(value: unknown): value is SdkError {
  if (value instanceof SdkError) return true;
  if (typeof value !== 'object' || value === null) return false;
  const { name, code } = value as { name?: unknown; code?: unknown };
  return typeof name === 'string' && SDK_ERROR_NAMES.has(name) && typeof code === 'string';
}
