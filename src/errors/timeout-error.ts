import { SdkError } from './sdk-error.js';

/**
 * An attempt took longer than `readTimeout` (the whole attempt: connect, headers and body), or,
 * with a transport that can tell (`nodeHttpTransport`), a new connection did not open within
 * `connectTimeout` (`phase: 'connect'`: nothing was sent, so it is always retried).
 *
 * @example
 * import { TimeoutError } from 'alicloud-rx';
 * ecs.describeInstances({ RegionId: 'cn-hangzhou' }, { readTimeout: 2000 }).catch((e) => e instanceof TimeoutError);
 */
export class TimeoutError extends SdkError {
  readonly action: string;
  readonly timeout: number;
  readonly attempts: number;
  /** Which bound ran out: `readTimeout` (`'read'`) or `connectTimeout` (`'connect'`). */
  readonly phase: 'read' | 'connect';

  constructor(action: string, timeout: number, attempts: number, phase: 'read' | 'connect' = 'read') {
    super(
      'SDK.TimeoutError',
      phase === 'connect'
        ? `${action} could not connect within ${timeout} ms (attempt ${attempts}). Raise connectTimeout if the network is slow.`
        : `${action} timed out after ${timeout} ms (attempt ${attempts}). Raise readTimeout if the service is slow.`,
    );
    this.name = 'TimeoutError';
    this.action = action;
    this.timeout = timeout;
    this.attempts = attempts;
    this.phase = phase;
  }
}
