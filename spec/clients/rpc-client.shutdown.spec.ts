import { lastValueFrom } from 'rxjs';
import type { Config } from '../../src/config.js';
import { ClientClosedError } from '../../src/errors/client-closed-error.js';
import { localBudget } from '../../src/budget/local-budget.js';
import { ok, rejectionOf, useWire, watchStats } from './wire.js';

const asyncOn = (c: Config): Config => c.withEnableAsync(true);

describe('RpcClient shutdown over loopback HTTP', () => {
  const wire = useWire();

  describe.each([
    ['async on', asyncOn],
    ['async off', (c: Config) => c],
  ])('with %s', (_label, config) => {
    it('refuses every call form with ClientClosedError and sends nothing', async () => {
      const client = wire.client({ config });
      await client.shutdown();

      const observed = await rejectionOf(lastValueFrom(client.request$('DescribeRegions', {})));
      const promised = await rejectionOf(client.request('DescribeRegions', {}));
      const [response, error] = client.requestWithChan('DescribeRegions', {});
      const errors: (Error | undefined)[] = [];
      const blocker = client.requestWithCallback('DescribeRegions', {}, (_r, e) => errors.push(e));

      for (const e of [observed, promised, await error]) {
        expect(e).toBeInstanceOf(ClientClosedError);
        expect(e).toMatchObject({ code: 'SDK.ClientShutdown' });
      }
      expect(await response).toBeUndefined();
      await expect(blocker).resolves.toBe(0);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(ClientClosedError);
      expect(wire.server.requests).toHaveLength(0);
    });
  });

  it('with cancelQueued, ends the waiting calls at once (never sent) and waits only for the running ones', async () => {
    wire.server.setHandler((req) => ({ ...ok({ Action: req.headers['x-acs-action'] }), delayMs: 40 }));
    const client = wire.client({ config: (c) => c.withEnableAsync(true).withPoolSize(2) });
    const stats = watchStats(client);
    const calls = Array.from({ length: 6 }, (_, i) =>
      client.request<{ Action: string }>(`Describe${i}`, {}).then(
        (res) => res.Action,
        (error: unknown) => error,
      ),
    );
    await wire.server.waitForRequests(2);
    expect(stats.latest()).toMatchObject({ active: 2, queued: 4 });

    const closed = client.shutdown({ cancelQueued: true });
    expect(stats.latest()).toMatchObject({ active: 2, queued: 0, failed: 4 });
    await closed;
    const outcomes = await Promise.all(calls);

    expect(outcomes.slice(0, 2)).toEqual(['Describe0', 'Describe1']);
    for (const error of outcomes.slice(2)) {
      expect(error).toBeInstanceOf(ClientClosedError);
      expect(error).toMatchObject({ code: 'SDK.ClientShutdown', wasQueued: true });
    }
    expect(wire.server.requests.map((r) => r.headers['x-acs-action'])).toEqual(['Describe0', 'Describe1']);
    expect(stats.latest()).toMatchObject({ completed: 2, failed: 4, cancelled: 0 });
    // A later call is refused as after any shutdown; its error says it never waited.
    await expect(client.request('DescribeRegions', {})).rejects.toMatchObject({ wasQueued: false });
    stats.stop();
  });

  it('with cancelQueued, also ends the calls that hold a slot but wait for their budget lease: none is sent', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 40 }));
    const client = wire.client({
      config: (c) =>
        c
          .withEnableAsync(true)
          .withPoolSize(4)
          .withBudget(localBudget({ concurrency: 1 })),
    });
    const stats = watchStats(client);
    const calls = Array.from({ length: 6 }, (_, i) =>
      client.request(`Stop${i}`, {}).catch((e: unknown) => e),
    );
    await wire.server.waitForRequests(1);
    expect(stats.latest()).toMatchObject({ active: 1, queued: 5, waitingForBudget: 3 });

    await client.shutdown({ cancelQueued: true });
    const outcomes = await Promise.all(calls);

    expect(outcomes[0]).toMatchObject({ RequestId: 'REQ-OK' });
    for (const error of outcomes.slice(1))
      expect(error).toMatchObject({ code: 'SDK.ClientShutdown', wasQueued: true });
    expect(wire.server.requests).toHaveLength(1);
    expect(stats.latest()).toMatchObject({
      active: 0,
      queued: 0,
      waitingForBudget: 0,
      completed: 1,
      failed: 5,
    });
    stats.stop();
  });

  it('with cancelQueued, nothing a consumer does on hearing of its end starts another waiting call', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 40 }));
    const client = wire.client({ config: (c) => c.withEnableAsync(true).withPoolSize(1) });
    const calls = Array.from({ length: 4 }, (_, i) =>
      client.request(`Describe${i}`, {}).catch((e: unknown) => {
        client.enableAsync(10, 10); // room for everyone, from inside the first refusal
        return e;
      }),
    );
    await wire.server.waitForRequests(1);
    await client.shutdown({ cancelQueued: true });
    await Promise.all(calls);
    expect(wire.server.requests).toHaveLength(1);
  });

  it('lets ClientClosedError win over bad input and an aborted signal', async () => {
    const client = wire.client();
    await client.shutdown();
    const controller = new AbortController();
    controller.abort();

    await expect(client.request('', {})).rejects.toBeInstanceOf(ClientClosedError);
    await expect(client.request('DescribeRegions', {}, { readTimeout: -1 })).rejects.toBeInstanceOf(
      ClientClosedError,
    );
    await expect(client.request('DescribeRegions', {}, { signal: controller.signal })).rejects.toBeInstanceOf(
      ClientClosedError,
    );
  });

  it('resolves twice and only after the in-flight call has finished', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 50 }));
    const client = wire.client({ config: asyncOn });
    const order: string[] = [];

    const call = client.request('DescribeInstances', {}).then(() => order.push('call'));
    await wire.server.waitForRequests(1);
    const first = client.shutdown().then(() => order.push('shutdown 1'));
    const second = client.shutdown().then(() => order.push('shutdown 2'));
    await expect(client.request('DescribeRegions', {})).rejects.toBeInstanceOf(ClientClosedError);

    await Promise.all([call, first, second]);
    expect(order).toEqual(['call', 'shutdown 1', 'shutdown 2']);
    await expect(client.shutdown()).resolves.toBeUndefined();
    expect(wire.server.requests).toHaveLength(1);
  });

  it('lets queued calls run to the end after shutdown', async () => {
    wire.server.setHandler((req) => ({ ...ok({ Action: req.action }), delayMs: 20 }));
    const client = wire.client({ config: (c) => c.withEnableAsync(true).withPoolSize(1) });
    const stats = watchStats(client);

    const calls = ['DescribeInstances', 'DescribeRegions', 'DescribeZones'].map((action) =>
      client.request<{ Action: string }>(action, {}),
    );
    const closed = client.shutdown();

    const results = await Promise.all(calls);
    await closed;
    expect(results.map((r) => r.Action)).toEqual(['DescribeInstances', 'DescribeRegions', 'DescribeZones']);
    expect(stats.latest()).toMatchObject({ completed: 3, active: 0, queued: 0 });
    stats.stop();
  });

  it('resolves at once when nothing is in flight', async () => {
    const client = wire.client({ config: asyncOn });
    await expect(client.shutdown()).resolves.toBeUndefined();
    await expect(client.shutdown()).resolves.toBeUndefined();
  });

  it('counts calls refused after shutdown as rejected', async () => {
    const client = wire.client({ config: asyncOn });
    const stats = watchStats(client);
    await client.shutdown();

    await rejectionOf(client.request('DescribeRegions', {}));
    await client.requestWithCallback('DescribeRegions', {}, () => undefined);

    expect(stats.latest()).toMatchObject({ rejected: 2, completed: 0, failed: 0, cancelled: 0 });
    stats.stop();
  });
});
