import { inspect } from 'node:util';
import { Config } from '../../src/config.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import type { RpcParams, RpcParamValue } from '../../src/call/rpc-params.js';
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

  describe('hostile input', () => {
    /** Parameters whose objects nest `levels` deep, the parameters object being the first level. */
    function nested(levels: number): RpcParams {
      let value: RpcParamValue = 'leaf';
      for (let i = 0; i < levels; i++) value = { K: value };
      return value as RpcParams;
    }

    it('rejects a lone surrogate in a parameter value with SDK.InvalidParam naming the path', async () => {
      const client = wire.client();

      const error = await rejectionOf(
        client.request('DescribeInstances', { Tag: [{ Key: 'env\uD800', Value: 'prod' }] }),
      );

      expect(error).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
      expect(error.message).toContain('Tag.1.Key');
      await expectOnlyAGoodCallSent(client);
    });

    it('rejects a Password with a lone surrogate naming the path and the index, not the value', async () => {
      const client = wire.client();

      const error = await rejectionOf(
        client.request('ResetPassword', { InstanceId: 'i-1', Password: 'hunter2-SECRETISH\uD800' }),
      );

      expect(error).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
      expect(error.message).toContain('Password');
      expect(error.message).toContain('lone surrogate at index 17');
      for (const view of [error.message, String(error), JSON.stringify(error), inspect(error)])
        expect(view).not.toContain('SECRETISH');
      await expectOnlyAGoodCallSent(client);
    });

    class Filter {
      constructor(readonly Key: string) {}
    }

    it.each([
      ['a Date', { StartTime: new Date(0) }, 'StartTime', 'date.toISOString()'],
      ['a Map', { Tag: [{ Key: 'env', Value: new Map([['a', 'b']]) }] }, 'Tag.1.Value', 'a Map'],
      ['a Set', { InstanceId: new Set(['i-1']) }, 'InstanceId', '[...set]'],
      ['a class instance', { Filter: [new Filter('k')] }, 'Filter.1', 'an instance of Filter'],
      ['a typed array', { Data: new Uint8Array([1]) }, 'Data', 'a Uint8Array'],
      ['a RegExp', { Name: /web-.*/ }, 'Name', 'a RegExp'],
      ['a function', { Name: () => 'web' }, 'Name', 'a function'],
      ['a symbol', { Name: Symbol('web') }, 'Name', 'a symbol'],
    ])(
      'rejects %s with SDK.InvalidParam naming the path and the kinds allowed',
      async (_what, params, path, detail) => {
        const client = wire.client();

        const error = await rejectionOf(client.request('DescribeInstances', params as unknown as RpcParams));

        expect(error).toBeInstanceOf(ClientError);
        expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
        expect(error.message).toContain(`Invalid value for ${path}:`);
        expect(error.message).toContain(
          'a string, a finite number, a bigint, a boolean, an array or a plain object',
        );
        expect(error.message).toContain(detail);
        await expectOnlyAGoodCallSent(client);
      },
    );

    it('sends a bigint as its exact decimal text', async () => {
      const client = wire.client();

      await client.request('DescribeInstances', { OwnerId: 1234567890123456789n });

      expect(wire.server.requests.map((r) => r.params.OwnerId)).toEqual(['1234567890123456789']);
    });

    it('rejects a lone surrogate in a parameter name with SDK.InvalidParam', async () => {
      const client = wire.client();

      const error = await rejectionOf(client.request('DescribeInstances', { ['Name\uDC00']: 'x' }));

      expect(error).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
      expect(error.message).toContain('parameter name');
      await expectOnlyAGoodCallSent(client);
    });

    it('rejects cyclic parameters with SDK.InvalidParam naming the path', async () => {
      const client = wire.client();
      const tag: Record<string, unknown> = { Key: 'k' };
      tag.Again = tag;

      const error = await rejectionOf(client.request('DescribeInstances', { Tag: [tag as RpcParamValue] }));

      expect(error).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
      expect(error.message).toContain('Tag.1.Again');
      await expectOnlyAGoodCallSent(client);
    });

    it.each([33, 20_000])(
      'rejects parameters nested %i levels deep with SDK.InvalidParam',
      async (levels) => {
        const client = wire.client();

        const error = await rejectionOf(client.request('DescribeInstances', nested(levels)));

        expect(error).toBeInstanceOf(ClientError);
        expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
        expect(error.message).toContain('32 levels');
        await expectOnlyAGoodCallSent(client);
      },
    );

    it('sends parameters nested 32 levels deep', async () => {
      const client = wire.client();

      await client.request('DescribeInstances', nested(32));

      expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeInstances']);
    });

    it.each([
      ['product', 'ecs\u0100'],
      ['product', 'ecs\0'],
      ['version', '2014-05-26\0'],
      ['version', '2014-05-26\u007f'],
      ['version', '2014-05-26\u0100'],
      ['version', '2014-05-26\r\nX-Injected: 1'],
    ])('throws SDK.InvalidParam naming %s for %j in the constructor', (option, value) => {
      const build = () =>
        new RpcClient({
          product: 'ecs',
          version: '2014-05-26',
          [option]: value,
          regionId: 'cn-hangzhou',
          config: new Config().withEndpoint(wire.server.url),
          credential: accessKey(),
        });

      expect(build).toThrow(ClientError);
      expect(build).toThrow(
        expect.objectContaining({
          code: 'SDK.InvalidParam',
          message: expect.stringMatching(new RegExp(`${option}.*printable Latin-1`)),
        }),
      );
      expect(wire.server.requests).toHaveLength(0);
    });

    it.each(['Describe\0', 'Describe\u0100', 'Describe\u007f', 'Describe\uD800', 'Describe\nRegions'])(
      'rejects the action %j at call time with SDK.InvalidParam',
      async (action) => {
        const client = wire.client();

        const error = await rejectionOf(client.request(action, {}));

        expect(error).toBeInstanceOf(ClientError);
        expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
        expect(error.message).toContain('action');
        await expectOnlyAGoodCallSent(client);
      },
    );

    it.each([
      ['accessKeyId', { accessKeyId: 'LTAI-SECRETISH\n', accessKeySecret: 's' }],
      ['accessKeyId', { accessKeyId: 'LTAI-SECRETISH\u0100', accessKeySecret: 's' }],
      ['securityToken', { accessKeyId: 'id', accessKeySecret: 's', securityToken: 'TOKEN-SECRETISH\n' }],
      ['securityToken', { accessKeyId: 'id', accessKeySecret: 's', securityToken: 'TOKEN-SECRETISH\u0100' }],
    ])(
      'rejects a provider credential whose %s cannot go in a header, naming the field but not the value',
      async (field, credential) => {
        const client = wire.client({ credential: { getCredential: async () => credential } });

        const error = await rejectionOf(client.request('DescribeInstances', {}));

        expect(error).toBeInstanceOf(ClientError);
        expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
        expect(error.message).toContain(field);
        for (const view of [error.message, String(error), JSON.stringify(error), inspect(error)])
          expect(view).not.toContain('SECRETISH');
        expect(wire.server.requests).toHaveLength(0);
      },
    );
  });
});
