import { SdkError } from './sdk-error.js';

/**
 * The client was shut down: new calls are refused (never silently dropped).
 *
 * @example
 * await ecs.shutdown();
 * await ecs.describeRegions({}); // rejects with ClientClosedError (code 'SDK.ClientShutdown')
 */
export class ClientClosedError extends SdkError {
  constructor() {
    super('SDK.ClientShutdown', 'The client has been shut down: create a new client to send more calls.');
    this.name = 'ClientClosedError';
  }
}
