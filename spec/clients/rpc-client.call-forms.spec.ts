import { config as rxConfig } from 'rxjs';
import type { Config } from '../../src/config.js';
import { AsyncNotEnabledError } from '../../src/errors/async-not-enabled-error.js';
import { ServerError } from '../../src/errors/server-error.js';
import { ok, serviceError, useWire, watchStats } from './wire.js';

const asyncOn = (c: Config): Config => c.withEnableAsync(true);

interface Seen {
  response: unknown;
  error: Error | undefined;
}

describe('RpcClient call forms over loopback HTTP', () => {
  const wire = useWire();

  it('resolves the Promise form with the parsed response body', async () => {
    const client = wire.client();
    const response = await client.request<{ Action: string }>('DescribeRegions', {});
    expect(response.Action).toBe('DescribeRegions');
  });

  it('rejects the Promise form with the ServerError of a failed call', async () => {
    wire.server.reply(serviceError(400, 'InvalidParameter'));
    const client = wire.client();
    await expect(client.request('DescribeRegions', {})).rejects.toMatchObject({ code: 'InvalidParameter' });
  });

  describe('WithChan', () => {
    it('sends the request at once, before anything awaits the channels', async () => {
      const client = wire.client({ config: asyncOn });
      const [response, error] = client.requestWithChan<{ Action: string }>('DescribeRegions', {});

      await wire.server.waitForRequests(1);

      expect(await error).toBeUndefined();
      expect((await response)?.Action).toBe('DescribeRegions');
    });

    it('puts a server error on the error channel, leaves the response undefined, and never rejects', async () => {
      wire.server.reply(serviceError(400, 'InvalidParameter'));
      const client = wire.client({ config: asyncOn });
      const [response, error] = client.requestWithChan('DescribeRegions', {});

      const [r, e] = await Promise.allSettled([response, error]);

      expect(r).toEqual({ status: 'fulfilled', value: undefined });
      expect(e.status).toBe('fulfilled');
      const err = (e as PromiseFulfilledResult<Error | undefined>).value;
      expect(err).toBeInstanceOf(ServerError);
      expect(err).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    });
  });

  describe('WithCallback', () => {
    it('calls the callback once with the response before the blocker resolves 1', async () => {
      const client = wire.client({ config: asyncOn });
      const calls: Seen[] = [];
      const blocker = client.requestWithCallback<{ Action: string }>(
        'DescribeRegions',
        {},
        (response, error) => calls.push({ response, error }),
      );

      await expect(blocker).resolves.toBe(1);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.error).toBeUndefined();
      expect(calls[0]?.response).toMatchObject({ Action: 'DescribeRegions' });
    });

    it('calls the callback once with the error before the blocker resolves 0', async () => {
      wire.server.reply(serviceError(400, 'InvalidParameter'));
      const client = wire.client({ config: asyncOn });
      const calls: Seen[] = [];
      const blocker = client.requestWithCallback('DescribeRegions', {}, (response, error) =>
        calls.push({ response, error }),
      );

      await expect(blocker).resolves.toBe(0);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.response).toBeUndefined();
      expect(calls[0]?.error).toMatchObject({ code: 'InvalidParameter' });
    });

    describe('when the callback throws', () => {
      const original = rxConfig.onUnhandledError;
      afterEach(() => {
        rxConfig.onUnhandledError = original;
      });

      it.each([
        ['a success', ok(), 1],
        ['a failure', serviceError(400, 'InvalidParameter'), 0],
      ] as const)(
        'keeps the blocker value after %s and reports the throw through config.onUnhandledError',
        async (_label, reply, expected) => {
          const reported = new Promise<unknown>((resolve) => (rxConfig.onUnhandledError = resolve));
          wire.server.reply(reply);
          const client = wire.client({ config: asyncOn });
          const boom = new Error('callback bug');
          let calls = 0;
          const blocker = client.requestWithCallback('DescribeRegions', {}, () => {
            calls++;
            throw boom;
          });

          await expect(blocker).resolves.toBe(expected);
          expect(await reported).toBe(boom);
          expect(calls).toBe(1);
          // The pool is not broken: the next call goes through.
          await expect(client.request('DescribeRegions', {})).resolves.toBeDefined();
        },
      );
    });
  });

  describe('with async off (never enabled)', () => {
    it('runs $ and Promise calls directly', async () => {
      const client = wire.client();
      const stats = watchStats(client);

      await client.request('DescribeRegions', {});
      await new Promise((resolve, reject) =>
        client.request$('DescribeZones', {}).subscribe({ complete: () => resolve(undefined), error: reject }),
      );

      expect(client.asyncEnabled).toBe(false);
      expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeRegions', 'DescribeZones']);
      expect(stats.latest()).toMatchObject({ poolSize: 0, maxTaskQueueSize: 0, completed: 2 });
      stats.stop();
    });

    it('reports AsyncNotEnabledError on the WithChan error channel and sends nothing', async () => {
      const client = wire.client();
      const [response, error] = client.requestWithChan('DescribeRegions', {});

      const err = await error;
      expect(err).toBeInstanceOf(AsyncNotEnabledError);
      expect(err).toMatchObject({ code: 'SDK.AsyncFunctionNotEnabled' });
      expect(await response).toBeUndefined();
      await client.request('DescribeZones', {});
      expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeZones']);
    });

    it('calls the WithCallback callback with AsyncNotEnabledError, resolves the blocker 0 and sends nothing', async () => {
      const client = wire.client();
      const calls: Seen[] = [];
      const blocker = client.requestWithCallback('DescribeRegions', {}, (response, error) =>
        calls.push({ response, error }),
      );

      await expect(blocker).resolves.toBe(0);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.error).toBeInstanceOf(AsyncNotEnabledError);
      await client.request('DescribeZones', {});
      expect(wire.server.requests.map((r) => r.action)).toEqual(['DescribeZones']);
    });

    it('turns WithChan and WithCallback on with enableAsync(2, 10) after construction', async () => {
      const client = wire.client();
      client.enableAsync(2, 10);

      const [response, error] = client.requestWithChan<{ Action: string }>('DescribeRegions', {});
      const blocker = client.requestWithCallback('DescribeZones', {}, () => undefined);

      expect(client.poolLimits).toEqual({ poolSize: 2, maxTaskQueueSize: 10 });
      expect(await error).toBeUndefined();
      expect((await response)?.Action).toBe('DescribeRegions');
      await expect(blocker).resolves.toBe(1);
      expect(wire.server.requests).toHaveLength(2);
    });
  });
});
