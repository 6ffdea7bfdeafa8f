import type { Credential, CredentialProvider } from './credential.js';
import { checkCredential } from './check-credential.js';

/**
 * A static STS credential (AccessKey pair plus security token). Secret and token stay private.
 *
 * @example
 * import { StsTokenCredential } from 'alicloud-rx';
 * const credential = new StsTokenCredential('STS.id', 'secret', 'CAIS…token');
 */
export class StsTokenCredential implements CredentialProvider {
  readonly accessKeyId: string;
  readonly #credential: Credential;

  constructor(accessKeyId: string, accessKeySecret: string, securityToken: string) {
    const credential = { accessKeyId, accessKeySecret, securityToken: securityToken ?? '' };
    this.#credential = Object.freeze(checkCredential(credential, 'StsTokenCredential'));
    this.accessKeyId = accessKeyId;
  }

  getCredential(): Promise<Credential> {
    return Promise.resolve(this.#credential);
  }

  toString(): string {
    return `StsTokenCredential(${this.accessKeyId})`;
  }

  toJSON(): Record<string, string> {
    return { type: 'sts', accessKeyId: this.accessKeyId };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
