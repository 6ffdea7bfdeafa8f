import type { SignatureAlgorithm } from '../config.js';
import type { Credential } from '../credentials/credential.js';
import { EMPTY_BODY_SHA256, signAcs3 } from '../signing/acs3.js';
import { signRpcHmacSha1 } from '../signing/hmac-sha1.js';
import { percentEncode } from '../signing/percent-encode.js';
import { formatTimestamp } from '../signing/timestamp.js';

/** Everything that decides the bytes of one signed RPC request. */
export interface RpcRequestInput {
  endpoint: string;
  method: 'POST' | 'GET';
  action: string;
  version: string;
  params: readonly (readonly [string, string])[];
  algorithm: SignatureAlgorithm;
  userAgent: string;
  credential: Credential;
  /** The signing time and nonce: fresh for every attempt. */
  date: Date;
  nonce: string;
}

/** A signed request, ready for `fetch`. */
export interface SignedRequest {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body: string | undefined;
  /** The signature, kept only so it can be redacted from anything a server echoes. */
  signature: string;
}

function encodePairs(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

async function acs3(input: RpcRequestInput): Promise<SignedRequest> {
  const url = new URL(input.endpoint);
  const headers: Record<string, string> = {
    'x-acs-action': input.action,
    'x-acs-version': input.version,
    'x-acs-date': formatTimestamp(input.date),
    'x-acs-signature-nonce': input.nonce,
    'x-acs-content-sha256': EMPTY_BODY_SHA256,
  };
  if (input.credential.securityToken) headers['x-acs-security-token'] = input.credential.securityToken;
  const authorization = await signAcs3(
    {
      method: input.method,
      host: url.host,
      path: '/',
      query: input.params,
      headers,
      contentSha256: EMPTY_BODY_SHA256,
    },
    input.credential,
  );
  const query = encodePairs(input.params);
  return {
    url: `${url.origin}/${query ? `?${query}` : ''}`,
    method: input.method,
    headers: { ...headers, accept: 'application/json', 'user-agent': input.userAgent, authorization },
    body: undefined,
    signature: authorization.slice(authorization.lastIndexOf('Signature=') + 10),
  };
}

async function hmacSha1(input: RpcRequestInput): Promise<SignedRequest> {
  const url = new URL(input.endpoint);
  const pairs: (readonly [string, string])[] = [
    ...input.params,
    ['Action', input.action],
    ['Version', input.version],
    ['Format', 'JSON'],
    ['AccessKeyId', input.credential.accessKeyId],
    ['SignatureMethod', 'HMAC-SHA1'],
    ['SignatureVersion', '1.0'],
    ['SignatureNonce', input.nonce],
    ['Timestamp', formatTimestamp(input.date)],
  ];
  if (input.credential.securityToken) pairs.push(['SecurityToken', input.credential.securityToken]);
  const signature = await signRpcHmacSha1(input.method, pairs, input.credential.accessKeySecret);
  const encoded = encodePairs([...pairs, ['Signature', signature]]);
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

/**
 * Builds and signs one RPC request: ACS3-HMAC-SHA256 sends `POST /?<params>` with signed `x-acs-*`
 * headers; HMAC-SHA1 sends the parameters and `Signature` in a form body (POST) or the query (GET).
 */
export function buildRpcRequest(input: RpcRequestInput): Promise<SignedRequest> {
  return input.algorithm === 'HMAC-SHA1' ? hmacSha1(input) : acs3(input);
}
