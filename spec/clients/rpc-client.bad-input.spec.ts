import { Config } from '../../src/config.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import { ClientError } from '../../src/errors/client-error.js';
import { accessKey, rejectionOf, useWire, watchStats } from './wire.js';

describe('RpcClient refuses bad input before sending anything', () => {
  const wire = useWire();

  /** Proves nothing else was sent: a good call afterwards is the only request the server saw. */
  async function expectOnlyAGoodCallSent(client: RpcClient): Promise<void> {
    await client.request('DescribeZones', {});
    expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeZones']);
  }

  it('rejects an empty action with ClientError SDK.MissingParam', async () => {
    const client = wire.client();

    const error = await rejectionOf(client.request('', {}));

    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'SDK.MissingParam' });
    await expectOnlyAGoodCallSent(client);
  });

  it("rejects the action 'Describe Regions' with ClientError SDK.InvalidParam", async () => {
    const client = wire.client();

    const error = await rejectionOf(client.request('Describe Regions', {}));

    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
    expect(error.message).toContain('Describe Regions');
    await expectOnlyAGoodCallSent(client);
  });

  it('puts a bad action on the WithChan error channel of an async client', async () => {
    const client = wire.client({ config: (c) => c.withEnableAsync(true) });

    const [response, error] = client.requestWithChan('', {});

    expect(await error).toMatchObject({ code: 'SDK.MissingParam' });
    expect(await response).toBeUndefined();
    await expectOnlyAGoodCallSent(client);
  });

  it.each([
    ['with an endpoint', (url: string) => new Config().withEndpoint(url)],
    ['without an endpoint', () => new Config()],
  ])(
    "throws ClientError SDK.InvalidParam for region 'cn hangzhou' in the constructor, %s",
    (_label, config) => {
      const build = () =>
        new RpcClient({
          product: 'ecs',
          version: '2014-05-26',
          regionId: 'cn hangzhou',
          config: config(wire.server.url),
          credential: accessKey(),
        });

      expect(build).toThrow(ClientError);
      expect(build).toThrow(
        expect.objectContaining({ code: 'SDK.InvalidParam', message: expect.stringContaining('regionId') }),
      );
      expect(wire.server.requests).toHaveLength(0);
    },
  );

  it('rejects a per-call readTimeout of -1 with SDK.InvalidParam naming readTimeout', async () => {
    const client = wire.client();

    const error = await rejectionOf(client.request('DescribeInstances', {}, { readTimeout: -1 }));

    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
    expect(error.message).toContain('readTimeout');
    expect(error.message).toContain('-1');
    await expectOnlyAGoodCallSent(client);
  });

  it.each([
    ['maxRetryTime', { maxRetryTime: 1.5 }],
    ['autoRetry', { autoRetry: 'yes' }],
    ['method', { method: 'PUT' }],
    ['signal', { signal: 'stop' }],
  ])('rejects a bad per-call %s with SDK.InvalidParam naming it', async (name, options) => {
    const client = wire.client();

    const error = await rejectionOf(client.request('DescribeInstances', {}, options as never));

    expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
    expect(error.message).toContain(name);
    await expectOnlyAGoodCallSent(client);
  });

  it('rejects a parameter that cannot go on the wire (NaN) with SDK.InvalidParam naming it', async () => {
    const client = wire.client();

    const error = await rejectionOf(client.request('DescribeInstances', { MaxResults: Number.NaN }));

    expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
    expect(error.message).toContain('MaxResults');
    await expectOnlyAGoodCallSent(client);
  });

  it('counts a call refused for bad input as rejected in poolStats$', async () => {
    const client = wire.client({ config: (c) => c.withEnableAsync(true) });
    const stats = watchStats(client);

    await rejectionOf(client.request('', {}));

    expect(stats.latest()).toMatchObject({ rejected: 1, failed: 0, active: 0, queued: 0 });
    stats.stop();
  });
});
