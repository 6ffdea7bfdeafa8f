import type { Credential } from './credential.js';
import { credentialError } from './node-credential-options.js';

interface StsAnswer {
  Credentials?: {
    AccessKeyId?: unknown;
    AccessKeySecret?: unknown;
    SecurityToken?: unknown;
    Expiration?: unknown;
  };
}

/**
 * The `Credentials` of an STS `AssumeRole` / `AssumeRoleWithOIDC` answer as a {@link Credential}; a
 * `SDK.CredentialError` naming the missing field (never a value) when the answer lacks one. `where`
 * says which call answered, e.g. `AssumeRole of acs:ram::1:role/x at https://sts.aliyuncs.com`.
 */
export function stsCredentials(answer: unknown, where: string): Credential {
  const c = (answer as StsAnswer | null | undefined)?.Credentials;
  if (
    typeof c?.AccessKeyId !== 'string' ||
    typeof c.AccessKeySecret !== 'string' ||
    typeof c.SecurityToken !== 'string'
  )
    throw credentialError(
      `${where} answered without Credentials.AccessKeyId, AccessKeySecret and SecurityToken.`,
    );
  const expiration = typeof c.Expiration === 'string' ? Date.parse(c.Expiration) : NaN;
  if (!Number.isFinite(expiration))
    throw credentialError(`${where} answered no readable Credentials.Expiration.`);
  return {
    accessKeyId: c.AccessKeyId,
    accessKeySecret: c.AccessKeySecret,
    securityToken: c.SecurityToken,
    expiration,
  };
}
