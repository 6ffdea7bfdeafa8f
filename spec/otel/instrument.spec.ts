// alicloud-rx/otel over loopback HTTP: the spans and metrics of real calls (throttled, failed, dropped,
// cancelled), their parent, W3C trace context sent only when asked, and uninstrument. The SDK's
// in-memory exporters (spec/otel/telemetry.ts) read what was recorded; nothing sleeps.
import { context, metrics, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { RpcClient } from '../../src/clients/rpc-client.js';
import { instrument } from '../../src/otel/index.js';
import { VERSION } from '../../src/version.js';
import type { Reply } from '../helpers/loopback-server.js';
import { expectNoSecretIn, ok, serviceError, stsToken, useWire } from '../clients/wire.js';
import {
  histogramPoints,
  ms,
  numberPoints,
  telemetry,
  traceparentPropagator,
  useTelemetry,
} from './telemetry.js';

/** Throttled, asking for a 2 ms wait. */
const throttled: Reply = {
  ...serviceError(400, 'Throttling.User', 'Request was denied due to user flow control.'),
  headers: { 'x-acs-retry-after': '0.002' },
};

/** A reply the test sends when it chooses (`release`), never after a delay. */
function held(): { reply: Promise<Reply>; release: (reply?: Reply) => void } {
  let release!: (reply?: Reply) => void;
  const reply = new Promise<Reply>((resolve) => (release = (r = ok()) => resolve(r)));
  return { reply, release };
}

const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);

function only(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = byName(spans, name);
  if (found.length !== 1) throw new Error(`expected one span ${name}, found ${found.length}`);
  return found[0]!;
}

