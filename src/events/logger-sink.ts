import { reportUnhandledError } from '../errors/report-unhandled-error.js';
import type { CallEvent, CallEventBase } from './call-event.js';
import type { Logger } from './logger.js';

type Level = keyof Logger;

// One decimal of a millisecond is what a log reader can use.
const ms = (value: number) => Math.round(value * 10) / 10;

/** `fields` as one line of JSON with no `%` in it (escaped as `\u0025`: still the same JSON). */
export function logLine(fields: Record<string, unknown>): string {
  return JSON.stringify(fields).replace(/%/g, '\\u0025');
}

const who = (e: CallEventBase) => ({
  callId: e.callId,
  product: e.product,
  regionId: e.regionId,
  action: e.action,
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
  const log = (level: Level, fields: Record<string, unknown>) => {
    try {
      logger[level](logLine({ level, ...fields }));
    } catch (error) {
      reportUnhandledError(error);
    }
  };
  const unanswered = (e: CallEventBase, attempt: number, code: string) =>
    log('warn', {
      msg: 'alicloud-rx attempt',
      ...who(e),
      attempt,
      retries: attempt - 1,
      status: null,
      latency: ms(e.time - (sentAt.get(e.callId) ?? e.time)),
      requestId: null,
      code,
    });
  return (e) => {
    switch (e.type) {
      case 'attempt':
        sentAt.set(e.callId, e.time);
        return;
      case 'response': {
        const ok = e.status < 300 && e.code === undefined;
        return log(ok ? 'debug' : 'warn', {
          msg: 'alicloud-rx attempt',
          ...who(e),
          attempt: e.attempt,
          retries: e.attempt - 1,
          status: e.status,
          latency: ms(e.durationMs),
          requestId: e.requestId ?? null,
          ...(e.code === undefined ? {} : { code: e.code }),
        });
      }
      case 'retry':
        if (e.status === undefined) unanswered(e, e.attempt, e.code);
        return;
      case 'failed':
        if (e.status === undefined && e.attempts > 0 && sentAt.has(e.callId))
          unanswered(e, e.attempts, e.code);
        sentAt.delete(e.callId);
        return log('error', {
          msg: 'alicloud-rx call failed',
          ...who(e),
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
