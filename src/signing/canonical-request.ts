// The ACS3-HMAC-SHA256 canonical request, built in one place: the client's signers (`signAcs3`, the
// RPC request builder) and the fake cloud's verifier (`verifyRequest`) all call `canonicalRequest`.
// Pure and browser-safe: strings in, a string out.
import { percentEncode } from './percent-encode.js';

/** What an ACS3 canonical request is made of, as a signer or a verifier knows it. */
export interface CanonicalRequestInput {
  /** The HTTP method (upper-cased here). */
  method: string;
  /** The request path: `/` for RPC; for ROA each segment is decoded, then percent-encoded. */
  path: string;
  /**
   * The query as name–value pairs, each side already percent-encoded (`percentEncodePairs` of the
   * decoded query); sorted here, on a copy.
   */
  encodedQuery: readonly (readonly [string, string])[];
  /** The `host` header's value, with the port if any: what `host` signs, whatever `headers` says. */
  host: string;
  /** Header values by lower-case name (`host` is taken from {@link CanonicalRequestInput.host}). */
  headers: Readonly<Record<string, string>>;
  /**
   * The headers to sign: for a signer, {@link signedHeaders} of {@link signedHeaderNames}, built once
   * where the names are fixed; for a verifier, the list in `Authorization`. A name the request does
   * not carry signs an empty value.
   */
  signedHeaders: SignedHeaders;
  /** Hex SHA-256 of the body (`x-acs-content-sha256`). */
  hashedPayload: string;
}

/**
 * `METHOD\nCanonicalURI\nCanonicalQuery\nCanonicalHeaders\nSignedHeaders\nHashedPayload`, where
 * the canonical headers are `name:trimmed value\n` for each signed name, in the order given.
 *
 * @example
 * canonicalRequest({
 *   method: 'POST',
 *   path: '/',
 *   encodedQuery: [['RegionId', 'cn-hangzhou']],
 *   host: 'ecs.cn-hangzhou.aliyuncs.com',
 *   headers: { 'x-acs-action': 'DescribeInstances' },
 *   signedHeaders: signedHeaders(['host', 'x-acs-action']),
 *   hashedPayload: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
 * }); // 'POST\n/\nRegionId=cn-hangzhou\nhost:ecs…\nx-acs-action:DescribeInstances\n\nhost;x-acs-action\ne3b0…'
 */
export function canonicalRequest(input: CanonicalRequestInput): string {
  const { headers } = input;
  const { names, list } = input.signedHeaders;
  let canonicalHeaders = '';
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    // Strings only: a verifier's list comes from the request, and may name `constructor`.
    const value: unknown = name === 'host' ? input.host : headers[name];
    canonicalHeaders += `${name}:${typeof value === 'string' ? value.trim() : ''}\n`;
  }
  return (
    `${input.method.toUpperCase()}\n${canonicalUri(input.path)}\n${canonicalEncodedQuery(input.encodedQuery)}\n` +
    `${canonicalHeaders}\n${list}\n${input.hashedPayload}`
  );
}

/** Header names in the order they are signed, with their `;` list (built once, for a signer). */
export interface SignedHeaders {
  /** Lower-case names: sorted, for a signer; as listed in `Authorization`, for a verifier. */
  readonly names: readonly string[];
  /** The names joined by `;`: the `SignedHeaders=` value of `Authorization`. */
  readonly list: string;
}

/** {@link SignedHeaders} of these names, in this order. */
export function signedHeaders(names: readonly string[]): SignedHeaders {
  return { names, list: names.join(';') };
}

/**
 * The header names ACS3 signs by default, from the names of the headers a request carries: `host`
 * (always), `content-type` and every `x-acs-*`, lower-cased, sorted, each once.
 */
export function signedHeaderNames(headerNames: Iterable<string>): string[] {
  const names = new Set(['host']);
  for (const name of headerNames) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-acs-') || lower === 'content-type') names.add(lower);
  }
  return [...names].sort();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Canonical query of percent-encoded pairs: sorted by name, then value (on a copy), `k=v` joined by `&`. */
function canonicalEncodedQuery(encodedPairs: readonly (readonly [string, string])[]): string {
  const sorted = [...encodedPairs].sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  let out = '';
  for (let i = 0; i < sorted.length; i++) {
    const [k, v] = sorted[i]!;
    out += i === 0 ? `${k}=${v}` : `&${k}=${v}`;
  }
  return out;
}

/** Canonical URI: each path segment decoded (when it decodes), then percent-encoded; `/` kept. */
function canonicalUri(path: string): string {
  if (path === '' || path === '/') return '/';
  return path
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
