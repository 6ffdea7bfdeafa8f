import type { SignatureAlgorithm } from '../config.js';
import type { HttpMethod } from '../http/transport.js';
import type { Credential } from '../credentials/credential.js';
import { acs3Sign, EMPTY_BODY_SHA256, type Acs3Signed } from '../signing/acs3.js';
import { canonicalRequest, signedHeaderNames, signedHeaders } from '../signing/canonical-request.js';
import { signRpcHmacSha1 } from '../signing/hmac-sha1.js';
import { formEncode, percentEncodePairs } from '../signing/percent-encode.js';
import { formatTimestamp } from '../signing/timestamp.js';
import { endpointOrigin } from './endpoint-origin.js';

/** Everything that decides the bytes of one signed RPC request. */
export interface RpcRequestInput {
  endpoint: string;
  method: 'POST' | 'GET';
  action: string;
  version: string;
  params: readonly (readonly [string, string])[];
  algorithm: SignatureAlgorithm;
  userAgent: string;
  /** The signing key; `undefined` sends the request unsigned (see `AnonymousCredential`). */
  credential: Credential | undefined;
  /** The signing time and nonce: fresh for every attempt. */
  date: Date;
  nonce: string;
}

/** A signed request, ready for `fetch`. */
export interface SignedRequest {
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body: string | undefined;
  /** The signature, kept only so it can be redacted from anything a server echoes. */
  signature: string;
}

// ACS3 for RPC sends and signs these `x-acs-*` headers (and `x-acs-security-token` with STS),
// plus `host`: the sorted names, and their `;` list for Authorization, are derived once, here.
const ACS3_HEADERS = [
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256',
];
const SIGNED = signedHeaders(signedHeaderNames(ACS3_HEADERS));
const SIGNED_STS = signedHeaders(signedHeaderNames([...ACS3_HEADERS, 'x-acs-security-token']));

function acs3(input: RpcRequestInput, credential: Credential): SignedRequest | Promise<SignedRequest> {
  const { origin, host } = endpointOrigin(input.endpoint);
  const token = credential.securityToken;
  const headers: Record<string, string> = {
    'x-acs-action': input.action,
    'x-acs-version': input.version,
    'x-acs-date': formatTimestamp(input.date),
    'x-acs-signature-nonce': input.nonce,
    'x-acs-content-sha256': EMPTY_BODY_SHA256,
  };
  if (token) headers['x-acs-security-token'] = token;
  // Encoded once: joined in the caller's order for the URL, sorted for the canonical query.
  const encoded = percentEncodePairs(input.params);
  const query = encoded.map(([k, v]) => `${k}=${v}`).join('&');
  const signed = token ? SIGNED_STS : SIGNED;
  const canonical = canonicalRequest({
    method: input.method,
    path: '/',
    encodedQuery: encoded,
    host,
    headers,
    signedHeaders: signed,
    hashedPayload: EMPTY_BODY_SHA256,
  });
  const url = `${origin}/${query ? `?${query}` : ''}`;
  // node:crypto signs with no promise in between; Web Crypto's answer comes a turn later.
  const signing = acs3Sign(canonical, signed.list, credential);
  return signing instanceof Promise
    ? signing.then((done) => acs3Request(input, url, headers, done))
    : acs3Request(input, url, headers, signing);
}

function acs3Request(
  input: RpcRequestInput,
  url: string,
  headers: Record<string, string>,
  signed: Acs3Signed,
): SignedRequest {
  headers.accept = 'application/json';
  headers['user-agent'] = input.userAgent;
  headers.authorization = signed.authorization;
  return { url, method: input.method, headers, body: undefined, signature: signed.signature };
}

async function hmacSha1(input: RpcRequestInput, credential: Credential): Promise<SignedRequest> {
  const url = endpointOrigin(input.endpoint);
  const pairs: (readonly [string, string])[] = [
    ...input.params,
    ['Action', input.action],
    ['Version', input.version],
    ['Format', 'JSON'],
    ['AccessKeyId', credential.accessKeyId],
    ['SignatureMethod', 'HMAC-SHA1'],
    ['SignatureVersion', '1.0'],
    ['SignatureNonce', input.nonce],
    ['Timestamp', formatTimestamp(input.date)],
  ];
  if (credential.securityToken) pairs.push(['SecurityToken', credential.securityToken]);
  const signature = await signRpcHmacSha1(input.method, pairs, credential.accessKeySecret);
  const encoded = formEncode([...pairs, ['Signature', signature]]);
  const headers: Record<string, string> = {
    'x-acs-action': input.action,
    'x-acs-version': input.version,
    accept: 'application/json',
    'user-agent': input.userAgent,
  };
  if (input.method === 'GET') {
    return { url: `${url.origin}/?${encoded}`, method: 'GET', headers, body: undefined, signature };
  }
  headers['content-type'] = 'application/x-www-form-urlencoded';
  return { url: `${url.origin}/`, method: 'POST', headers, body: encoded, signature };
}

// Unsigned, as the official credentials libraries send AssumeRoleWithOIDC: `Action`, `Version`,
// `Format` and `Timestamp` in the query, the parameters in a form body (or, for GET, the query).
function anonymous(input: RpcRequestInput): SignedRequest {
  const url = endpointOrigin(input.endpoint);
  const common: (readonly [string, string])[] = [
    ['Version', input.version],
    ['Action', input.action],
    ['Format', 'JSON'],
    ['Timestamp', formatTimestamp(input.date)],
  ];
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': input.userAgent };
  if (input.method === 'GET') {
    const query = formEncode([...common, ...input.params]);
    return { url: `${url.origin}/?${query}`, method: 'GET', headers, body: undefined, signature: '' };
  }
  headers['content-type'] = 'application/x-www-form-urlencoded';
  return {
    url: `${url.origin}/?${formEncode(common)}`,
    method: 'POST',
    headers,
    body: formEncode(input.params),
    signature: '',
  };
}

/**
 * Builds and signs one RPC request: ACS3-HMAC-SHA256 sends `POST /?<params>` with signed `x-acs-*`
 * headers; HMAC-SHA1 sends the parameters and `Signature` in a form body (POST) or the query (GET).
 * Without a credential the request goes unsigned (`anonymous`). The request itself, not a promise,
 * when nothing had to wait (ACS3 on a synchronous hash backend, or unsigned).
 */
export function buildRpcRequest(input: RpcRequestInput): SignedRequest | Promise<SignedRequest> {
  const { credential } = input;
  if (!credential) return anonymous(input);
  return input.algorithm === 'HMAC-SHA1' ? hmacSha1(input, credential) : acs3(input, credential);
}
