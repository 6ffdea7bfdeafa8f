/**
 * Key material for one signed request, as a provider hands it out.
 *
 * @example
 * import type { Credential } from 'alicloud-rx';
 * const c: Credential = { accessKeyId: 'LTAI…', accessKeySecret: '…', securityToken: 'CAIS…', expiration: Date.now() + 3600_000 };
 */
export interface Credential {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** STS token, for temporary credentials. */
  readonly securityToken?: string | undefined;
  /** When the credential stops working, in epoch milliseconds. */
  readonly expiration?: number | undefined;
}

/**
 * Anything that can hand out a credential: a static key, an STS token, a file or metadata provider.
 * It is asked once per attempt, so a provider that refreshes is picked up by retries.
 *
 * @example
 * import type { CredentialProvider } from 'alicloud-rx';
 * const provider: CredentialProvider = { getCredential: async () => ({ accessKeyId: id, accessKeySecret: secret }) };
 */
export interface CredentialProvider {
  getCredential(): Promise<Credential>;
}
