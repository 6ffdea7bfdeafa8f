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

// Duck-typed, not `instanceof Error`: fetch's errors may come from another realm (vm, iframe).
function field(value: unknown, name: 'message' | 'cause' | 'code'): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * The system error code behind a transport's error (`ECONNREFUSED`…): fetch puts it on the
 * error's `cause`, node:http on the error itself.
 */
export function errorCode(cause: unknown): string | undefined {
  const code = field(field(cause, 'cause'), 'code') ?? field(cause, 'code');
  return typeof code === 'string' ? code : undefined;
}

function causeText(cause: unknown): string {
  const message = field(cause, 'message');
  if (typeof message !== 'string') return String(cause);
  const code = errorCode(cause);
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * The transport's error as it is, unless its text holds a secret (a fetch that puts the signed URL
 * in its message): then a stand-in with the redacted text, keeping the inner `code` retries read.
 */
function safeCause(cause: unknown, redact: (text: string) => string): unknown {
  const inner = field(field(cause, 'cause'), 'message');
  const texts = [causeText(cause), typeof inner === 'string' ? inner : ''];
  if (texts.every((text) => redact(text) === text)) return cause;
  const message = field(cause, 'message');
  const code = errorCode(cause);
  const text = redact(typeof message === 'string' ? message : String(cause));
  return code !== undefined ? new Error(text, { cause: { code } }) : new Error(text);
}
