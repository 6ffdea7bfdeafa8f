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
      {
        cause,
      },
    );
    this.name = 'NetworkError';
    this.action = action;
    this.attempts = attempts;
  }
}

function causeText(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = (cause as { cause?: unknown }).cause;
  const code = typeof inner === 'object' && inner !== null ? (inner as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? `${cause.message} (${code})` : cause.message;
}
