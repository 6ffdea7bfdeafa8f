import { SdkError } from './sdk-error.js';

/**
 * The request could not be completed at the transport level (connection refused or reset, DNS, TLS).
 *
 * @example
 * import { NetworkError } from 'alicloud-rx';
 * ecs.describeRegions({}).catch((e) => e instanceof NetworkError && console.log(e.attempts));
 */
export class NetworkError extends SdkError {
  readonly action: string;
  readonly attempts: number;

  constructor(action: string, attempts: number, cause: unknown, redact: (text: string) => string = (t) => t) {
    super(
      'SDK.NetworkError',
      `${action} failed at the network level (attempt ${attempts}): ${redact(causeText(cause))}`,
      { cause: safeCause(cause, redact) },
    );
    this.name = 'NetworkError';
    this.action = action;
    this.attempts = attempts;
  }
}

// The property `name` of an error-like value, else undefined. Duck-typed, not `instanceof Error`:
// fetch's errors may come from another realm (vm, iframe).
function readProperty(value: unknown, name: 'message' | 'cause' | 'code' | 'name'): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * The system error code behind a transport's error (`ECONNREFUSED`…): fetch puts it on the
 * error's `cause`, node:http on the error itself.
 */
export function errorCode(cause: unknown): string | undefined {
  const code = readProperty(readProperty(cause, 'cause'), 'code') ?? readProperty(cause, 'code');
  return typeof code === 'string' ? code : undefined;
}

function causeText(cause: unknown): string {
  const message = readProperty(cause, 'message');
  if (typeof message !== 'string') return String(cause);
  const code = errorCode(cause);
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * A stand-in for the transport's error: its name, its redacted message and the system `code`
 * retries read (on `cause.code`), nothing else. Never the error itself: node's and undici's HTTP
 * parse errors keep the server's raw bytes on fields of their own (`rawPacket`, `data`), where an
 * echoed token or signature would reach `inspect(error)` unredacted.
 */
function safeCause(cause: unknown, redact: (text: string) => string): Error {
  const message = readProperty(cause, 'message');
  const text = redact(typeof message === 'string' ? message : String(cause));
  const code = errorCode(cause);
  const safe = code !== undefined ? new Error(text, { cause: { code } }) : new Error(text);
  const name = readProperty(cause, 'name');
  if (typeof name === 'string') safe.name = name.slice(0, 64);
  return safe;
}
