// `--trace`: the run traced with alicloud-rx/otel into an in-memory OpenTelemetry SDK, then told as
// a short span summary: per action, the slowest calls, and where throttling struck.
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { EcsClient } from '../../src/index.js';
import { instrument } from '../../src/otel/index.js';
import { percentile } from './call-stats.js';

const ms = (span: ReadableSpan) => span.duration[0] * 1000 + span.duration[1] / 1e6;

/**
 * Traces every call of `ecs`'s pool from now on (a CLIENT span per call, one per attempt, as
 * `instrument` makes them); `summary()` stops and tells what the spans say.
 */
export function startTrace(ecs: EcsClient): { summary(): string } {
  const kept = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(kept)] });
  const instrumentation = instrument(ecs, { tracerProvider: provider });
  return {
    summary() {
      instrumentation.uninstrument();
      const calls = kept.getFinishedSpans().filter((s) => s.attributes['rpc.method'] !== undefined);
      const attempts = kept.getFinishedSpans().filter((s) => s.attributes['rpc.method'] === undefined);
      const out = [`trace: ${calls.length} call spans, ${attempts.length} attempt spans (alicloud-rx/otel)`];

      const byAction = new Map<string, ReadableSpan[]>();
      for (const s of calls) {
        const action = String(s.attributes['rpc.method']);
        (byAction.get(action) ?? byAction.set(action, []).get(action)!).push(s);
      }
      out.push('  action                      calls  attempts  errors  p50 ms  p95 ms  max ms');
      for (const [action, spans] of [...byAction].sort((a, b) => b[1].length - a[1].length)) {
        const durations = spans.map(ms).sort((a, b) => a - b);
        const tries = spans.reduce((n, s) => n + Number(s.attributes['alibaba_cloud.attempts'] ?? 0), 0);
        const errors = spans.filter((s) => s.status.code === 2).length;
        out.push(
          `  ${action.padEnd(26)} ${String(spans.length).padStart(6)} ${String(tries).padStart(9)} ${String(errors).padStart(7)}` +
            ` ${percentile(durations, 50).toFixed(1).padStart(7)} ${percentile(durations, 95).toFixed(1).padStart(7)}` +
            ` ${durations.at(-1)!.toFixed(1).padStart(7)}`,
        );
      }

      out.push('  slowest calls (queue included):');
      for (const s of [...calls].sort((a, b) => ms(b) - ms(a)).slice(0, 5)) {
        const a = s.attributes;
        out.push(
          `    ${ms(s).toFixed(1).padStart(8)} ms  ${s.name.padEnd(24)} ${String(a['cloud.region']).padEnd(15)} ` +
            `attempts ${String(a['alibaba_cloud.attempts'])}, queued ${Number(a['alibaba_cloud.queue_ms'] ?? 0).toFixed(0)} ms, ` +
            `RequestId ${String(a['alibaba_cloud.request_id'] ?? '-')}`,
        );
      }

      const throttled = attempts.filter((s) => s.events.some((e) => e.name === 'throttled'));
      out.push(`  throttled attempts: ${throttled.length} of ${attempts.length}`);
      const callOf = new Map(calls.map((c) => [c.spanContext().spanId, c]));
      const throttledBy = new Map<string, number>();
      for (const s of throttled) {
        const parent = callOf.get(s.parentSpanContext?.spanId ?? '');
        const key = `${parent?.name ?? '?'} ${parent?.attributes['cloud.region'] ?? ''}`.trim();
        throttledBy.set(key, (throttledBy.get(key) ?? 0) + 1);
      }
      for (const [key, n] of [...throttledBy].sort((a, b) => b[1] - a[1]).slice(0, 5))
        out.push(`    ${String(n).padStart(5)}  ${key}`);
      return out.join('\n');
    },
  };
}
