import { SdkError, type SdkErrorOptions } from './sdk-error.js';

/**
 * A Promise, WithChan or WithCallback call whose `signal` aborted before it ended.
 *
 * @example
 * const ac = new AbortController();
 * const p = ecs.describeRegions({}, { signal: ac.signal });
 * ac.abort(); // p rejects with CancelledError (code 'SDK.Cancelled')
 */
export class CancelledError extends SdkError {
  constructor(action: string, options?: SdkErrorOptions) {
    super('SDK.Cancelled', `${action || 'The call'} was cancelled by its AbortSignal.`, options);
    this.name = 'CancelledError';
  }
}
