import { SdkError } from './sdk-error.js';

/**
 * The pool was busy and its queue full: the call was refused at once and nothing was sent.
 * Use `withPool` for pipelines that should wait instead.
 *
 * @example
 * import { QueueFullError } from 'alicloud-rx';
 * ecs.describeRegions$({}).subscribe({ error: (e) => e instanceof QueueFullError && console.log(e.maxTaskQueueSize) });
 */
export class QueueFullError extends SdkError {
  readonly poolSize: number;
  readonly maxTaskQueueSize: number;

  constructor(poolSize: number, maxTaskQueueSize: number) {
    super(
      'SDK.AsyncTaskQueueFull',
      `The task queue is full (${maxTaskQueueSize} waiting, ${poolSize} running): the call was not sent. ` +
        'Raise maxTaskQueueSize, or use withPool() to apply backpressure instead of rejecting.',
    );
    this.name = 'QueueFullError';
    this.poolSize = poolSize;
    this.maxTaskQueueSize = maxTaskQueueSize;
  }
}
