import { percentEncode } from './percent-encode.js';
import { hmacSha256Hex, sha256Hex } from './web-crypto.js';

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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Canonical query: pairs sorted by name (then value), each `enc(name)=enc(value)`, joined by `&`. */
export function canonicalQuery(query: readonly (readonly [string, string])[]): string {
  const encoded: (readonly [string, string])[] = [];
  for (const [k, v] of query) encoded.push([percentEncode(k), percentEncode(v)]);
  return canonicalEncodedQuery(encoded);
}

/** {@link canonicalQuery} of pairs already percent-encoded (sorts a copy; the input keeps its order). */
export function canonicalEncodedQuery(encodedPairs: readonly (readonly [string, string])[]): string {
  const encoded = [...encodedPairs].sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  let out = '';
  for (let i = 0; i < encoded.length; i++) {
    const [k, v] = encoded[i]!;
    out += i === 0 ? `${k}=${v}` : `&${k}=${v}`;
  }
  return out;
}

/** Canonical URI: each path segment percent-encoded, `/` kept. */
export function canonicalUri(path: string): string {
  return (path || '/')
    .split('/')
    .map((segment) => percentEncode(decodeURIComponentSafe(segment)))
    .join('/');
}

function decodeURIComponentSafe(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The header names ACS3 signs by default: `host`, `content-type` and every `x-acs-*`, lower-cased and sorted. */
export function defaultSignedHeaders(request: Acs3Request): string[] {
  const names = new Set(['host']);
  for (const name of Object.keys(request.headers)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-acs-') || lower === 'content-type') names.add(lower);
  }
  return [...names].sort();
}

/** The canonical request for the given signed header names (as a verifier reads them from Authorization). */
export function acs3CanonicalRequest(request: Acs3Request, signedHeaders: readonly string[]): string {
  const lowerHeaders = new Map<string, string>([['host', request.host]]);
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== 'host') lowerHeaders.set(name.toLowerCase(), value);
  }
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(lowerHeaders.get(name) ?? '').trim()}\n`)
    .join('');
  return [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.query),
    canonicalHeaders,
    signedHeaders.join(';'),
    request.contentSha256,
  ].join('\n');
}

/** `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request. */
export async function acs3StringToSign(canonicalRequest: string): Promise<string> {
  return `${ACS3_ALGORITHM}\n${await sha256Hex(canonicalRequest)}`;
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
  const signedHeaders = defaultSignedHeaders(request);
  return acs3Authorization(acs3CanonicalRequest(request, signedHeaders), signedHeaders.join(';'), credential);
}

/**
 * The `Authorization` value for a canonical request already built (by {@link acs3CanonicalRequest},
 * or directly by a caller that knows its headers, as the RPC request builder does).
 */
export async function acs3Authorization(
  canonicalRequest: string,
  signedHeaderList: string,
  credential: SigningCredential,
): Promise<string> {
  const stringToSign = await acs3StringToSign(canonicalRequest);
  const signature = await acs3Signature(stringToSign, credential.accessKeySecret);
  return `${ACS3_ALGORITHM} Credential=${credential.accessKeyId},SignedHeaders=${signedHeaderList},Signature=${signature}`;
}
