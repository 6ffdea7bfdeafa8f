/**
 * The OpenTelemetry SDK's in-memory side for the otel specs: a tracer provider exporting to the
 * SDK's `InMemorySpanExporter`, and a meter provider exporting to its `InMemoryMetricExporter`,
 * flushed on demand (`forceFlush()`: the reader's own interval is an hour, never waited for);
 * `useTelemetry()` gives each test its own and uninstruments what it instrumented.
 */
import {
  isSpanContextValid,
  TraceFlags,
  trace,
  type HrTime,
  type TextMapPropagator,
} from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import type { ApiClient } from '../../src/clients/api-client.js';
import { instrument, type Instrumentation, type InstrumentOptions } from '../../src/otel/index.js';

export interface Telemetry {
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  /** The spans ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  /** Every metric as the meter provider reports it now. */
  metrics(): Promise<MetricData[]>;
  shutdown(): Promise<void>;
}

/** A fresh tracer and meter provider, in memory. */
export function telemetry(): Telemetry {
  const exporter = new InMemorySpanExporter();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spans: () => exporter.getFinishedSpans(),
    metrics: async () => {
      // Cumulative: the last export holds every metric as it stands now.
      await reader.forceFlush();
      const exported = metricExporter.getMetrics();
      metricExporter.reset();
      return exported.at(-1)?.scopeMetrics.flatMap((scope) => scope.metrics) ?? [];
    },
    shutdown: async () => {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

export interface TelemetryFixture {
  /** This test's providers. */
  readonly otel: Telemetry;
  /** `client` instrumented into this test's providers; uninstrumented after the test. */
  instrumented(client: ApiClient, options?: InstrumentOptions): Instrumentation;
}

/** Fresh in-memory providers before each test; uninstruments and shuts them down after. */
export function useTelemetry(): TelemetryFixture {
  let current: Telemetry | undefined;
  const instrumentations: Instrumentation[] = [];
  beforeEach(() => {
    current = telemetry();
  });
  afterEach(async () => {
    for (const i of instrumentations.splice(0)) i.uninstrument();
    await current?.shutdown();
    current = undefined;
  });
  const otel = (): Telemetry => {
    if (!current) throw new Error('the providers are only available inside a test');
    return current;
  };
  return {
    get otel() {
      return otel();
    },
    instrumented(client, options = {}) {
      const { tracerProvider, meterProvider } = otel();
      const instrumentation = instrument(client, { tracerProvider, meterProvider, ...options });
      instrumentations.push(instrumentation);
      return instrumentation;
    },
  };
}

/** The data points of the counter or gauge `name` (none when it recorded nothing). */
export function numberPoints(metrics: MetricData[], name: string): DataPoint<number>[] {
  const metric = metrics.find((m) => m.descriptor.name === name);
  if (!metric) return [];
  if (
    metric.dataPointType === DataPointType.HISTOGRAM ||
    metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM
  )
    throw new Error(`${name} is a histogram`);
  return metric.dataPoints;
}

/** The data points of the histogram `name` (none when it recorded nothing). */
export function histogramPoints(metrics: MetricData[], name: string): DataPoint<Histogram>[] {
  const metric = metrics.find((m) => m.descriptor.name === name);
  if (!metric) return [];
  if (metric.dataPointType !== DataPointType.HISTOGRAM) throw new Error(`${name} is not a histogram`);
  return metric.dataPoints;
}

/** The unit `name` was created with. */
export function unitOf(metrics: MetricData[], name: string): string | undefined {
  return metrics.find((m) => m.descriptor.name === name)?.descriptor.unit;
}

/** An HrTime in ms, to compare the order of span times. */
export const ms = ([seconds, nanos]: HrTime): number => seconds * 1e3 + nanos / 1e6;

/**
 * W3C trace context's `traceparent`, written as @opentelemetry/core's W3CTraceContextPropagator
 * writes it (that package is no dependency of ours): the span's trace id, span id and sampled flag.
 */
export const traceparentPropagator: TextMapPropagator = {
  inject(context, carrier, setter) {
    const span = trace.getSpanContext(context);
    if (!span || !isSpanContextValid(span)) return;
    const sampled = span.traceFlags & TraceFlags.SAMPLED ? '01' : '00';
    setter.set(carrier, 'traceparent', `00-${span.traceId}-${span.spanId}-${sampled}`);
  },
  extract: (context) => context,
  fields: () => ['traceparent'],
};
