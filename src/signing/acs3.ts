import {
  canonicalRequest,
  signedHeaderNames,
  signedHeaders,
  type SignedHeaders,
} from './canonical-request.js';
import { percentEncodePairs } from './percent-encode.js';
import { hashBackend, hmacSha256Hex, sha256Hex } from './web-crypto.js';

/** The algorithm name that opens the string-to-sign and the Authorization header. */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** SHA-256 of the empty body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** A request as ACS3 sees it: decoded query pairs, lower- or mixed-case header names, the host with its port. */
export interface Acs3Request {
  method: string;
  host: string;
  /** `/` for RPC; the ROA path (segments are percent-encoded for the canonical URI). */
  path: string;
  query: readonly (readonly [string, string])[];
  headers: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body (`x-acs-content-sha256`). */
  contentSha256: string;
}

/** The signing key material ACS3 needs. */
export interface SigningCredential {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

/** {@link canonicalRequest} of an {@link Acs3Request}, signing these lower-case header names in this order. */
export function acs3CanonicalRequest(request: Acs3Request, names: readonly string[]): string {
  return canonicalOf(request, signedHeaders(names));
}

function canonicalOf(request: Acs3Request, signed: SignedHeaders): string {
  const headers = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return canonicalRequest({
    method: request.method,
    path: request.path,
    host: request.host,
    encodedQuery: percentEncodePairs(request.query),
    headers,
    signedHeaders: signed,
    hashedPayload: request.contentSha256,
  });
}

/** `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request. */
export async function acs3StringToSign(canonical: string): Promise<string> {
  return `${ACS3_ALGORITHM}\n${await sha256Hex(canonical)}`;
}

/** Hex HMAC-SHA256 of the string-to-sign, keyed by the secret itself (no `&`). */
export function acs3Signature(stringToSign: string, accessKeySecret: string): Promise<string> {
  return hmacSha256Hex(accessKeySecret, stringToSign);
}

/**
 * Signs a request with ACS3-HMAC-SHA256 and returns its `Authorization` header value. Pure: the
 * date, nonce, security token and content hash must already be among `request.headers`.
 *
 * @example
 * import { signAcs3 } from 'alicloud-rx';
 * const authorization = await signAcs3(request, { accessKeyId: 'id', accessKeySecret: 'secret' });
 */
export async function signAcs3(request: Acs3Request, credential: SigningCredential): Promise<string> {
  const signed = signedHeaders(signedHeaderNames(Object.keys(request.headers)));
  return acs3Authorization(canonicalOf(request, signed), signed.list, credential);
}

/**
 * The `Authorization` value for a canonical request already built by {@link canonicalRequest} (as
 * {@link signAcs3} does).
 */
export async function acs3Authorization(
  canonical: string,
  signedHeaderList: string,
  credential: SigningCredential,
): Promise<string> {
  return (await acs3Sign(canonical, signedHeaderList, credential)).authorization;
}

/** An ACS3 signature and the `Authorization` value that carries it. */
export interface Acs3Signed {
  authorization: string;
  signature: string;
}

/**
 * Signs a canonical request: at once, with no promise in between, when the hash backend is
 * synchronous (node:crypto); a turn later on Web Crypto. The RPC and ROA request builders sign
 * through here.
 *
 * @example
 * const signed = acs3Sign(canonical, 'host;x-acs-action;…', credential);
 * const { authorization } = signed instanceof Promise ? await signed : signed;
 */
export function acs3Sign(
  canonical: string,
  signedHeaderList: string,
  credential: SigningCredential,
): Acs3Signed | Promise<Acs3Signed> {
  const sync = hashBackend().sync;
  if (sync) {
    const stringToSign = `${ACS3_ALGORITHM}\n${sync.sha256Hex(canonical)}`;
    return acs3Signed(
      signedHeaderList,
      credential,
      sync.hmacSha256Hex(credential.accessKeySecret, stringToSign),
    );
  }
  return acs3StringToSign(canonical)
    .then((stringToSign) => acs3Signature(stringToSign, credential.accessKeySecret))
    .then((signature) => acs3Signed(signedHeaderList, credential, signature));
}

function acs3Signed(signedHeaderList: string, credential: SigningCredential, signature: string): Acs3Signed {
  return {
    authorization: `${ACS3_ALGORITHM} Credential=${credential.accessKeyId},SignedHeaders=${signedHeaderList},Signature=${signature}`,
    signature,
  };
}
