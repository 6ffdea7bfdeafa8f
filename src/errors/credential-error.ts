import { SdkError, type SdkErrorOptions } from './sdk-error.js';

/**
 * A credential source failed at run time: the ECS metadata service, STS, a credentials URI or an
 * OIDC token file did not answer, or answered something that is not a credential. The message
 * names the request and how it failed, never a secret (nor a value the source sent back); fix the
 * source it names, or pass a different credential provider.
 *
 * @example
 * import { CredentialError } from 'alicloud-rx';
 * ecs.describeRegions({}).catch((e) => e instanceof CredentialError && console.error('no credential:', e.message));
 */
export class CredentialError extends SdkError {
  constructor(message: string, options?: SdkErrorOptions) {
    super('SDK.CredentialError', message, options);
    this.name = 'CredentialError';
  }
}
