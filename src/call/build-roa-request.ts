import type { Credential } from '../credentials/credential.js';
import { acs3Sign, type Acs3Signed } from '../signing/acs3.js';
import { canonicalRequest, signedHeaderNames, signedHeaders } from '../signing/canonical-request.js';
import { formEncode, percentEncodePairs } from '../signing/percent-encode.js';
import { formatTimestamp } from '../signing/timestamp.js';
import { hashBackend } from '../signing/web-crypto.js';
import type { HttpMethod } from '../http/transport.js';
import type { SignedRequest } from './build-rpc-request.js';
import { endpointOrigin } from './endpoint-origin.js';

/** Everything that decides the bytes of one signed ROA request. */
export interface RoaRequestInput {
  /** The base URL, e.g. `https://cs.cn-hangzhou.aliyuncs.com`. */
  endpoint: string;
  method: HttpMethod;
  /** The path as sent: literal segments, path parameters already percent-encoded. */
  path: string;
  action: string;
  version: string;
  /** The query, decoded, in the caller's order. */
  query: readonly (readonly [string, string])[];
  /** The body as text, or `undefined` for none. */
  body: string | undefined;
  /** The body's `content-type` (signed with it). */
  contentType: string | undefined;
  /** The caller's own headers, by lower-case name (`x-acs-*` ones are signed). */
  headers: Readonly<Record<string, string>>;
  userAgent: string;
  /** The signing key; `undefined` sends the request unsigned. */
  credential: Credential | undefined;
  /** The signing time and nonce: fresh for every attempt. */
  date: Date;
  nonce: string;
}

function sha256HexOf(text: string): string | Promise<string> {
  const sync = hashBackend().sync;
  return sync ? sync.sha256Hex(text) : hashBackend().sha256Hex(text);
}

/**
 * Builds and signs one ROA request with ACS3-HMAC-SHA256: the canonical URI is the path (each
 * segment percent-encoded), the canonical query the sorted query, and `host`, `content-type` and
 * every `x-acs-*` header are signed, `x-acs-content-sha256` being the hash of the body. Without a
 * credential the request goes unsigned: the same headers, no `authorization`.
 *
 * @example
 * const request = await buildRoaRequest({ endpoint, method: 'GET', path: '/clusters/c-1', action: 'DescribeClusterDetail', version: '2015-12-15', query: [], body: undefined, contentType: undefined, headers: {}, userAgent, credential, date: new Date(), nonce });
 */
export function buildRoaRequest(input: RoaRequestInput): SignedRequest | Promise<SignedRequest> {
  const hash = sha256HexOf(input.body ?? '');
  return typeof hash === 'string' ? signed(input, hash) : hash.then((h) => signed(input, h));
}

function signed(input: RoaRequestInput, contentSha256: string): SignedRequest | Promise<SignedRequest> {
  const { origin, host } = endpointOrigin(input.endpoint);
  const headers: Record<string, string> = { ...input.headers };
  headers['x-acs-action'] = input.action;
  headers['x-acs-version'] = input.version;
  headers['x-acs-date'] = formatTimestamp(input.date);
  headers['x-acs-signature-nonce'] = input.nonce;
  headers['x-acs-content-sha256'] = contentSha256;
  if (input.contentType !== undefined) headers['content-type'] = input.contentType;
  const credential = input.credential;
  if (credential?.securityToken) headers['x-acs-security-token'] = credential.securityToken;
  const search = input.query.length > 0 ? `?${formEncode(input.query)}` : '';
  const target = `${origin}${input.path}${search}`;
  const finish = (done: Acs3Signed | undefined): SignedRequest => {
    headers.accept = 'application/json';
    headers['user-agent'] = input.userAgent;
    if (done) headers.authorization = done.authorization;
    return { url: target, method: input.method, headers, body: input.body, signature: done?.signature ?? '' };
  };
  if (!credential) return finish(undefined);
  const list = signedHeaders(signedHeaderNames(Object.keys(headers)));
  const canonical = canonicalRequest({
    method: input.method,
    path: input.path,
    encodedQuery: percentEncodePairs(input.query),
    host,
    headers,
    signedHeaders: list,
    hashedPayload: contentSha256,
  });
  const signing = acs3Sign(canonical, list.list, credential);
  return signing instanceof Promise ? signing.then(finish) : finish(signing);
}
