import { isHeaderValue } from '../http/header-value.js';
import { isNonEmptyString } from '../checks.js';
import { ClientError } from '../errors/client-error.js';
import type { Credential } from './credential.js';

// Credentials checked, then frozen (so they cannot change since): not checked again per attempt.
const frozenChecked = new WeakSet<object>();

/**
 * Checks a credential's shape without ever echoing a secret: the error names the field only.
 * The accessKeyId and securityToken must be printable Latin-1 (they go in headers).
 * Throws `ClientError` `SDK.InvalidParam`.
 */
export function checkCredential(credential: unknown, where: string): Credential {
  if (typeof credential === 'object' && credential !== null && frozenChecked.has(credential)) {
    return credential as Credential;
  }
  const c = (credential ?? {}) as Partial<Record<keyof Credential, unknown>>;
  if (!isNonEmptyString(c.accessKeyId)) {
    throw new ClientError('SDK.InvalidParam', `${where}: accessKeyId must be a non-empty string.`);
  }
  // The id goes in the Authorization header and the token in x-acs-security-token: refused here,
  // not as a NetworkError on every call. Never quoted (a secret may have been put there by mistake).
  if (!isHeaderValue(c.accessKeyId)) {
    throw new ClientError(
      'SDK.InvalidParam',
      `${where}: accessKeyId must be printable Latin-1 text without control characters (value not shown).`,
    );
  }
  if (!isNonEmptyString(c.accessKeySecret)) {
    throw new ClientError(
      'SDK.InvalidParam',
      `${where}: accessKeySecret must be a non-empty string (value not shown).`,
    );
  }
  if (c.securityToken !== undefined && !isNonEmptyString(c.securityToken)) {
    throw new ClientError(
      'SDK.InvalidParam',
      `${where}: securityToken, when given, must be a non-empty string (value not shown).`,
    );
  }
  if (c.securityToken !== undefined && !isHeaderValue(c.securityToken)) {
    throw new ClientError(
      'SDK.InvalidParam',
      `${where}: securityToken must be printable Latin-1 text without control characters (value not shown).`,
    );
  }
  if (c.expiration !== undefined && (typeof c.expiration !== 'number' || !Number.isFinite(c.expiration))) {
    throw new ClientError(
      'SDK.InvalidParam',
      `${where}: expiration, when given, must be epoch milliseconds.`,
    );
  }
  return c as Credential;
}

/** {@link checkCredential}, then a frozen copy that later checks pass at once. */
export function frozenCredential(credential: unknown, where: string): Readonly<Credential> {
  const frozen = Object.freeze({ ...checkCredential(credential, where) });
  frozenChecked.add(frozen);
  return frozen;
}