describe('instrument(client) over loopback HTTP', () => {
  const wire = useWire();
  const kit = useTelemetry();
  let port: number;

  beforeEach(() => {
    port = Number(new URL(wire.server.url).port);
  });
  const spans = () => kit.otel.spans();
  const instrumented = kit.instrumented;

  it('a call throttled then answered: one CLIENT call span, two attempt spans under it, a throttled event', async () => {
    wire.server.reply(throttled, ok());
    const client = wire.client();
    instrumented(client);

    await client.request('DescribeInstances', { RegionId: 'cn-hangzhou' });

    const ended = spans();
    expect(ended).toHaveLength(3);
    const call = only(ended, 'ecs/DescribeInstances');
    const [first, second] = byName(ended, 'POST');
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.parentSpanContext).toBeUndefined();
    expect(call.instrumentationScope).toMatchObject({ name: 'alicloud-rx', version: VERSION });
    expect(call.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(call.attributes).toEqual({
      'rpc.system': 'alibaba_cloud_openapi',
      'rpc.service': 'ecs',
      'rpc.method': 'DescribeInstances',
      'cloud.provider': 'alibaba_cloud',
      'cloud.region': 'cn-hangzhou',
      'server.address': '127.0.0.1',
      'server.port': port,
      'http.response.status_code': 200,
      'alibaba_cloud.request_id': 'REQ-OK',
      'alibaba_cloud.attempts': 2,
      'alibaba_cloud.queue_ms': expect.any(Number),
    });
    expect(call.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        'retry',
        {
          'alibaba_cloud.attempt': 1,
          'alibaba_cloud.code': 'Throttling.User',
          'alibaba_cloud.backoff_ms': expect.any(Number),
        },
      ],
    ]);

    for (const attempt of [first!, second!]) {
      expect(attempt.kind).toBe(SpanKind.CLIENT);
      expect(attempt.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
      expect(attempt.spanContext().traceId).toBe(call.spanContext().traceId);
    }
    expect(first!.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': port,
      'url.scheme': 'http',
      'http.response.status_code': 400,
      'alibaba_cloud.request_id': 'REQ-Throttling.User',
      'error.type': 'Throttling.User',
    });
    expect(first!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Throttling.User' });
    expect(first!.events.map((e) => [e.name, e.attributes])).toEqual([
      ['throttled', { 'alibaba_cloud.code': 'Throttling.User', 'alibaba_cloud.retry_after_ms': 2 }],
    ]);
    expect(second!.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': port,
      'url.scheme': 'http',
      'http.request.resend_count': 1,
      'http.response.status_code': 200,
      'alibaba_cloud.request_id': 'REQ-OK',
    });
    expect(second!.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(second!.events).toEqual([]);

    // The attempts lie inside the call, one after the other.
    expect(ms(call.startTime)).toBeLessThanOrEqual(ms(first!.startTime));
    expect(ms(first!.endTime)).toBeLessThanOrEqual(ms(second!.startTime));
    expect(ms(second!.endTime)).toBeLessThanOrEqual(ms(call.endTime));
  });

  it('a failed call: ERROR status with the code, error.type, an exception event', async () => {
    wire.server.reply(serviceError(400, 'InvalidParameter', 'The parameter is wrong.'));
    const client = wire.client();
    instrumented(client);

    await expect(client.request('DescribeInstances', {})).rejects.toMatchObject({ code: 'InvalidParameter' });

    const call = only(spans(), 'ecs/DescribeInstances');
    expect(call.status).toEqual({ code: SpanStatusCode.ERROR, message: 'InvalidParameter' });
    expect(call.attributes).toMatchObject({
      'error.type': 'InvalidParameter',
      'http.response.status_code': 400,
      'alibaba_cloud.request_id': 'REQ-InvalidParameter',
      'alibaba_cloud.attempts': 1,
    });
    expect(call.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        'exception',
        {
          'exception.type': 'InvalidParameter',
          'exception.message': expect.stringContaining('The parameter is wrong.'),
        },
      ],
    ]);
    const attempt = only(spans(), 'POST');
    expect(attempt.attributes).toMatchObject({
      'error.type': 'InvalidParameter',
      'http.response.status_code': 400,
    });
    expect(attempt.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a dropped connection then an answer: the first attempt ends at the retry, failed with SDK.NetworkError', async () => {
    wire.server.reply({ reset: true }, ok());
    const client = wire.client();
    instrumented(client);

    await client.request('DescribeInstances', {});

    const ended = spans();
    const call = only(ended, 'ecs/DescribeInstances');
    const [dropped, answered] = byName(ended, 'POST');
    expect(dropped!.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': port,
      'url.scheme': 'http',
      'error.type': 'SDK.NetworkError',
    });
    expect(dropped!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'SDK.NetworkError' });
    expect(answered!.attributes).toMatchObject({
      'http.request.resend_count': 1,
      'http.response.status_code': 200,
    });
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
    expect(call.attributes).toMatchObject({ 'alibaba_cloud.attempts': 2, 'http.response.status_code': 200 });
    expect(call.events.map((e) => e.attributes?.['alibaba_cloud.code'])).toEqual(['SDK.NetworkError']);
    const retry = call.events[0]!;
    expect(ms(dropped!.endTime)).toBe(ms(retry.time));
  });

  it('a cancelled call: status unset, alibaba_cloud.cancelled; a queued one has no attempt span', async () => {
    const reply = held();
    wire.server.setHandler(() => reply.reply);
    const client = wire.client({ config: (c) => c.withEnableAsync(true).withPoolSize(1) });
    instrumented(client);

    const running = client.request$('DescribeInstances', {}).subscribe();
    const queued = client.request$('DescribeRegions', {}).subscribe();
    await wire.server.waitForRequests(1);
    queued.unsubscribe();
    running.unsubscribe();
    await wire.server.waitForAborted(1);
    reply.release();

    const ended = spans();
    const inFlight = only(ended, 'ecs/DescribeInstances');
    const waiting = only(ended, 'ecs/DescribeRegions');
    const attempt = only(ended, 'POST');
    expect(inFlight.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(inFlight.attributes).toMatchObject({
      'alibaba_cloud.cancelled': true,
      'alibaba_cloud.attempts': 1,
    });
    expect(inFlight.attributes).not.toHaveProperty('error.type');
    expect(attempt.parentSpanContext?.spanId).toBe(inFlight.spanContext().spanId);
    expect(attempt.attributes).toMatchObject({ 'alibaba_cloud.cancelled': true });
    expect(attempt.attributes).not.toHaveProperty('http.response.status_code');
    expect(waiting.attributes).toMatchObject({
      'alibaba_cloud.cancelled': true,
      'alibaba_cloud.attempts': 0,
    });
    expect(waiting.attributes).not.toHaveProperty('server.address');
  });

  it("a call's parent is the span active when it was subscribed (AsyncLocalStorageContextManager)", async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      wire.server.reply(ok(), ok());
      const client = wire.client();
      instrumented(client);
      const sweep = kit.otel.tracerProvider.getTracer('app').startSpan('sweep');

      await context.with(trace.setSpan(context.active(), sweep), async () => {
        await client.request('DescribeInstances', {});
      });
      await client.request('DescribeRegions', {});
      sweep.end();

      const ended = spans();
      const inside = only(ended, 'ecs/DescribeInstances');
      const outside = only(ended, 'ecs/DescribeRegions');
      expect(inside.parentSpanContext?.spanId).toBe(sweep.spanContext().spanId);
      expect(inside.spanContext().traceId).toBe(sweep.spanContext().traceId);
      const attempts = byName(ended, 'POST');
      expect(attempts[0]!.spanContext().traceId).toBe(sweep.spanContext().traceId);
      expect(outside.parentSpanContext).toBeUndefined();
      expect(outside.spanContext().traceId).not.toBe(sweep.spanContext().traceId);
    } finally {
      context.disable();
    }
  });

  describe('W3C trace context', () => {
    beforeEach(() => propagation.setGlobalPropagator(traceparentPropagator));
    afterEach(() => propagation.disable());

    it('is not sent by default, even with a propagator registered', async () => {
      wire.server.reply(ok());
      const client = wire.client();
      instrumented(client);

      await client.request('DescribeInstances', {});

      expect(spans()).toHaveLength(2);
      expect(wire.server.requests[0]!.headers).not.toHaveProperty('traceparent');
    });

    it("with propagateContext: true each attempt carries its own span's traceparent, and the signature still holds", async () => {
      wire.server.reply(throttled, ok());
      const client = wire.client();
      instrumented(client, { propagateContext: true });

      await expect(client.request('DescribeInstances', {})).resolves.toMatchObject({ RequestId: 'REQ-OK' });

      const attempts = byName(spans(), 'POST');
      expect(wire.server.requests).toHaveLength(2);
      wire.server.requests.forEach((request, i) => {
        const span = attempts[i]!.spanContext();
        expect(request.signatureValid).toBe(true);
        expect(request.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
        expect(request.headers.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
      });
    });

    it('uninstrument removes the header hook', async () => {
      wire.server.reply(ok(), ok());
      const client = wire.client();
      const instrumentation = instrumented(client, { propagateContext: true });

      await client.request('DescribeInstances', {});
      instrumentation.uninstrument();
      await client.request('DescribeInstances', {});

      expect(wire.server.requests[0]!.headers).toHaveProperty('traceparent');
      expect(wire.server.requests[1]!.headers).not.toHaveProperty('traceparent');
    });
  });

  it('no span holds a secret: not the AccessKeySecret, the security token, a signature or a parameter value', async () => {
    wire.server.reply(throttled, serviceError(403, 'InvalidAccessKeyId.NotFound'));
    const credential = stsToken();
    const client = wire.client({ credential });
    instrumented(client, { propagateContext: true });

    await client.request('DescribeInstances', { Password: 'p4ss-w0rd-value' }).catch(() => undefined);

    const text = JSON.stringify(
      spans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
    );
    expect(wire.server.requests).toHaveLength(2);
    await expectNoSecretIn(text, credential, wire.server, ['p4ss-w0rd-value']);
  });

  it('uninstrument ends the spans of calls still running, marked uninstrumented, and records nothing more', async () => {
    const reply = held();
    wire.server.setHandler(() => reply.reply);
    const client = wire.client();
    const instrumentation = instrumented(client);

    const running = client.request('DescribeInstances', {});
    await wire.server.waitForRequests(1);
    instrumentation.uninstrument();
    instrumentation.uninstrument();
    const ended = [...spans()];
    reply.release();
    await running;
    wire.server.setHandler(() => ok());
    await client.request('DescribeRegions', {});

    expect(spans()).toEqual(ended);
    expect(ended.map((s) => [s.name, s.attributes['alibaba_cloud.uninstrumented']])).toEqual([
      ['POST', true],
      ['ecs/DescribeInstances', true],
    ]);
    const recorded = await kit.otel.metrics();
    expect(numberPoints(recorded, 'alibaba_cloud.client.attempts').map((p) => p.value)).toEqual([1]);
    expect(histogramPoints(recorded, 'rpc.client.call.duration')).toEqual([]);
    expect(numberPoints(recorded, 'alibaba_cloud.client.pool.active')).toEqual([]);
  });

  it('two instrumentations of one client are independent', async () => {
    wire.server.reply(ok(), ok());
    const client = wire.client();
    const other = telemetry();
    try {
      instrumented(client);
      const second = instrument(client, {
        tracerProvider: other.tracerProvider,
        meterProvider: other.meterProvider,
      });

      await client.request('DescribeInstances', {});
      second.uninstrument();
      await client.request('DescribeRegions', {});

      expect(spans().map((s) => s.name)).toEqual([
        'POST',
        'ecs/DescribeInstances',
        'POST',
        'ecs/DescribeRegions',
      ]);
      expect(other.spans().map((s) => s.name)).toEqual(['POST', 'ecs/DescribeInstances']);
    } finally {
      await other.shutdown();
    }
  });

  it('uses the global providers by default', async () => {
    trace.setGlobalTracerProvider(kit.otel.tracerProvider);
    metrics.setGlobalMeterProvider(kit.otel.meterProvider);
    const client = wire.client();
    const instrumentation = instrument(client);
    try {
      wire.server.reply(ok());
      await client.request('DescribeInstances', {});

      expect(spans().map((s) => s.name)).toEqual(['POST', 'ecs/DescribeInstances']);
      const names = (await kit.otel.metrics()).map((m) => m.descriptor.name);
      expect(names).toContain('rpc.client.call.duration');
    } finally {
      instrumentation.uninstrument();
      trace.disable();
      metrics.disable();
    }
  });

  it('refuses what is not a client, a provider without its method, or a propagateContext not boolean', () => {
    const client = wire.client();
    expect(() => instrument({} as RpcClient)).toThrow(expect.objectContaining({ code: 'SDK.InvalidParam' }));
    expect(() => instrument(client, { tracerProvider: {} as never })).toThrow(/tracerProvider/);
    expect(() => instrument(client, { meterProvider: {} as never })).toThrow(/meterProvider/);
    expect(() => instrument(client, { propagateContext: 'yes' as never })).toThrow(/propagateContext/);
  });
});
