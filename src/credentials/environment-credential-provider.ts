import { ClientError } from '../errors/client-error.js';
import type { Credential, CredentialProvider } from './credential.js';
import { checkCredential } from './check-credential.js';

/**
 * Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and, when set,
 * `ALIBABA_CLOUD_SECURITY_TOKEN` (the official tools' names) on every call, so a rotated
 * variable is picked up. Node only.
 *
 * @example
 * import { EnvironmentCredentialProvider } from 'alicloud-rx/node';
 * const ecs = new EcsClient('cn-hangzhou', config, new EnvironmentCredentialProvider());
 */
export class EnvironmentCredentialProvider implements CredentialProvider {
  // Private: the environment holds the secret, and must never show in inspect or JSON.
  readonly #env: Readonly<Record<string, string | undefined>>;

  constructor(env: Readonly<Record<string, string | undefined>> = process.env) {
    this.#env = env;
  }

  getCredential(): Promise<Credential> {
    const id = this.#env.ALIBABA_CLOUD_ACCESS_KEY_ID;
    const secret = this.#env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
    if (!id || !secret) {
      return Promise.reject(
        new ClientError(
          'SDK.InvalidParam',
          'Environment credentials are missing: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET.',
        ),
      );
    }
    const token = this.#env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined;
    return Promise.resolve(
      checkCredential(
        { accessKeyId: id, accessKeySecret: secret, ...(token ? { securityToken: token } : {}) },
        'Environment credentials',
      ),
    );
  }

  toString(): string {
    return 'EnvironmentCredentialProvider';
  }

  toJSON(): Record<string, string> {
    return { type: 'EnvironmentCredentialProvider' };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
