// A queued call holds a compact copy of its parameters (RpcTask); what it sends when it gets its
// slot is exactly what it was given when subscribed, in order, whatever the caller does after.
import { firstValueFrom } from 'rxjs';
import { ok, useWire } from './wire.js';

describe('a queued call sends the parameters it was subscribed with', () => {
  const wire = useWire();

  it('keeps their order and values, and ignores later edits of the request object', async () => {
    const client = wire.client({
      config: (c) => c.withEnableAsync(true).withPoolSize(1).withMaxTaskQueueSize(5),
    });
    // The first call holds the only slot until the server answers it.
    wire.server.reply({ ...ok(), delayMs: 30 }, ok());
    const first = firstValueFrom(client.request$('DescribeRegions', {}));
    const request = {
      RegionId: 'cn-hangzhou',
      Tag: [
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: 'a&b=c' },
      ],
      InstanceName: 'web-?',
      MaxResults: 2,
    };
    const second = firstValueFrom(client.request$('DescribeInstances', request));
    await wire.server.waitForRequests(1);
    let queued = 0;
    client.poolStats$.subscribe((s) => (queued = s.queued)).unsubscribe();
    expect(queued).toBe(1);
    request.Tag[0]!.Value = 'edited';
    request.MaxResults = 99;
    request.Tag.push({ Key: 'late', Value: 'x' });
    await Promise.all([first, second]);
    const sent = wire.server.requests[1]!;
    expect(sent.signatureValid).toBe(true);
    const query = [...new URL(sent.url, wire.server.url).searchParams];
    expect(query).toEqual([
      ['RegionId', 'cn-hangzhou'],
      ['Tag.1.Key', 'env'],
      ['Tag.1.Value', 'prod'],
      ['Tag.2.Key', 'team'],
      ['Tag.2.Value', 'a&b=c'],
      ['InstanceName', 'web-?'],
      ['MaxResults', '2'],
    ]);
  });
});
