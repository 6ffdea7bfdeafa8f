import { QueueFullError } from '../../src/errors/queue-full-error.js';
import { ok, rejectionOf, serviceError, useWire, watchStats } from './wire.js';

describe('RpcClient pool over loopback HTTP', () => {
  const wire = useWire();

  it('keeps at most poolSize 3 requests in flight for 20 calls, and every call succeeds', async () => {
    wire.server.setHandler((req, index) => ({ ...ok({ Index: index, Action: req.action }), delayMs: 30 }));
    const client = wire.client({ config: (c) => c.withEnableAsync(true).withPoolSize(3) });

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.request<{ Action: string }>('DescribeInstances', { PageNumber: i }),
      ),
    );

    expect(results).toHaveLength(20);
    expect(results.every((r) => r.Action === 'DescribeInstances')).toBe(true);
    expect(wire.server.requests).toHaveLength(20);
    expect(wire.server.peakInFlight).toBeLessThanOrEqual(3);
    expect(wire.server.peakInFlight).toBeGreaterThan(1);
  });

  it('rejects the third call at once with QueueFullError when poolSize 1 and queue 1 are taken, sending only two', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 30 }));
    const client = wire.client({
      config: (c) => c.withEnableAsync(true).withPoolSize(1).withMaxTaskQueueSize(1),
    });

    const first = client.request('DescribeInstances', {});
    const second = client.request('DescribeInstances', {});
    let refused: unknown;
    client.request$('DescribeInstances', {}).subscribe({ error: (e: unknown) => (refused = e) });

    // Delivered synchronously, at subscription: nothing had to finish first.
    expect(refused).toBeInstanceOf(QueueFullError);
    expect(refused).toMatchObject({ code: 'SDK.AsyncTaskQueueFull', poolSize: 1, maxTaskQueueSize: 1 });
    const promised = await rejectionOf(client.request('DescribeInstances', {}));
    expect(promised).toBeInstanceOf(QueueFullError);

    await Promise.all([first, second]);
    expect(wire.server.requests).toHaveLength(2);
  });

  it('lets a new call in once a slot frees up after a QueueFullError', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 20 }));
    const client = wire.client({
      config: (c) => c.withEnableAsync(true).withPoolSize(1).withMaxTaskQueueSize(0),
    });

    const first = client.request('DescribeInstances', {});
    expect(client.hasRoom()).toBe(false);
    await expect(client.request('DescribeInstances', {})).rejects.toBeInstanceOf(QueueFullError);
    await first;

    expect(client.hasRoom()).toBe(true);
    await expect(client.request('DescribeInstances', {})).resolves.toBeDefined();
    expect(wire.server.requests).toHaveLength(2);
  });

  it('counts every call once in poolStats$: completed, failed, rejected and cancelled', async () => {
    wire.server.setHandler((req) =>
      req.params.Fail ? serviceError(400, 'InvalidParameter') : { ...ok(), delayMs: 20 },
    );
    const client = wire.client({
      config: (c) => c.withEnableAsync(true).withPoolSize(1).withMaxTaskQueueSize(2),
    });
    const stats = watchStats(client);

    const a = client.request('DescribeInstances', {}); // runs
    const b = rejectionOf(client.request('DescribeInstances', { Fail: '1' })); // waits, then fails
    const c = client.request$('DescribeInstances', {}).subscribe(); // waits, then is cancelled
    const d = rejectionOf(client.request('DescribeInstances', {})); // queue full: rejected
    expect(stats.latest()).toMatchObject({ active: 1, queued: 2, rejected: 1 });
    c.unsubscribe();
    const e = client.request('DescribeInstances', {}); // takes the freed place
    const f = client.request$('DescribeInstances', {}); // built, never subscribed: not a call

    await Promise.all([a, b, d, e]);

    expect(f).toBeDefined();
    expect(await d).toBeInstanceOf(QueueFullError);
    expect((await b).message).toContain('InvalidParameter');
    const final = stats.latest();
    expect(final).toEqual({
      poolSize: 1,
      maxTaskQueueSize: 2,
      active: 0,
      queued: 0,
      waitingForBudget: 0,
      completed: 2,
      failed: 1,
      rejected: 1,
      cancelled: 1,
      retries: 0,
    });
    expect(final.completed + final.failed + final.rejected + final.cancelled).toBe(5);
    expect(wire.server.requests).toHaveLength(3);
    stats.stop();
  });

  it('gives the current value on subscribe and then every change', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 10 }));
    const client = wire.client({ config: (c) => c.withEnableAsync(true).withPoolSize(2) });
    const seen: number[] = [];
    const subscription = client.poolStats$.subscribe((s) => seen.push(s.active));

    expect(seen).toEqual([0]);
    await Promise.all([client.request('DescribeInstances', {}), client.request('DescribeInstances', {})]);

    expect(seen).toContain(2);
    expect(seen.at(-1)).toBe(0);
    subscription.unsubscribe();
  });
});
