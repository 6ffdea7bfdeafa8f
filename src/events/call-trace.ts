import { CancelledError } from '../errors/cancelled-error.js';
import { isSdkError } from '../errors/sdk-error.js';
import { ServerError } from '../errors/server-error.js';
import type { HttpMethod } from '../http/transport.js';
import type { AttemptEvent, CallEvent } from './call-event.js';
import type { EventHub } from './event-hub.js';

let lastCallId = 0;

// Read once: `performance.timeOrigin` is a getter, and it never changes.
const ORIGIN = performance.timeOrigin;

/** Now, as events tell it: ms since the epoch with sub-millisecond precision. */
export const eventTime = (): number => ORIGIN + performance.now();

/** The code an event gives for a failure: the SDK error's, else the error's name. */
export function failureCode(error: unknown): string {
  if (isSdkError(error)) return error.code;
  return error instanceof Error ? error.name : 'Error';
}

/** Where a client's calls are told, and what they are told as: the same for all its calls. */
export interface CallSite {
  readonly hub: EventHub;
  readonly product: string;
  readonly regionId: string;
  /** The origin every attempt goes to (the client's endpoint, parsed once per client). */
  readonly endpoint: string;
}

/**
 * One traced call: made when the call is subscribed while its hub has a listener, it turns
 * what the pool and the call pipeline see into {@link CallEvent}s. It ends once: anything reported
 * after its end (an attempt being signed when the call was unsubscribed) is dropped.
 *
 * @example
 * const trace = new CallTrace({ hub, product: 'ecs', regionId: 'cn-hangzhou', endpoint: 'https://ecs.cn-hangzhou.aliyuncs.com' }, 'DescribeRegions');
 * trace.queued();
 */
export class CallTrace {
  // Each event is one object literal with every field written out, not a shared base spread into
  // it: a spread then more fields is a V8 slow path, and this runs for every event of every call.
  readonly callId = ++lastCallId;
  /** Attempts made so far. */
  attempts = 0;
  #queuedAt = 0;
  #attemptAt = 0;
  #status: number | undefined;
  #requestId: string | undefined;
  #ended = false;

  readonly product: string;
  readonly regionId: string;

  constructor(
    private readonly site: CallSite,
    readonly action: string,
  ) {
    this.product = site.product;
    this.regionId = site.regionId;
  }

  queued(): void {
    this.#queuedAt = eventTime();
    this.#emit({
      type: 'queued',
      callId: this.callId,
      action: this.action,
      product: this.product,
      regionId: this.regionId,
      time: this.#queuedAt,
    });
  }

  started(): void {
    if (this.#ended) return;
    const time = eventTime();
    this.#emit({
      type: 'started',
      callId: this.callId,
      action: this.action,
      product: this.product,
      regionId: this.regionId,
      time,
      queueMs: time - this.#queuedAt,
    });
  }

  /** An attempt is sent next; returns the headers the hub's hooks add to it, if any. */
  attempt(method: HttpMethod): Record<string, string> | undefined {
    if (this.#ended) return undefined;
    this.#attemptAt = eventTime();
    this.#status = undefined;
    this.#requestId = undefined;
    const event: AttemptEvent = {
      type: 'attempt',
      callId: this.callId,
      action: this.action,
      product: this.product,
      regionId: this.regionId,
      time: this.#attemptAt,
      attempt: ++this.attempts,
      method,
      endpoint: this.site.endpoint,
    };
    this.#emit(event);
    return this.site.hub.attemptHeaders(event);
  }

  /** The attempt got an answer; `code` is the service's error code when it is an error. */
  response(status: number, requestId: string | undefined, code?: string): void {
    if (this.#ended) return;
    const time = eventTime();
    this.#status = status;
    this.#requestId = requestId;
    this.#emit({
      type: 'response',
      callId: this.callId,
      action: this.action,
      product: this.product,
      regionId: this.regionId,
      time,
      attempt: this.attempts,
      status,
      requestId,
      durationMs: time - this.#attemptAt,
      code,
    });
  }

  throttled(code: string, retryAfterMs: number | undefined): void {
    if (this.#ended) return;
    this.#emit({
      type: 'throttled',
      callId: this.callId,
      action: this.action,
      product: this.product,
      regionId: this.regionId,
      time: eventTime(),
      attempt: this.attempts,
      code,
      retryAfterMs,
    });
  }

  retry(error: unknown, backoffMs: number): void {
    if (this.#ended) return;
    this.#emit({
      type: 'retry',
      callId: this.callId,
      action: this.action,
      product: this.product,
      regionId: this.regionId,
      time: eventTime(),
      attempt: this.attempts,
      code: failureCode(error),
      status: this.#status,
      backoffMs,
    });
    // What the next attempt finds: no answer yet (it may fail before it is even sent).
    this.#status = undefined;
    this.#requestId = undefined;
  }

  succeeded(): void {
    if (this.#end()) return;
    const time = eventTime();
    this.#emit({
      type: 'succeeded',
      callId: this.callId,
      action: this.action,
      product: this.product,
      regionId: this.regionId,
      time,
      attempts: this.attempts,
      durationMs: time - this.#queuedAt,
      requestId: this.#requestId,
    });
  }

  /** The call ended in `error`: `cancelled` for a `CancelledError`, else `failed`. */
  failed(error: unknown): void {
    if (error instanceof CancelledError) return this.cancelled();
    if (this.#end()) return;
    const time = eventTime();
    const server = error instanceof ServerError ? error : undefined;
    this.#emit({
      type: 'failed',
      callId: this.callId,
      action: this.action,
      product: this.product,
      regionId: this.regionId,
      time,
      attempts: this.attempts,
      durationMs: time - this.#queuedAt,
      code: failureCode(error),
      message: error instanceof Error ? error.message : String(error),
      status: server ? server.statusCode : this.#status,
      requestId: server ? server.requestId : this.#requestId,
    });
  }

  cancelled(): void {
    if (this.#end()) return;
    const time = eventTime();
    this.#emit({
      type: 'cancelled',
      callId: this.callId,
      action: this.action,
      product: this.product,
      regionId: this.regionId,
      time,
      attempts: this.attempts,
      durationMs: time - this.#queuedAt,
    });
  }

  #end(): boolean {
    const ended = this.#ended;
    this.#ended = true;
    return ended;
  }

  #emit(event: CallEvent): void {
    this.site.hub.emit(event);
  }
}
