import { hmacSha1Base64 } from './web-crypto.js';

/** A ROA request as the legacy HMAC-SHA1 scheme sees it (header names in any case; decoded query pairs). */
export interface RoaRequest {
  method: string;
  path: string;
  query: readonly (readonly [string, string])[];
  headers: Readonly<Record<string, string>>;
}

/**
 * ROA HMAC-SHA1 string-to-sign: `METHOD\nAccept\nContent-MD5\nContent-Type\nDate\n`, the sorted
 * `x-acs-*` headers as `name:value\n`, then the path and the sorted decoded query.
 */
export function roaStringToSign(request: RoaRequest): string {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(request.headers)) headers.set(name.toLowerCase(), value);
  const acs = [...headers.keys()]
    .filter((name) => name.startsWith('x-acs-'))
    .sort()
    .map((name) => `${name}:${headers.get(name)}\n`)
    .join('');
  const query = [...request.query]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join('&');
  const resource = query ? `${request.path}?${query}` : request.path;
  const head = ['accept', 'content-md5', 'content-type', 'date'].map((name) => headers.get(name) ?? '');
  return `${request.method.toUpperCase()}\n${head.join('\n')}\n${acs}${resource}`;
}

/**
 * Signs a ROA request with HMAC-SHA1; returns the `Authorization` value `acs <AK>:<signature>`.
 *
 * @example
 * import { signRoaHmacSha1 } from 'alicloud-rx';
 * const authorization = await signRoaHmacSha1(request, 'testid', 'testsecret');
 */
export async function signRoaHmacSha1(
  request: RoaRequest,
  accessKeyId: string,
  accessKeySecret: string,
): Promise<string> {
  return `acs ${accessKeyId}:${await hmacSha1Base64(accessKeySecret, roaStringToSign(request))}`;
}
