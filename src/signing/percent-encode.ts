// Already safe: nothing to encode (most parameter names and values), checked without allocating.
const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;

/**
 * Alibaba Cloud's percent-encoding (RFC 3986): UTF-8 bytes, `A–Z a–z 0–9 - _ . ~` literal, everything
 * else `%XY` upper-case; space is `%20`, `*` is `%2A`.
 *
 * @example
 * import { percentEncode } from 'alicloud-rx';
 * percentEncode('a b*~'); // 'a%20b%2A~'
 */
export function percentEncode(value: string): string {
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
