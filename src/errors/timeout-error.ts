import { SdkError } from './sdk-error.js';

/**
 * An attempt took longer than `readTimeout` (the whole attempt: connect, headers and body).
 *
 * @example
 * import { TimeoutError } from 'alicloud-rx';
 * ecs.describeInstances({ RegionId: 'cn-hangzhou' }, { readTimeout: 2000 }).catch((e) => e instanceof TimeoutError);
 */
export class TimeoutError extends SdkError {
  readonly action: string;
  readonly timeout: number;
  readonly attempts: number;

  constructor(action: string, timeout: number, attempts: number) {
    super(
      'SDK.TimeoutError',
      `${action} timed out after ${timeout} ms (attempt ${attempts}). Raise readTimeout if the service is slow.`,
    );
    this.name = 'TimeoutError';
    this.action = action;
    this.timeout = timeout;
    this.attempts = attempts;
  }
}
