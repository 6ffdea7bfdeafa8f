import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type {
  AttemptEvent,
  CallEvent,
  FailedEvent,
  QueuedEvent,
  ResponseEvent,
  SucceededEvent,
} from '../events/call-event.js';
import {
  ATTR_ATTEMPT,
  ATTR_ATTEMPTS,
  ATTR_BACKOFF_MS,
  ATTR_CANCELLED,
  ATTR_CODE,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_QUEUE_MS,
  ATTR_REQUEST_ID,
  ATTR_RETRY_AFTER_MS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_UNINSTRUMENTED,
} from './attribute-names.js';
import { CallAttributeCache, extend, type CallAttributes } from './call-attributes.js';

/** The span of an attempt not ended yet. */
interface OpenAttempt {
  readonly span: Span;
  /** Set once it was answered: it ends then, or at a `throttled` that follows the answer. */
  endAt: number | undefined;
}

/** One call followed from its `queued` event to its last. */
interface OpenCall {
  readonly span: Span;
  /** The caller's context at `queued`, with the call's span: the attempts' parent. */
  readonly context: Context;
  /** What the spans of every call of its product, region and action say. */
  readonly kind: CallAttributes;
  attempt: OpenAttempt | undefined;
  attempts: number;
  /** The status of the last answer. */
  status: number | undefined;
  /** Whether `server.*` is set (from the first attempt). */
  server: boolean;
}

/**
 * Turns `client.events$` into spans: per call a CLIENT span `${product}/${action}` from `queued`
 * (its parent the context active when the call was subscribed) to its last event, and per
 * attempt a CLIENT child span named by the HTTP method, from `attempt` to its answer (or to the
 * `retry`, `failed` or `cancelled` that follows an attempt without one). Calls whose `queued` it
 * did not see are left alone. Open calls are kept by `callId` and dropped at their last event.
 *
 * @example
 * const spans = new CallSpans(tracerProvider.getTracer('alicloud-rx'));
 * client.events$.subscribe((event) => spans.record(event));
 */
export class CallSpans {
  readonly #calls = new Map<number, OpenCall>();

  /** `attributes`: where the attribute sets of each kind of call are kept (one may be shared with {@link CallMetrics}). */
  constructor(
    private readonly tracer: Tracer,
    private readonly attributes = new CallAttributeCache(),
  ) {}

  /** How many calls are open (seen `queued`, not yet their last event). */
  get size(): number {
    return this.#calls.size;
  }

  record(event: CallEvent): void {
    if (event.type === 'queued') return this.#queued(event);
    const call = this.#calls.get(event.callId);
    if (!call) return;
    switch (event.type) {
      case 'started':
        call.span.setAttribute(ATTR_QUEUE_MS, event.queueMs);
        return;
      case 'attempt':
        return this.#attempt(call, event);
      case 'response':
        return responded(call, event);
      case 'throttled': {
        const attempt = call.attempt;
        if (!attempt) return;
        const attributes: Attributes = { [ATTR_CODE]: event.code };
        if (event.retryAfterMs !== undefined) attributes[ATTR_RETRY_AFTER_MS] = event.retryAfterMs;
        attempt.span.addEvent('throttled', attributes, event.time);
        if (attempt.endAt !== undefined) attempt.endAt = event.time;
        return;
      }
      case 'retry':
        endAttempt(call, event.time, event.code);
        call.span.addEvent(
          'retry',
          { [ATTR_ATTEMPT]: event.attempt, [ATTR_CODE]: event.code, [ATTR_BACKOFF_MS]: event.backoffMs },
          event.time,
        );
        return;
      case 'succeeded':
        endAttempt(call, event.time, undefined);
        return this.#end(call, event);
      case 'failed':
        endAttempt(call, event.time, event.code);
        return this.#end(call, event);
      case 'cancelled':
        if (call.attempt && call.attempt.endAt === undefined)
          call.attempt.span.setAttribute(ATTR_CANCELLED, true);
        endAttempt(call, event.time, undefined);
        call.span.setAttribute(ATTR_CANCELLED, true);
        call.span.setAttribute(ATTR_ATTEMPTS, event.attempts);
        call.span.end(event.time);
        this.#calls.delete(event.callId);
        return;
    }
  }

