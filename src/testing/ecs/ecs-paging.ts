import { invalidParameter } from './ecs-api-error.js';
import { fnv1a } from './prng.js';

/** Something with a creation order, as the instance records have. */
export interface Ordered {
  readonly seq: number;
}

/** One page of results and the token of the next page (empty on the last page). */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken: string;
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

function checksum(regionId: string, seq: number): string {
  return [1, 2, 3].map((salt) => hex8(fnv1a(`${salt}:${regionId}:${seq}`))).join('');
}

/**
 * The opaque `NextToken` (32 hex digits) that resumes a listing of a region after the item
 * created `seq`-th. Tokens are cursors, so a listing stays consistent while instances come and go.
 */
export function encodeNextToken(regionId: string, seq: number): string {
  return hex8(seq ^ fnv1a(regionId)) + checksum(regionId, seq);
}

/** The cursor inside a `NextToken` of that region. @throws `InvalidParameter` naming NextToken. */
export function decodeNextToken(regionId: string, token: string): number {
  if (/^[0-9a-f]{32}$/.test(token)) {
    const seq = (parseInt(token.slice(0, 8), 16) ^ fnv1a(regionId)) >>> 0;
    if (token.slice(8) === checksum(regionId, seq)) return seq;
  }
  throw invalidParameter('NextToken', 'It was not returned by a previous call for this region.');
}

/** The page of up to `max` items created after the cursor `token` (from the start without one). */
export function pageByToken<T extends Ordered>(
  items: readonly T[],
  regionId: string,
  token: string | undefined,
  max: number,
): Page<T> {
  const after = token === undefined ? 0 : decodeNextToken(regionId, token);
  const rest = items.filter((item) => item.seq > after);
  const page = rest.slice(0, max);
  const last = page[page.length - 1];
  return { items: page, nextToken: rest.length > max && last ? encodeNextToken(regionId, last.seq) : '' };
}

/** Page `pageNumber` (from 1) of `pageSize` items; its token resumes after it, as the service does. */
export function pageByNumber<T extends Ordered>(
  items: readonly T[],
  regionId: string,
  pageNumber: number,
  pageSize: number,
): Page<T> {
  const start = (pageNumber - 1) * pageSize;
  const page = items.slice(start, start + pageSize);
  const last = page[page.length - 1];
  const more = start + pageSize < items.length;
  return { items: page, nextToken: more && last ? encodeNextToken(regionId, last.seq) : '' };
}
