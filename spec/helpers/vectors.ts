// Loads the requests captured from the official Alibaba Cloud SDKs: a copy of `../shared/vectors`
// kept in `spec/fixtures/vectors`, so the tests need nothing outside the repository.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The signature schemes the captured requests use. */
export type VectorScheme = 'ACS3-HMAC-SHA256' | 'RPC-HMAC-SHA1' | 'ROA-HMAC-SHA1';

export const VECTOR_SCHEMES: readonly VectorScheme[] = ['ACS3-HMAC-SHA256', 'RPC-HMAC-SHA1', 'ROA-HMAC-SHA1'];

/** One captured request, as the loopback server recorded it. */
export interface Vector {
  /** File name (`ecs-acs3-DescribeInstances.json`). */
  file: string;
  name: string;
  sdk: string;
  scheme: VectorScheme;
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
  endpoint: string;
  request: {
    method: string;
    url: string;
    path: string;
    /** The query exactly as it was on the wire (still percent-encoded). */
    rawQuery: string;
    /** Header names lower-cased by Node's HTTP server. */
    headers: Record<string, string>;
    rawHeaders: string[];
    body: string;
  };
  sdkResult: unknown;
}

/** `spec/fixtures/vectors/` as a file URL. */
export const VECTORS_DIR = new URL('../fixtures/vectors/', import.meta.url);

/** The absolute path of the vectors folder (for messages). */
export const vectorsPath = (): string => fileURLToPath(VECTORS_DIR);

function isScheme(value: unknown): value is VectorScheme {
  return typeof value === 'string' && (VECTOR_SCHEMES as readonly string[]).includes(value);
}

/** Every `*.json` in the vectors folder, sorted by file name. Throws if the folder or a scheme is unknown. */
export function loadVectors(): Vector[] {
  if (!existsSync(VECTORS_DIR)) {
    throw new Error(`Signature vectors not found at ${vectorsPath()}: copy ../shared/vectors there.`);
  }
  return readdirSync(VECTORS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = JSON.parse(readFileSync(new URL(file, VECTORS_DIR), 'utf8')) as Omit<Vector, 'file'>;
      if (!isScheme(parsed.scheme)) throw new Error(`${file}: unknown scheme ${String(parsed.scheme)}`);
      return { file, ...parsed };
    });
}

function splitPairs(raw: string, decode: (component: string) => string): [string, string][] {
  if (raw === '') return [];
  return raw
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [decode(pair), ''] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))];
    });
}

/**
 * Decodes a URL query string (RFC 3986): `%XY` sequences are decoded, a literal `+` stays a `+`. The
 * official SDKs send a space as `%20` and a plus as `%2B`, and may leave `*` unencoded.
 */
export function decodeQuery(rawQuery: string): [string, string][] {
  return splitPairs(rawQuery, decodeURIComponent);
}

/** Decodes an `application/x-www-form-urlencoded` body, where a literal `+` means a space. */
export function decodeForm(body: string): [string, string][] {
  return splitPairs(body, (component) => decodeURIComponent(component.replace(/\+/g, ' ')));
}
