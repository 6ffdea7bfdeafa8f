import { SdkError, type SdkErrorOptions } from './sdk-error.js';

/** What a service said about a failed call, as `ServerError` carries it. */
export interface ServerErrorDetails {
  /** The service's error `Code` (e.g. `InvalidParameter`), or `SDK.InvalidResponse` for an unreadable body. */
  code: string;
  message: string;
  statusCode: number;
  action: string;
  requestId?: string;
  hostId?: string;
  recommend?: string;
  /** How many attempts were made, retries included. */
  attempts: number;
}

/**
 * The service answered with an error (or with a body that could not be read).
 *
 * @example
 * import { ServerError } from 'alicloud-rx';
 * ecs.stopInstance({ InstanceId: 'i-x' }).catch((e) => e instanceof ServerError && console.log(e.code, e.requestId));
 */
export class ServerError extends SdkError {
  readonly statusCode: number;
  readonly action: string;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly recommend: string | undefined;
  readonly attempts: number;

  constructor(details: ServerErrorDetails, options?: SdkErrorOptions) {
    const requestId = details.requestId ? ` (RequestId ${details.requestId})` : '';
    super(details.code, `${details.action} failed: ${details.code}: ${details.message}${requestId}`, options);
    this.name = 'ServerError';
    this.statusCode = details.statusCode;
    this.action = details.action;
    this.requestId = details.requestId;
    this.hostId = details.hostId;
    this.recommend = details.recommend;
    this.attempts = details.attempts;
  }
}
