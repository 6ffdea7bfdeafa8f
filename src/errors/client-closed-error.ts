import { SdkError } from './sdk-error.js';

/**
 * The client was shut down: new calls are refused (never silently dropped); with
 * `shutdown({ cancelQueued: true })`, calls still waiting in the queue end with it too
 * (`wasQueued` true). Either way, nothing of the call was sent.
 *
 * @example
 * await ecs.shutdown();
 * await ecs.describeRegions({}); // rejects with ClientClosedError (code 'SDK.ClientShutdown')
 */
export class ClientClosedError extends SdkError {
  /** True for a call that was waiting in the queue when the client shut down (it was never sent). */
  readonly wasQueued: boolean;

  constructor(queued = false) {
    super(
      'SDK.ClientShutdown',
      queued
        ? 'The client was shut down while this call waited in its queue: it was never sent.'
        : 'The client has been shut down: create a new client to send more calls.',
    );
    this.name = 'ClientClosedError';
    this.wasQueued = queued;
  }
}
