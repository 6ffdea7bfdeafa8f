import { SdkError } from './sdk-error.js';

/**
 * An answer's body grew past `maxResponseBytes` (counted decoded, after gzip/deflate/br): reading
 * stopped at the limit and the request was aborted. Not retried: the same call would get the same
 * answer. Ask for less (a smaller page size) or raise `Config.withMaxResponseBytes`.
 *
 * @example
 * import { ResponseTooLargeError } from 'alicloud-rx';
 * ecs.describeInstances({ RegionId: 'cn-hangzhou' }).catch((e) => e instanceof ResponseTooLargeError && console.log(e.limit));
 */
export class ResponseTooLargeError extends SdkError {
  readonly action: string;
  /** The limit that was reached, in bytes. */
  readonly limit: number;
  readonly attempts: number;

  constructor(action: string, limit: number, attempts: number) {
    super(
      'SDK.ResponseTooLarge',
      `${action} failed: the answer is larger than maxResponseBytes (${limit} bytes, counted decoded); ` +
        `reading stopped there (attempt ${attempts}). Ask for less (a smaller page) or raise Config.withMaxResponseBytes.`,
    );
    this.name = 'ResponseTooLargeError';
    this.action = action;
    this.limit = limit;
    this.attempts = attempts;
  }
}
