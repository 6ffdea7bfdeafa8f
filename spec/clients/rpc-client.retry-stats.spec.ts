import { ok, serviceError, useWire, watchStats } from './wire.js';

const throttled = serviceError(400, 'Throttling.User', 'Request was denied due to user flow control.');

describe('RpcClient poolStats$ retries over loopback HTTP', () => {
  const wire = useWire();

  it.each([true, false])(
    'counts 2 retries for a call answered Throttling.User twice and then OK (async %s), as one completed call',
    async (asyncOn) => {
      wire.server.reply(throttled, throttled, ok());
      const client = wire.client({ config: (c) => c.withEnableAsync(asyncOn) });
      const stats = watchStats(client);
      expect(stats.latest().retries).toBe(0);

      await client.request('DescribeInstances', {});

      expect(wire.server.requests).toHaveLength(3);
      expect(stats.latest()).toMatchObject({ retries: 2, completed: 1, failed: 0, active: 0 });
      stats.stop();
    },
  );

  it('adds up the retries of every call, and counts none for a call that is never retried', async () => {
    wire.server.setHandler((req) =>
      req.params.Attempt === undefined ? ok() : serviceError(400, 'InvalidParameter'),
    );
    wire.server.reply(throttled, ok(), throttled, ok());
    const client = wire.client({ config: (c) => c.withEnableAsync(true).withPoolSize(1) });
    const stats = watchStats(client);

    await client.request('DescribeInstances', {});
    await client.request('DescribeRegions', {});
    await client.request('DescribeInstances', { Attempt: '1' }).catch(() => undefined);

    expect(stats.latest()).toMatchObject({ retries: 2, completed: 2, failed: 1 });
    stats.stop();
  });
});
