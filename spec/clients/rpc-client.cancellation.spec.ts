import type { Config } from '../../src/config.js';
import { CancelledError } from '../../src/errors/cancelled-error.js';
import { ok, rejectionOf, useWire, watchStats } from './wire.js';

const onePool = (c: Config): Config => c.withEnableAsync(true).withPoolSize(1);

describe('RpcClient cancellation over loopback HTTP', () => {
  const wire = useWire();

  it('aborts the HTTP request of an unsubscribed in-flight call, then runs the next queued call', async () => {
    wire.server.setHandler((req, index) => ({
      ...ok({ Action: req.action }),
      delayMs: index === 0 ? 10_000 : 0,
    }));
    const client = wire.client({ config: onePool });
    const events: string[] = [];

    const subscription = client.request$('DescribeInstances', {}).subscribe({
      next: () => events.push('next'),
      error: () => events.push('error'),
      complete: () => events.push('complete'),
    });
    const next = client.request<{ Action: string }>('DescribeRegions', {});
    await wire.server.waitForRequests(1);
    subscription.unsubscribe();

    await wire.server.waitForAborted(1);
    expect((await next).Action).toBe('DescribeRegions');
    expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeInstances', 'DescribeRegions']);
    expect(events).toEqual([]); // an unsubscribed Observable just stops
  });

  it('never sends a queued call that is unsubscribed, and counts it cancelled', async () => {
    wire.server.setHandler((req) => ({ ...ok({ Action: req.action }), delayMs: 20 }));
    const client = wire.client({ config: onePool });
    const stats = watchStats(client);

    const first = client.request('DescribeInstances', {});
    const queued = client.request$('StopInstance', { InstanceId: 'i-1' }).subscribe();
    const third = client.request('DescribeRegions', {});
    expect(stats.latest()).toMatchObject({ active: 1, queued: 2 });
    queued.unsubscribe();
    expect(stats.latest()).toMatchObject({ queued: 1, cancelled: 1 });

    await Promise.all([first, third]);
    expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeInstances', 'DescribeRegions']);
    expect(wire.server.aborted).toBe(0);
    stats.stop();
  });

  it('rejects a Promise call with CancelledError when its signal aborts in flight, and aborts the request', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 10_000 }));
    const client = wire.client();
    const controller = new AbortController();

    const call = client.request('DescribeInstances', {}, { signal: controller.signal });
    await wire.server.waitForRequests(1);
    controller.abort();

    const error = await rejectionOf(call);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error).toMatchObject({ code: 'SDK.Cancelled' });
    await wire.server.waitForAborted(1);
    expect(wire.server.requests).toHaveLength(1);
  });

  it('rejects with CancelledError and sends nothing when the signal aborted before the call', async () => {
    const client = wire.client();
    const controller = new AbortController();
    controller.abort();

    const error = await rejectionOf(client.request('DescribeInstances', {}, { signal: controller.signal }));

    expect(error).toBeInstanceOf(CancelledError);
    expect(error).toMatchObject({ code: 'SDK.Cancelled' });
    await client.request('DescribeRegions', {});
    expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeRegions']);
  });

  it('removes a queued Promise call whose signal aborts, so it is never sent', async () => {
    wire.server.setHandler((req) => ({ ...ok({ Action: req.action }), delayMs: 20 }));
    const client = wire.client({ config: onePool });
    const controller = new AbortController();

    const first = client.request('DescribeInstances', {});
    const queued = client.request('StopInstance', { InstanceId: 'i-1' }, { signal: controller.signal });
    controller.abort();

    expect(await rejectionOf(queued)).toBeInstanceOf(CancelledError);
    await first;
    await client.request('DescribeRegions', {});
    expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeInstances', 'DescribeRegions']);
  });

  it('puts CancelledError on the WithChan error channel when the signal aborts in flight', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 10_000 }));
    const client = wire.client({ config: (c) => c.withEnableAsync(true) });
    const controller = new AbortController();

    const [response, error] = client.requestWithChan('DescribeInstances', {}, { signal: controller.signal });
    await wire.server.waitForRequests(1);
    controller.abort();

    expect(await error).toBeInstanceOf(CancelledError);
    expect(await response).toBeUndefined();
    await wire.server.waitForAborted(1);
  });

  it('puts CancelledError on the WithChan error channel when the signal aborted before the call', async () => {
    const client = wire.client({ config: (c) => c.withEnableAsync(true) });
    const controller = new AbortController();
    controller.abort();

    const [response, error] = client.requestWithChan('DescribeInstances', {}, { signal: controller.signal });

    expect(await error).toBeInstanceOf(CancelledError);
    expect(await response).toBeUndefined();
    await client.request('DescribeRegions', {});
    expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeRegions']);
  });

  it('resolves a WithCallback blocker 0 with CancelledError when the signal aborts', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 10_000 }));
    const client = wire.client({ config: (c) => c.withEnableAsync(true) });
    const controller = new AbortController();
    const errors: (Error | undefined)[] = [];

    const blocker = client.requestWithCallback('DescribeInstances', {}, (_r, e) => errors.push(e), {
      signal: controller.signal,
    });
    await wire.server.waitForRequests(1);
    controller.abort();

    await expect(blocker).resolves.toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CancelledError);
  });

  it('ignores a signal that aborts after the call has ended', async () => {
    const client = wire.client();
    const controller = new AbortController();

    const response = await client.request<{ Action: string }>(
      'DescribeRegions',
      {},
      { signal: controller.signal },
    );
    controller.abort();

    expect(response.Action).toBe('DescribeRegions');
    expect(wire.server.aborted).toBe(0);
  });
});
