import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import type { CallEvent } from '../events/call-event.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_OUTCOME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_SCHEME,
} from './attribute-names.js';
import { rpcAttributes } from './rpc-attributes.js';
import { serverOf } from './server-of.js';

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
  /** The calls seen from `queued` and not ended: the HTTP attributes of their attempt under way. */
  readonly #calls = new Map<number, Attributes>();

  constructor(meter: Meter) {
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
      this.#calls.set(event.callId, {});
      return;
    }
    // Only the calls seen from their first event: not one already running when instrumented, nor
    // what a call may still tell after its last event.
    const call = this.#calls.get(event.callId);
    if (!call) return;
    switch (event.type) {
      case 'attempt': {
        const http: Attributes = { [ATTR_HTTP_REQUEST_METHOD]: event.method };
        const server = serverOf(event.endpoint);
        if (server) {
          http[ATTR_SERVER_ADDRESS] = server.address;
          http[ATTR_SERVER_PORT] = server.port;
          http[ATTR_URL_SCHEME] = server.scheme;
        }
        this.#calls.set(event.callId, http);
        this.#attempts.add(1, rpcAttributes(event));
        return;
      }
      case 'response': {
        const attributes: Attributes = {
          ...rpcAttributes(event),
          ...call,
          [ATTR_HTTP_RESPONSE_STATUS_CODE]: event.status,
        };
        if (event.code !== undefined) attributes[ATTR_ERROR_TYPE] = event.code;
        this.#requestDuration.record(event.durationMs / 1000, attributes);
        return;
      }
      case 'throttled':
        this.#throttled.add(1, { ...rpcAttributes(event), [ATTR_ERROR_TYPE]: event.code });
        return;
      case 'succeeded':
      case 'failed':
      case 'cancelled': {
        this.#calls.delete(event.callId);
        const attributes: Attributes = { ...rpcAttributes(event), [ATTR_OUTCOME]: event.type };
        if (event.type === 'failed') attributes[ATTR_ERROR_TYPE] = event.code;
        this.#callDuration.record(event.durationMs / 1000, attributes);
        return;
      }
      default:
        return;
    }
  }
}
