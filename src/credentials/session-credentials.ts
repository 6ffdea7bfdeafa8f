import type { Credential } from './credential.js';
import { credentialError } from './node-credential-options.js';
import { unshownValue } from './unshown-value.js';

interface SessionDocument {
  Code?: unknown;
  AccessKeyId?: unknown;
  AccessKeySecret?: unknown;
  SecurityToken?: unknown;
  Expiration?: unknown;
}

/**
 * The credentials document of the ECS metadata service, which a credentials URI answers too:
 * `{ Code: 'Success', AccessKeyId, AccessKeySecret, SecurityToken, Expiration }`. Any other shape is
 * a `SDK.CredentialError` naming the field, never a value (the text holds the secret). With
 * `codeRequired` off, a document without `Code` passes (a `Code` other than `Success` never does).
 */
export function parseSessionCredentials(text: string, where: string, codeRequired: boolean): Credential {
  let body: SessionDocument;
  try {
    body = JSON.parse(text) as SessionDocument;
  } catch {
    throw credentialError(`${where} did not answer JSON.`);
  }
  if (typeof body !== 'object' || body === null) throw credentialError(`${where} did not answer an object.`);
  // credentials-go: `if *data.Code != "Success"` → "refresh Ecs sts token err, Code is not Success".
  if (body.Code !== 'Success' && (codeRequired || body.Code !== undefined))
    throw credentialError(`${where} answered a Code other than "Success" (${unshownValue(body.Code)}).`);
  const { AccessKeyId: id, AccessKeySecret: secret, SecurityToken: token, Expiration } = body;
  if (typeof id !== 'string' || typeof secret !== 'string' || typeof token !== 'string' || !id || !secret)
    throw credentialError(`${where} answered without AccessKeyId, AccessKeySecret and SecurityToken.`);
  const expiration = typeof Expiration === 'string' ? Date.parse(Expiration) : NaN;
  if (!Number.isFinite(expiration))
    throw credentialError(`${where} answered no readable Expiration (expected e.g. 2026-01-01T00:00:00Z).`);
  return { accessKeyId: id, accessKeySecret: secret, securityToken: token, expiration };
}
