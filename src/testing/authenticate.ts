import type { FakeAccount } from './fake-account.js';
import type { NonceCache } from './nonce-cache.js';
import { verifyRequest, type Verification } from './verify-request.js';

/** How strictly the fake cloud authenticates. */
export interface AuthContext {
  accounts: readonly FakeAccount[];
  now: () => number;
  /** Refuse requests more than 15 minutes off the clock. @default true */
  checkClock: boolean;
  /** Refuse a nonce seen in the last 15 minutes. @default true */
  checkNonce: boolean;
  nonces: NonceCache;
}

/** A refusal: the error code, status and message the real service would send. */
export interface AuthFailure {
  ok: false;
  code: string;
  status: number;
  message: string;
}

export type AuthResult = Extract<Verification, { ok: true }> | AuthFailure;

export const CLOCK_WINDOW_MS = 15 * 60 * 1000;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function refuse(code: string, message: string, status = 400): AuthFailure {
  return { ok: false, code, status, message };
}

/**
 * Authenticates a request as Alibaba Cloud does: the signature first (so a wrong secret is always
 * `SignatureDoesNotMatch`), then the STS token, the 15-minute clock window and nonce replay.
 * `body` is the request's body, already read as text.
 */
export async function authenticate(
  request: Request,
  body: string,
  context: AuthContext,
): Promise<AuthResult> {
  const secrets = Object.fromEntries(context.accounts.map((a) => [a.accessKeyId, a.accessKeySecret]));
  const verified = await verifyRequest(request, secrets, body);
  if (!verified.ok) return verified;
  const account = context.accounts.find((a) => a.accessKeyId === verified.accessKeyId) as FakeAccount;
  const now = context.now();

  if (verified.securityToken !== undefined) {
    if (!account.securityTokens?.length) {
      return refuse('InvalidSecurityToken.Malformed', 'The security token you provided is malformed.');
    }
    if (!account.securityTokens.includes(verified.securityToken)) {
      return refuse(
        'InvalidSecurityToken.MismatchWithAccessKey',
        'The security token you provided does not match the AccessKeyId.',
      );
    }
    if (account.tokenExpiration !== undefined && now > account.tokenExpiration) {
      return refuse('InvalidSecurityToken.Expired', 'The security token you provided has expired.');
    }
  }

  if (context.checkClock) {
    const stamp = verified.timestamp;
    if (!stamp)
      return refuse(
        'MissingParameter',
        'The input parameter "Timestamp" that is mandatory for processing this request is not supplied.',
      );
    if (!TIMESTAMP.test(stamp)) {
      return refuse('InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    }
    if (Math.abs(Date.parse(stamp) - now) > CLOCK_WINDOW_MS) {
      return refuse('InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
  }

  if (context.checkNonce) {
    if (!verified.nonce)
      return refuse(
        'MissingParameter',
        'The input parameter "SignatureNonce" that is mandatory for processing this request is not supplied.',
      );
    if (!context.nonces.use(verified.nonce, now)) {
      return refuse('SignatureNonceUsed', 'Specified signature nonce was used already.');
    }
  }
  return verified;
}
