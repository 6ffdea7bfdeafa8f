import { SdkError } from './sdk-error.js';

/**
 * A `…WithChan` or `…WithCallback` call on a client whose async pool was never enabled
 * (as the Go SDK's `SDK.AsyncFunctionNotEnabled`).
 *
 * @example
 * import { Config } from 'alicloud-rx';
 * const config = new Config().withEnableAsync(true); // avoids AsyncNotEnabledError
 */
export class AsyncNotEnabledError extends SdkError {
  constructor() {
    super(
      'SDK.AsyncFunctionNotEnabled',
      'Async calls are not enabled: use Config.withEnableAsync(true) or client.enableAsync(poolSize, maxTaskQueueSize).',
    );
    this.name = 'AsyncNotEnabledError';
  }
}
