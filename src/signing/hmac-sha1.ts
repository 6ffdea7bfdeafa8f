import { percentEncode } from './percent-encode.js';
import { hmacSha1Base64 } from './web-crypto.js';

/** Canonical query of RPC v1: every parameter except `Signature`, sorted by name, `enc(k)=enc(v)` joined by `&`. */
export function rpcCanonicalQuery(params: readonly (readonly [string, string])[]): string {
  return params
    .filter(([k]) => k !== 'Signature')
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** `METHOD&%2F&` + enc(canonical query). */
export function rpcStringToSign(method: string, params: readonly (readonly [string, string])[]): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(rpcCanonicalQuery(params))}`;
}

/**
 * Signs RPC parameters with HMAC-SHA1 (SignatureVersion 1.0) and returns the `Signature` value.
 * The common parameters (`AccessKeyId`, `SignatureNonce`, `Timestamp`, …) must already be present.
 *
 * @example
 * import { signRpcHmacSha1 } from 'alicloud-rx';
 * const signature = await signRpcHmacSha1('GET', params, 'testsecret');
 */
export function signRpcHmacSha1(
  method: string,
  params: readonly (readonly [string, string])[],
  accessKeySecret: string,
): Promise<string> {
  return hmacSha1Base64(`${accessKeySecret}&`, rpcStringToSign(method, params));
}
