import { reportUnhandledError } from '../errors/report-unhandled-error.js';
import type { CallEvent, CallEventBase } from './call-event.js';
import type { Logger } from './logger.js';

type Level = keyof Logger;

// One decimal of a millisecond is what a log reader can use.
const ms = (value: number) => Math.round(value * 10) / 10;

/** `fields` as one line of JSON with no `%` in it (escaped as `\u0025`: still the same JSON). */
export function logLine(fields: object): string {
  const line = JSON.stringify(fields);
  return line.includes('%') ? line.replace(/%/g, '\\u0025') : line;
}

// Each line is one object literal, written out (no spread: a V8 slow path on this per-attempt
// path); a `code` left undefined is left out of the JSON.
const attemptLine = (
  level: Level,
  e: CallEventBase,
  attempt: number,
  status: number | null,
  latency: number,
  requestId: string | null,
  code: string | undefined,
) => ({
  level,
  msg: 'alicloud-rx attempt',
  callId: e.callId,
  product: e.product,
  regionId: e.regionId,
  action: e.action,
  attempt,
  retries: attempt - 1,
  status,
  latency: ms(latency),
  requestId,
  code,
});

/**
 * Turns a hub's events into `logger` lines (see `Config.withLogger`): one per attempt, when it
 * got an answer (`response`) or ended without one (`retry`/`failed` with no status), and one more
 * for a call that failed. A logger that throws is reported as RxJS reports errors, never to the
 * call.
 *
 * @example
 * hub.addSink(console, loggerSink(console));
 */
export function loggerSink(logger: Logger): (event: CallEvent) => void {
  // When each call's current attempt was sent: the latency of one that got no answer.
  const sentAt = new Map<number, number>();
  const log = (level: Level, fields: object) => {
    try {
      logger[level](logLine(fields));
    } catch (error) {
      reportUnhandledError(error);
    }
  };
  const unanswered = (e: CallEventBase, attempt: number, code: string) =>
    log('warn', attemptLine('warn', e, attempt, null, e.time - (sentAt.get(e.callId) ?? e.time), null, code));
  return (e) => {
    switch (e.type) {
      case 'attempt':
        sentAt.set(e.callId, e.time);
        return;
      case 'response': {
        const level = e.status < 300 && e.code === undefined ? 'debug' : 'warn';
        return log(
          level,
          attemptLine(level, e, e.attempt, e.status, e.durationMs, e.requestId ?? null, e.code),
        );
      }
      case 'retry':
        if (e.status === undefined) unanswered(e, e.attempt, e.code);
        return;
      case 'failed':
        if (e.status === undefined && e.attempts > 0 && sentAt.has(e.callId))
          unanswered(e, e.attempts, e.code);
        sentAt.delete(e.callId);
        return log('error', {
          level: 'error',
          msg: 'alicloud-rx call failed',
          callId: e.callId,
          product: e.product,
          regionId: e.regionId,
          action: e.action,
          attempts: e.attempts,
          retries: Math.max(0, e.attempts - 1),
          status: e.status ?? null,
          latency: ms(e.durationMs),
          requestId: e.requestId ?? null,
          code: e.code,
          message: e.message,
        });
      case 'succeeded':
      case 'cancelled':
        sentAt.delete(e.callId);
        return;
      default:
        return;
    }
  };
}
