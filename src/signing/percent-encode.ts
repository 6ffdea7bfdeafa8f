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

/**
 * Name–value pairs as `name=value&…`, both sides {@link percentEncode}d, in the order given: a
 * query string or an `application/x-www-form-urlencoded` body.
 *
 * @example
 * import { formEncode } from 'alicloud-rx';
 * formEncode([['Action', 'DescribeRegions'], ['Tag.1.Key', 'a b']]); // 'Action=DescribeRegions&Tag.1.Key=a%20b'
 */
export function formEncode(pairs: readonly (readonly [string, string])[]): string {
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const [name, value] = pairs[i]!;
    out += `${i === 0 ? '' : '&'}${percentEncode(name)}=${percentEncode(value)}`;
  }
  return out;
}

/** Each name and value {@link percentEncode}d, in the order given (the ACS3 canonical query's input). */
export function percentEncodePairs(
  pairs: readonly (readonly [string, string])[],
): (readonly [string, string])[] {
  return pairs.map(([name, value]) => [percentEncode(name), percentEncode(value)] as const);
}