  /**
   * The context to propagate with the attempt of call `callId` now being sent (its span, under
   * the caller's context), or `undefined` when that call has no open attempt.
   */
  attemptContext(callId: number): Context | undefined {
    const call = this.#calls.get(callId);
    return call?.attempt ? trace.setSpan(call.context, call.attempt.span) : undefined;
  }

  /** Ends the spans of every open call, marked `alibaba_cloud.uninstrumented`, and forgets them. */
  endAll(): void {
    for (const call of this.#calls.values()) {
      const attempt = call.attempt;
      if (attempt && attempt.endAt === undefined) attempt.span.setAttribute(ATTR_UNINSTRUMENTED, true);
      if (attempt) attempt.span.end(attempt.endAt);
      call.span.setAttribute(ATTR_UNINSTRUMENTED, true);
      call.span.setAttribute(ATTR_ATTEMPTS, call.attempts);
      call.span.end();
    }
    this.#calls.clear();
  }

  #queued(event: QueuedEvent): void {
    if (this.#calls.has(event.callId)) return;
    // Emitted inside the caller's subscribe: the active context is the caller's.
    const parent = context.active();
    const kind = this.attributes.of(event);
    const span = this.tracer.startSpan(
      kind.spanName,
      { kind: SpanKind.CLIENT, startTime: event.time, attributes: kind.span },
      parent,
    );
    this.#calls.set(event.callId, {
      span,
      context: trace.setSpan(parent, span),
      kind,
      attempt: undefined,
      attempts: 0,
      status: undefined,
      server: false,
    });
  }

  #attempt(call: OpenCall, event: AttemptEvent): void {
    endAttempt(call, event.time, undefined);
    call.attempts = event.attempt;
    const sent = call.kind.attempt(event.method, event.endpoint);
    const server = sent.server;
    if (server && !call.server) {
      call.server = true;
      call.span.setAttribute(ATTR_SERVER_ADDRESS, server.address);
      call.span.setAttribute(ATTR_SERVER_PORT, server.port);
    }
    const attributes: Attributes =
      event.attempt > 1
        ? extend(sent.span, { [ATTR_HTTP_REQUEST_RESEND_COUNT]: event.attempt - 1 })
        : sent.span;
    const span = this.tracer.startSpan(
      event.method,
      { kind: SpanKind.CLIENT, startTime: event.time, attributes },
      call.context,
    );
    call.attempt = { span, endAt: undefined };
  }

  /** Ends `call`'s span at its last event, with what that event says, and forgets the call. */
  #end(call: OpenCall, event: SucceededEvent | FailedEvent): void {
    const span = call.span;
    const answered = (event.type === 'failed' ? event.status : undefined) ?? call.status;
    if (answered !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, answered);
    if (event.requestId !== undefined) span.setAttribute(ATTR_REQUEST_ID, event.requestId);
    span.setAttribute(ATTR_ATTEMPTS, event.attempts);
    if (event.type === 'failed') {
      span.setAttribute(ATTR_ERROR_TYPE, event.code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: event.code });
      span.recordException({ name: event.code, message: event.message }, event.time);
    }
    span.end(event.time);
    this.#calls.delete(event.callId);
  }
}

/** The attempt got an answer: its status, RequestId and error code; it ends now unless an error may be followed by `throttled`. */
function responded(call: OpenCall, event: ResponseEvent): void {
  call.status = event.status;
  const attempt = call.attempt;
  if (!attempt) return;
  const span = attempt.span;
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, event.status);
  if (event.requestId !== undefined) span.setAttribute(ATTR_REQUEST_ID, event.requestId);
  if (event.code === undefined) {
    span.end(event.time);
    call.attempt = undefined;
    return;
  }
  span.setAttribute(ATTR_ERROR_TYPE, event.code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: event.code });
  attempt.endAt = event.time;
}

/**
 * Ends `call`'s open attempt, if any: an answered one when its answer (or `throttled`) came, one
 * without an answer now, failed with `code` when one is given.
 */
function endAttempt(call: OpenCall, time: number, code: string | undefined): void {
  const attempt = call.attempt;
  if (!attempt) return;
  call.attempt = undefined;
  if (attempt.endAt !== undefined) return attempt.span.end(attempt.endAt);
  if (code !== undefined) {
    attempt.span.setAttribute(ATTR_ERROR_TYPE, code);
    attempt.span.setStatus({ code: SpanStatusCode.ERROR, message: code });
  }
  attempt.span.end(time);
}
