import { firstValueFrom, from, lastValueFrom, toArray } from 'rxjs';
import { RpcClient } from '../../src/clients/rpc-client.js';
import { ClientClosedError } from '../../src/errors/client-closed-error.js';
import { withPool } from '../../src/operators/with-pool.js';
import { accessKey, ok, rejectionOf, useWire } from './wire.js';

describe('RpcClient.poolRoom$ over loopback HTTP', () => {
  const wire = useWire();

  it('emits when a call ends, and a call made then is admitted', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 20 }));
    const client = wire.client({
      config: (c) => c.withEnableAsync(true).withPoolSize(1).withMaxTaskQueueSize(0),
    });
    const first = client.request('DescribeRegions', {});
    expect(client.hasRoom()).toBe(false);

    await firstValueFrom(client.poolRoom$);
    expect(client.hasRoom()).toBe(true);
    await first;
    await expect(client.request('DescribeRegions', {})).resolves.toBeDefined();
  });

  it('is the pool’s: a client sharing it hears of enableAsync on the other, and of its shutdown, which completes it', async () => {
    const owner = wire.client({
      config: (c) => c.withEnableAsync(true).withPoolSize(1).withMaxTaskQueueSize(0),
    });
    const sibling = new RpcClient({
      product: 'ecs',
      version: '2014-05-26',
      regionId: 'cn-shanghai',
      credential: accessKey(),
      sharePoolWith: owner,
    });
    let emitted = 0;
    let completed = false;
    sibling.poolRoom$.subscribe({ next: () => emitted++, complete: () => (completed = true) });

    owner.enableAsync(2, 0);
    expect(emitted).toBe(1);
    await owner.shutdown();
    expect(emitted).toBe(2);
    expect(completed).toBe(true);
  });

  it('lets a withPool pipeline waiting for room end with ClientClosedError at shutdown, sending only the calls it had made', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 20 }));
    const client = wire.client({
      config: (c) => c.withEnableAsync(true).withPoolSize(1).withMaxTaskQueueSize(0),
    });
    const other = client.request('DescribeRegions', {});
    const pipeline = lastValueFrom(
      from([1, 2, 3]).pipe(
        withPool(client, () => client.request$('DescribeInstances', {})),
        toArray(),
      ),
    );

    const closed = client.shutdown();
    expect(await rejectionOf(pipeline)).toBeInstanceOf(ClientClosedError);
    await Promise.all([other, closed]);
    expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeRegions']);
  });
});
