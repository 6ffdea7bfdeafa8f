import type { Credential, CredentialProvider } from './credential.js';
import { checkCredential } from './check-credential.js';

/**
 * A static AccessKey pair. The secret lives in a private field: `toString()`, `JSON.stringify` and
 * `util.inspect` show only the AccessKeyId.
 *
 * @example
 * import { AccessKeyCredential } from 'alicloud-rx';
 * const credential = new AccessKeyCredential(process.env.ALIBABA_CLOUD_ACCESS_KEY_ID!, process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET!);
 */
export class AccessKeyCredential implements CredentialProvider {
  readonly accessKeyId: string;
  readonly #credential: Credential;

  constructor(accessKeyId: string, accessKeySecret: string) {
    this.#credential = Object.freeze(
      checkCredential({ accessKeyId, accessKeySecret }, 'AccessKeyCredential'),
    );
    this.accessKeyId = accessKeyId;
  }

  getCredential(): Promise<Credential> {
    return Promise.resolve(this.#credential);
  }

  toString(): string {
    return `AccessKeyCredential(${this.accessKeyId})`;
  }

  toJSON(): Record<string, string> {
    return { type: 'access_key', accessKeyId: this.accessKeyId };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
