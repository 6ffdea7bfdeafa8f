import type { Credential, CredentialProvider } from './credential.js';
import { frozenCredential } from './check-credential.js';

/**
 * A credential fixed at construction. The secret and token live in a private field:
 * `toString()`, `JSON.stringify` and `util.inspect` show only the kind and the AccessKeyId.
 */
export abstract class StaticCredential implements CredentialProvider {
  readonly accessKeyId: string;
  readonly #credential: Credential;

  protected constructor(
    private readonly kind: 'AccessKeyCredential' | 'StsTokenCredential',
    credential: Credential,
  ) {
    this.#credential = frozenCredential(credential, kind);
    this.accessKeyId = credential.accessKeyId;
  }

  getCredential(): Promise<Credential> {
    return Promise.resolve(this.#credential);
  }

  /**
   * The same credential, now: the call pipeline signs with it without waiting a turn for
   * `getCredential()`'s promise (it was checked and frozen at construction).
   *
   * @example
   * const { accessKeyId } = new AccessKeyCredential(id, secret).credentialNow();
   */
  credentialNow(): Credential {
    return this.#credential;
  }

  toString(): string {
    return `${this.kind}(${this.accessKeyId})`;
  }

  toJSON(): Record<string, string> {
    return { type: this.kind, accessKeyId: this.accessKeyId };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
