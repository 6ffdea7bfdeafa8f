/**
 * What a soak must satisfy, as lists of violations (empty when it holds), so that a failure names
 * the calls at fault. Jest-free, so that the child-process mini-soak can use it too.
 */
import { ClientClosedError } from '../../src/errors/client-closed-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { QueueFullError } from '../../src/errors/queue-full-error.js';
import { isSdkError } from '../../src/errors/sdk-error.js';
import type { SeenRequest } from './recording-cloud.js';
import { UNSAFE_TO_REPEAT, type CallRecord } from './soak-driver.js';

/** How the calls ended, in the pool's four categories. */
export interface Tally {
  calls: number;
  successes: number;
  /** Ended in an error after admission, by error code. */
  failures: number;
  failuresByCode: Record<string, number>;
  /** Refused at admission (`QueueFullError`, `ClientClosedError`), by error code. */
  rejections: number;
  rejectionsByCode: Record<string, number>;
  cancellations: number;
}

const codeOf = (error: unknown): string => (isSdkError(error) ? error.code : String(error));
const isRejection = (error: unknown) => error instanceof QueueFullError || error instanceof ClientClosedError;
const bump = (counts: Record<string, number>, key: string) => void (counts[key] = (counts[key] ?? 0) + 1);

/** Counts each call once, by how it ended. */
export function tally(records: readonly CallRecord[]): Tally {
  const out: Tally = {
    calls: records.length,
    successes: 0,
    failures: 0,
    failuresByCode: {},
    rejections: 0,
    rejectionsByCode: {},
    cancellations: 0,
  };
  for (const r of records) {
    if (r.cancelled) out.cancellations++;
    else if (r.completions === 1) out.successes++;
    else if (isRejection(r.errors[0])) {
      out.rejections++;
      bump(out.rejectionsByCode, codeOf(r.errors[0]));
    } else {
      out.failures++;
      bump(out.failuresByCode, codeOf(r.errors[0]));
    }
  }
  return out;
}

/** The `poolStats` a soak must end with: nothing open, and the four counters equal to the tally. */
export function endStats(t: Tally) {
  return {
    active: 0,
    queued: 0,
    completed: t.successes,
    failed: t.failures,
    rejected: t.rejections,
    cancelled: t.cancellations,
  };
}

/**
 * Every call was issued and ended exactly once: one value then complete, or one error, or
 * cancelled by us with nothing delivered.
 */
export function notEndedExactlyOnce(records: readonly CallRecord[]): string[] {
  const bad: string[] = [];
  for (const r of records) {
    const terminals = r.completions + r.errors.length + (r.cancelled ? 1 : 0);
    const shape =
      (r.completions === 1 && r.values === 1) ||
      (r.errors.length === 1 && r.values === 0) ||
      (r.cancelled && r.values === 0);
    if (!r.issued || terminals !== 1 || !shape) {
      bad.push(
        `call ${r.index} (${r.kind}, ${r.path}): issued=${r.issued} values=${r.values} ` +
          `completions=${r.completions} errors=${r.errors.map(codeOf).join('|')} cancelled=${r.cancelled}`,
      );
    }
  }
  return bad;
}

/** The requests of each call, in the order the server finished with them. */
export function sendsByCall(seen: readonly SeenRequest[]): Map<number, SeenRequest[]> {
  const byCall = new Map<number, SeenRequest[]>();
  for (const request of seen) byCall.set(request.call, [...(byCall.get(request.call) ?? []), request]);
  return byCall;
}

/**
 * A mutating call without ClientToken may be sent again only after the server refused it with
 * Throttling (which runs nothing): every send but the last must be a Throttling answer. A 503, a
 * reset or a timeout may hide an executed call, so nothing may follow them.
 */
export function unsafeResends(records: readonly CallRecord[], byCall: Map<number, SeenRequest[]>): string[] {
  const bad: string[] = [];
  for (const r of records) {
    if (!UNSAFE_TO_REPEAT.has(r.kind)) continue;
    const sends = byCall.get(r.index) ?? [];
    const early = sends.slice(0, -1).filter((s) => !s.outcome.startsWith('Throttling'));
    if (early.length > 0) {
      bad.push(`call ${r.index} (${r.kind}) was sent again after ${early.map((s) => s.outcome).join(', ')}`);
    }
  }
  return bad;
}

/** Each call ended as the server last answered it: OK → value, a Code → that code, Reset → NetworkError. */
export function outcomeMismatches(
  records: readonly CallRecord[],
  byCall: Map<number, SeenRequest[]>,
): string[] {
  const bad: string[] = [];
  for (const r of records) {
    if (r.cancelled) continue;
    const sends = byCall.get(r.index) ?? [];
    const last = sends.at(-1)?.outcome;
    const error = r.errors[0];
    const ended = r.completions === 1 ? 'OK' : error instanceof NetworkError ? 'Reset' : codeOf(error);
    if (isRejection(error)) {
      if (sends.length > 0) bad.push(`call ${r.index} was refused with ${codeOf(error)} yet sent`);
    } else if (last !== ended) {
      bad.push(`call ${r.index} (${r.kind}) ended as ${ended} but the server last said ${last}`);
    }
  }
  return bad;
}

/** RunInstances: one ClientToken per logical call, the same on each of its sends, never shared. */
export function clientTokenViolations(
  records: readonly CallRecord[],
  byCall: Map<number, SeenRequest[]>,
): string[] {
  const bad: string[] = [];
  const owner = new Map<string, number>();
  for (const r of records) {
    if (r.kind !== 'RunInstances') continue;
    const tokens = new Set((byCall.get(r.index) ?? []).map((s) => s.clientToken));
    if (tokens.size > 1) bad.push(`call ${r.index} sent ${tokens.size} different ClientTokens`);
    for (const token of tokens) {
      if (token === undefined) bad.push(`call ${r.index} was sent without a ClientToken`);
      else if (owner.has(token)) bad.push(`calls ${owner.get(token)} and ${r.index} share a ClientToken`);
      else owner.set(token, r.index);
    }
  }
  return bad;
}
