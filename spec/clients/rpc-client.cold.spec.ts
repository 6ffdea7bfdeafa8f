// Calls are cold, as RxJS's `fromFetch`: building `request$` sends nothing and does not even read
// its parameters; each subscription is a call of its own (its own parameters, nonce, signature and
// request). Counted at a real loopback server, so an eager or shared implementation fails here.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { signatureOf, useWire, watchStats } from './wire.js';

describe('RpcClient calls are cold', () => {
  const wire = useWire();

  it.each([false, true])(
    'sends nothing for a request$ that is built but never subscribed (async %s)',
    async (async) => {
      const client = wire.client({ config: (c) => c.withEnableAsync(async) });
      const stats = watchStats(client);
      client.request$('DescribeRegions', {});

      // A later call's whole round trip, then shutdown(), which resolves only once every call the
      // client started has ended: an eager DescribeRegions would be on the server by then.
      await client.request('DescribeZones', {});
      await client.shutdown();

      expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeZones']);
      expect(stats.latest()).toMatchObject({ active: 0, queued: 0, completed: 1, failed: 0, cancelled: 0 });
      stats.stop();
    },
  );

  it('reads a params function only when subscribed, once per subscription', async () => {
    const client = wire.client();
    let reads = 0;
    const call$ = client.request$('DescribeRegions', () => ({ AcceptLanguage: `read-${++reads}` }));
    expect(reads).toBe(0);

    await lastValueFrom(call$);
    await lastValueFrom(call$);

    expect(reads).toBe(2);
    expect(wire.server.requests.map((r) => r.params.AcceptLanguage)).toEqual(['read-1', 'read-2']);
  });

  it('sends one request per concurrent subscription, each with its own nonce and signature', async () => {
    const client = wire.client();
    const call$ = client.request$<{ Action: string }>('DescribeRegions', {});

    const [a, b] = await Promise.all([firstValueFrom(call$), lastValueFrom(call$)]);

    expect([a.Action, b.Action]).toEqual(['DescribeRegions', 'DescribeRegions']);
    expect(wire.server.requests).toHaveLength(2);
    const [first, second] = wire.server.requests;
    expect([first?.signatureValid, second?.signatureValid]).toEqual([true, true]);
    expect(first?.nonce).toBeDefined();
    expect(first?.nonce).not.toBe(second?.nonce);
    expect(signatureOf(first!)).not.toBe(signatureOf(second!));
  });

  it('sends a new request when the same Observable is subscribed again after it completed', async () => {
    const client = wire.client();
    const call$ = client.request$<{ Action: string }>('DescribeRegions', {});

    const first = await lastValueFrom(call$);
    expect(wire.server.requests).toHaveLength(1);
    const second = await lastValueFrom(call$);

    expect(wire.server.requests).toHaveLength(2);
    expect([first.Action, second.Action]).toEqual(['DescribeRegions', 'DescribeRegions']);
    expect(wire.server.requests[0]?.nonce).not.toBe(wire.server.requests[1]?.nonce);
  });
});
