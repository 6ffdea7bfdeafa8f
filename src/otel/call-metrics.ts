import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import type { CallEvent } from '../events/call-event.js';
import { CallAttributeCache, type AttemptAttributes, type CallAttributes } from './call-attributes.js';

/** One call followed from its `queued` event: what its metrics say, and its attempt under way. */
interface OpenCall {
  readonly kind: CallAttributes;
  attempt: AttemptAttributes | undefined;
}

/** The semantic conventions' advice for HTTP durations (s), plus 30 s and 60 s for calls that retry. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const CALL_BUCKETS = [...HTTP_BUCKETS, 30, 60];

/**
 * Records `client.events$` as metrics: `rpc.client.call.duration` (s) per call ended, with its
 * `alibaba_cloud.outcome`; `http.client.request.duration` (s) per attempt answered; the counters
 * `alibaba_cloud.client.attempts` and `alibaba_cloud.client.throttled`; of the calls it saw from
 * their `queued` event. Open calls (with the method and server of their attempt under way) are
 * kept by `callId` and dropped at their last event.
 *
 * @example
 * const metrics = new CallMetrics(meterProvider.getMeter('alicloud-rx'));
 * client.events$.subscribe((event) => metrics.record(event));
 */
export class CallMetrics {
  readonly #callDuration: Histogram;
  readonly #requestDuration: Histogram;
  readonly #attempts: Counter;
  readonly #throttled: Counter;
  /** The calls seen from `queued` and not ended, with the attributes of their attempt under way. */
  readonly #calls = new Map<number, OpenCall>();

  /** `attributes`: where the attribute sets of each kind of call are kept (one may be shared with {@link CallSpans}). */
  constructor(
    meter: Meter,
    private readonly attributes = new CallAttributeCache(),
  ) {
    this.#callDuration = meter.createHistogram('rpc.client.call.duration', {
      unit: 's',
      description:
        'Duration of Alibaba Cloud OpenAPI calls, from subscription to the last answer, retries included.',
      advice: { explicitBucketBoundaries: CALL_BUCKETS },
    });
    this.#requestDuration = meter.createHistogram('http.client.request.duration', {
      unit: 's',
      description: 'Duration of HTTP requests (attempts) that got an answer.',
      advice: { explicitBucketBoundaries: HTTP_BUCKETS },
    });
    this.#attempts = meter.createCounter('alibaba_cloud.client.attempts', {
      unit: '{attempt}',
      description: 'Attempts sent (a retry is one more).',
    });
    this.#throttled = meter.createCounter('alibaba_cloud.client.throttled', {
      unit: '{response}',
      description: 'Answers with a Throttling* code.',
    });
  }

  /** How many calls are open (seen `queued`, not yet their last event). */
  get size(): number {
    return this.#calls.size;
  }

  record(event: CallEvent): void {
    if (event.type === 'queued') {
      this.#calls.set(event.callId, { kind: this.attributes.of(event), attempt: undefined });
      return;
    }
    // Only the calls seen from their first event: not one already running when instrumented, nor
    // what a call may still tell after its last event.
    const call = this.#calls.get(event.callId);
    if (!call) return;
    switch (event.type) {
      case 'attempt':
        call.attempt = call.kind.attempt(event.method, event.endpoint);
        this.#attempts.add(1, call.kind.rpc);
        return;
      case 'response':
        this.#requestDuration.record(
          event.durationMs / 1000,
          (call.attempt ?? call.kind).response(event.status, event.code),
        );
        return;
      case 'throttled':
        this.#throttled.add(1, call.kind.throttled(event.code));
        return;
      case 'succeeded':
        this.#calls.delete(event.callId);
        this.#callDuration.record(event.durationMs / 1000, call.kind.succeeded);
        return;
      case 'failed':
        this.#calls.delete(event.callId);
        this.#callDuration.record(event.durationMs / 1000, call.kind.failed(event.code));
        return;
      case 'cancelled':
        this.#calls.delete(event.callId);
        this.#callDuration.record(event.durationMs / 1000, call.kind.cancelled);
        return;
      default:
        return;
    }
  }
}
