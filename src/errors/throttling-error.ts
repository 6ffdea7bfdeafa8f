import { ServerError, type ServerErrorDetails } from './server-error.js';

/**
 * The service throttled the call (`Throttling`, `Throttling.User`, …) and retries ran out.
 * `retryAfter` is the server's hint in milliseconds, when it gave one.
 *
 * @example
 * import { ThrottlingError } from 'alicloud-rx';
 * ecs.describeInstances(req).catch((e) => e instanceof ThrottlingError && console.log(e.retryAfter));
 */
export class ThrottlingError extends ServerError {
  readonly retryAfter: number | undefined;

  constructor(details: ServerErrorDetails & { retryAfter?: number }) {
    super(details);
    this.name = 'ThrottlingError';
    this.retryAfter = details.retryAfter;
  }
}
