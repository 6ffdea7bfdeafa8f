/**
 * An account the fake cloud knows. STS use: list the tokens the AccessKey accepts; a request that
 * carries another token gets `InvalidSecurityToken.MismatchWithAccessKey`.
 *
 * @example
 * createFakeCloud({ accounts: [{ accessKeyId: 'ci', accessKeySecret: 'ci-secret', securityTokens: ['tok'] }] });
 */
export interface FakeAccount {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS tokens this AccessKey accepts. @default none */
  securityTokens?: readonly string[];
  /** When the tokens expire, in epoch ms (`InvalidSecurityToken.Expired` after it). */
  tokenExpiration?: number;
}

/** The STS token of the default account (the one in the captured vectors). */
export const DEFAULT_SECURITY_TOKEN = 'test-sts-token/with+special=chars';

/** `testid` / `testsecret`, accepting {@link DEFAULT_SECURITY_TOKEN}. */
export const DEFAULT_ACCOUNTS: readonly FakeAccount[] = [
  { accessKeyId: 'testid', accessKeySecret: 'testsecret', securityTokens: [DEFAULT_SECURITY_TOKEN] },
];
