// alicloud-rx/otel's metrics over loopback HTTP, read with the meter provider's collect() (no
// export interval, no sleep); and the state kept per call, empty once the calls have ended.
import type { DataPoint, Histogram } from '@opentelemetry/sdk-metrics';
import type { Subscription } from 'rxjs';
import { openCallsOf } from '../../src/otel/instrument.js';
import type { Reply } from '../helpers/loopback-server.js';
import { ok, serviceError, useWire } from '../clients/wire.js';
import { histogramPoints, numberPoints, unitOf, useTelemetry } from './telemetry.js';

const throttled: Reply = {
  ...serviceError(400, 'Throttling.User', 'Request was denied due to user flow control.'),
  headers: { 'x-acs-retry-after': '0.002' },
};

const rpc = {
  'rpc.system': 'alibaba_cloud_openapi',
  'rpc.service': 'ecs',
  'cloud.region': 'cn-hangzhou',
};

describe('instrument(client) metrics over loopback HTTP', () => {
  const wire = useWire();
  const kit = useTelemetry();

  it('a call throttled then answered: one call duration, two request durations, 2 attempts, 1 throttled', async () => {
    wire.server.reply(throttled, ok());
    const client = wire.client();
    kit.instrumented(client);

    await client.request('DescribeInstances', {});

    const metrics = await kit.otel.metrics();
    const calls = histogramPoints(metrics, 'rpc.client.call.duration');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.attributes).toEqual({
      ...rpc,
      'rpc.method': 'DescribeInstances',
      'alibaba_cloud.outcome': 'succeeded',
    });
    expect(calls[0]!.value.count).toBe(1);
    const requests = histogramPoints(metrics, 'http.client.request.duration');
    expect(
      requests.map((p) => [
        p.attributes['http.response.status_code'],
        p.attributes['error.type'],
        p.value.count,
      ]),
    ).toEqual([
      [400, 'Throttling.User', 1],
      [200, undefined, 1],
    ]);
    expect(requests[1]!.attributes).toEqual({
      ...rpc,
      'rpc.method': 'DescribeInstances',
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(wire.server.url).port),
      'url.scheme': 'http',
      'http.response.status_code': 200,
    });
    // Seconds: each answer's duration is at most the call's.
    const sum = (p: DataPoint<Histogram> | undefined) => p?.value.sum ?? Number.NaN;
    expect(sum(requests[0]) + sum(requests[1])).toBeLessThanOrEqual(sum(calls[0]));
    expect(unitOf(metrics, 'rpc.client.call.duration')).toBe('s');
    expect(unitOf(metrics, 'http.client.request.duration')).toBe('s');

    const attempts = numberPoints(metrics, 'alibaba_cloud.client.attempts');
    expect(attempts.map((p) => [p.attributes, p.value])).toEqual([
      [{ ...rpc, 'rpc.method': 'DescribeInstances' }, 2],
    ]);
    const throttles = numberPoints(metrics, 'alibaba_cloud.client.throttled');
    expect(throttles.map((p) => [p.attributes['error.type'], p.value])).toEqual([['Throttling.User', 1]]);
  });

  it('a failed call and one whose signal was aborted: outcome failed with error.type, outcome cancelled', async () => {
    wire.server.reply(serviceError(400, 'InvalidParameter'));
    const client = wire.client();
    kit.instrumented(client);

    await expect(client.request('DescribeInstances', {})).rejects.toMatchObject({ code: 'InvalidParameter' });
    const controller = new AbortController();
    controller.abort();
    await expect(client.request('DescribeRegions', {}, { signal: controller.signal })).rejects.toMatchObject({
      code: 'SDK.Cancelled',
    });

    const calls = histogramPoints(await kit.otel.metrics(), 'rpc.client.call.duration');
    expect(calls.map((p) => p.attributes)).toEqual([
      {
        ...rpc,
        'rpc.method': 'DescribeInstances',
        'alibaba_cloud.outcome': 'failed',
        'error.type': 'InvalidParameter',
      },
      { ...rpc, 'rpc.method': 'DescribeRegions', 'alibaba_cloud.outcome': 'cancelled' },
    ]);
  });

  it('a call unsubscribed in flight counts as cancelled, with no request duration (it got no answer)', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 10_000 }));
    const client = wire.client();
    kit.instrumented(client);

    const running = client.request$('DescribeInstances', {}).subscribe();
    await wire.server.waitForRequests(1);
    running.unsubscribe();
    await wire.server.waitForAborted(1);

    const metrics = await kit.otel.metrics();
    expect(histogramPoints(metrics, 'rpc.client.call.duration').map((p) => p.attributes)).toEqual([
      { ...rpc, 'rpc.method': 'DescribeInstances', 'alibaba_cloud.outcome': 'cancelled' },
    ]);
    expect(histogramPoints(metrics, 'http.client.request.duration')).toEqual([]);
  });

  it('the pool gauges read the pool: calls in flight and waiting', async () => {
    const release: Array<() => void> = [];
    wire.server.setHandler(() => new Promise<Reply>((resolve) => release.push(() => resolve(ok()))));
    const client = wire.client({ config: (c) => c.withEnableAsync(true).withPoolSize(2) });
    kit.instrumented(client);

    const calls = [1, 2, 3].map(() => client.request('DescribeInstances', {}));
    await wire.server.waitForRequests(2);
    let metrics = await kit.otel.metrics();
    const gauge = (name: string) => numberPoints(metrics, name).map((p) => [p.attributes, p.value]);
    expect(gauge('alibaba_cloud.client.pool.active')).toEqual([[rpc, 2]]);
    expect(gauge('alibaba_cloud.client.pool.queued')).toEqual([[rpc, 1]]);

    release.splice(0).forEach((r) => r());
    await wire.server.waitForRequests(3);
    release.splice(0).forEach((r) => r());
    await Promise.all(calls);
    metrics = await kit.otel.metrics();
    expect(gauge('alibaba_cloud.client.pool.active')).toEqual([[rpc, 0]]);
    expect(gauge('alibaba_cloud.client.pool.queued')).toEqual([[rpc, 0]]);
  });

  it('keeps no state of a call after its last event: 1,000 calls answered, failed or cancelled leave none', async () => {
    wire.server.setHandler((_req, index) =>
      index % 4 === 1 ? serviceError(400, 'InvalidParameter') : index % 7 === 3 ? throttled : ok(),
    );
    const client = wire.client({
      config: (c) => c.withEnableAsync(true).withPoolSize(20).withMaxTaskQueueSize(1000),
    });
    const instrumentation = kit.instrumented(client);

    const ended: Promise<unknown>[] = [];
    const cancelled: Subscription[] = [];
    for (let i = 0; i < 1000; i++) {
      if (i % 10 === 9) cancelled.push(client.request$('DescribeRegions', {}).subscribe());
      else ended.push(client.request('DescribeInstances', {}).catch(() => undefined));
    }
    expect(openCallsOf(instrumentation)).toBeGreaterThan(0);
    cancelled.forEach((s) => s.unsubscribe());
    await Promise.all(ended);

    expect(openCallsOf(instrumentation)).toBe(0);
    const calls = kit.otel.spans().filter((s) => s.name.startsWith('ecs/'));
    expect(calls).toHaveLength(1000);
    const before = kit.otel.spans().length;
    instrumentation.uninstrument();
    expect(kit.otel.spans()).toHaveLength(before);
    const counts = histogramPoints(await kit.otel.metrics(), 'rpc.client.call.duration').reduce(
      (sum, p) => sum + p.value.count,
      0,
    );
    expect(counts).toBe(1000);
  });
});
