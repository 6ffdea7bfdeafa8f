import {
  diag,
  metrics,
  propagation,
  trace,
  type MeterProvider,
  type TracerProvider,
} from '@opentelemetry/api';
import { checkBoolean } from '../checks.js';
import { ApiClient, eventHubOf } from '../clients/api-client.js';
import { invalidParam } from '../errors/client-error.js';
import type { CallEvent } from '../events/call-event.js';
import { CallAttributeCache } from './call-attributes.js';
import { CallMetrics } from './call-metrics.js';
import { CallSpans } from './call-spans.js';
import { observePool } from './observe-pool.js';
import { VERSION } from '../version.js';

/** The instrumentation scope's name: the tracer's and the meter's. */
const SCOPE_NAME = 'alicloud-rx';

/**
 * Options of {@link instrument}: where spans and metrics go, and whether trace context is sent.
 *
 * @example
 * import type { InstrumentOptions } from 'alicloud-rx/otel';
 * const options: InstrumentOptions = { tracerProvider, meterProvider, propagateContext: false };
 */
export interface InstrumentOptions {
  /** Where the spans go. @default the global one, `trace.getTracerProvider()` */
  tracerProvider?: TracerProvider;
  /** Where the metrics go. @default the global one, `metrics.getMeterProvider()` */
  meterProvider?: MeterProvider;
  /**
   * Send each attempt's trace context to the server, in the headers of the global propagator
   * (W3C `traceparent` with the SDK's default), added after signing. Alibaba Cloud does not accept
   * W3C trace context; turn it on only for an endpoint of yours that reads it (a proxy, a gateway).
   * @default false
   */
  propagateContext?: boolean;
}

/**
 * What {@link instrument} returns: the way to stop.
 *
 * @example
 * import { instrument, type Instrumentation } from 'alicloud-rx/otel';
 * const otel: Instrumentation = instrument(ecs, { tracerProvider, meterProvider });
 * process.once('beforeExit', () => otel.uninstrument());
 */
export interface Instrumentation {
  /**
   * Stops: no span or metric is recorded any more, the header hook is removed, and the spans of
   * calls still running are ended now, marked `alibaba_cloud.uninstrumented`. The calls themselves
   * go on. Safe to call twice.
   */
  uninstrument(): void;
}

// For openCallsOf: how many calls an instrumentation keeps state for.
const openCalls = new WeakMap<Instrumentation, () => number>();

/**
 * Traces and measures every call made through `client`'s pool from now on, with OpenTelemetry:
 * a CLIENT span per call (`ecs/DescribeInstances`, its parent the span active when the call was
 * subscribed) with a CLIENT child span per attempt (`POST`), after the semantic conventions for
 * RPC and HTTP clients; the histograms `rpc.client.call.duration` and `http.client.request.duration`
 * (s), the counters `alibaba_cloud.client.attempts` and `alibaba_cloud.client.throttled`, and the
 * gauges `alibaba_cloud.client.pool.active` and `alibaba_cloud.client.pool.queued`. Spans and
 * metrics hold what `client.events$` tells, never a secret. Clients that share a pool share their
 * events: instrument one of them. Each call to `instrument` is independent of the others.
 *
 * @example
 * import { EcsClient } from 'alicloud-rx';
 * import { instrument } from 'alicloud-rx/otel';
 * const ecs = new EcsClient('cn-hangzhou', config, credential);
 * const otel = instrument(ecs, { tracerProvider, meterProvider });
 * // … later
 * otel.uninstrument();
 */
export function instrument(client: ApiClient, options: InstrumentOptions = {}): Instrumentation {
  if (!(client instanceof ApiClient)) {
    throw invalidParam('client', client, 'a client such as EcsClient, RpcClient or RoaClient');
  }
  if (typeof options !== 'object' || options === null) {
    throw invalidParam('options', options, 'an object such as { tracerProvider, meterProvider }');
  }
  const { tracerProvider = trace.getTracerProvider(), meterProvider = metrics.getMeterProvider() } = options;
  if (typeof tracerProvider?.getTracer !== 'function') {
    throw invalidParam('tracerProvider', tracerProvider, 'a TracerProvider (with getTracer)');
  }
  if (typeof meterProvider?.getMeter !== 'function') {
    throw invalidParam('meterProvider', meterProvider, 'a MeterProvider (with getMeter)');
  }
  const propagate =
    options.propagateContext === undefined
      ? false
      : checkBoolean('propagateContext', options.propagateContext);

  const attributes = new CallAttributeCache();
  const spans = new CallSpans(tracerProvider.getTracer(SCOPE_NAME, VERSION), attributes);
  const meter = meterProvider.getMeter(SCOPE_NAME, VERSION);
  const callMetrics = new CallMetrics(meter, attributes);
  const record = (event: CallEvent) => {
    // Telemetry must never break a call: what goes wrong here is told to OpenTelemetry's diag.
    try {
      spans.record(event);
      callMetrics.record(event);
    } catch (error) {
      diag.error('alicloud-rx/otel could not record a call event', error);
    }
  };
  const events = client.events$.subscribe(record);
  const stopPool = observePool(meter, client);
  const removeHeaders = propagate
    ? eventHubOf(client).addAttemptHeaders((event) => {
        const attempt = spans.attemptContext(event.callId);
        if (!attempt) return undefined;
        const carrier: Record<string, string> = {};
        propagation.inject(attempt, carrier);
        return carrier;
      })
    : undefined;

  let stopped = false;
  const instrumentation: Instrumentation = {
    uninstrument() {
      if (stopped) return;
      stopped = true;
      events.unsubscribe();
      stopPool();
      removeHeaders?.();
      spans.endAll();
      openCalls.delete(instrumentation);
    },
  };
  openCalls.set(instrumentation, () => spans.size + callMetrics.size);
  return instrumentation;
}

/**
 * @internal How many calls `instrumentation` keeps state for (open spans, attempts under way): 0
 * once every call it saw has ended. For the SDK's own specs; not exported by `alicloud-rx/otel`.
 */
export function openCallsOf(instrumentation: Instrumentation): number {
  return openCalls.get(instrumentation)?.() ?? 0;
}
