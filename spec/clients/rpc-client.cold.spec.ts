import { firstValueFrom, lastValueFrom } from 'rxjs';
import { useWire } from './wire.js';

describe('RpcClient calls are cold', () => {
  const wire = useWire();

  it('sends nothing when request$ is built but not subscribed', async () => {
    const client = wire.client();
    const call$ = client.request$('DescribeRegions', {});
    expect(wire.server.requests).toHaveLength(0);

    await client.request('DescribeZones', {});

    expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeZones']);
    expect(call$).toBeDefined();
  });

  it('sends nothing for an unsubscribed call on an async client either', async () => {
    const client = wire.client({ config: (c) => c.withEnableAsync(true) });
    client.request$('DescribeRegions', {});
    expect(wire.server.requests).toHaveLength(0);

    await client.request('DescribeZones', {});

    expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeZones']);
  });

  it('sends one request per subscription, each with its own nonce', async () => {
    const client = wire.client();
    const call$ = client.request$<{ Action: string }>('DescribeRegions', {});

    const [a, b] = await Promise.all([firstValueFrom(call$), lastValueFrom(call$)]);

    expect(a.Action).toBe('DescribeRegions');
    expect(b.Action).toBe('DescribeRegions');
    const [first, second] = wire.server.requests;
    expect(wire.server.requests).toHaveLength(2);
    expect(first?.signatureValid && second?.signatureValid).toBe(true);
    expect(first?.nonce).not.toBe(second?.nonce);
  });

  it('sends a new request when the same Observable is subscribed again later', async () => {
    const client = wire.client();
    const call$ = client.request$('DescribeRegions', {});

    await lastValueFrom(call$);
    await lastValueFrom(call$);

    expect(wire.server.requests).toHaveLength(2);
  });
});
