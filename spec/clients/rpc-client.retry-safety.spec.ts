import { NetworkError } from '../../src/errors/network-error.js';
import { ServerError } from '../../src/errors/server-error.js';
import { rejectionOf, serviceError, useWire } from './wire.js';

const unavailable = serviceError(
  503,
  'ServiceUnavailable',
  'The request has failed due to a temporary failure.',
);

describe('RpcClient retries only what is safe to send twice, over loopback HTTP', () => {
  const wire = useWire();

  describe('503 ServiceUnavailable', () => {
    it('is retried for DescribeInstances, which only reads', async () => {
      wire.server.reply(unavailable, unavailable);
      const client = wire.client();

      await expect(client.request('DescribeInstances', {})).resolves.toMatchObject({
        Action: 'DescribeInstances',
      });
      expect(wire.server.requests).toHaveLength(3);
    });

    it('is not retried for StopInstance without a ClientToken: exactly one request', async () => {
      wire.server.setHandler(() => unavailable);
      const client = wire.client();

      const error = await rejectionOf(client.request('StopInstance', { InstanceId: 'i-1' }));

      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503, attempts: 1 });
      expect(wire.server.requests).toHaveLength(1);
    });

    it('is retried for StopInstance carrying a ClientToken', async () => {
      wire.server.reply(unavailable);
      const client = wire.client();

      await client.request('StopInstance', { InstanceId: 'i-1', ClientToken: 'token-123' });

      expect(wire.server.requests).toHaveLength(2);
      expect(wire.server.requests.map((r) => r.params.ClientToken)).toEqual(['token-123', 'token-123']);
    });

    it('is retried for StopInstance declared { idempotent: true }', async () => {
      wire.server.reply(unavailable);
      const client = wire.client();

      await client.request('StopInstance', { InstanceId: 'i-1' }, { idempotent: true });

      expect(wire.server.requests).toHaveLength(2);
    });

    it('is not retried for DescribeInstances declared { idempotent: false }', async () => {
      wire.server.setHandler(() => unavailable);
      const client = wire.client();

      await expect(client.request('DescribeInstances', {}, { idempotent: false })).rejects.toMatchObject({
        code: 'ServiceUnavailable',
      });
      expect(wire.server.requests).toHaveLength(1);
    });

    it('ends with the last ServerError once the retries run out', async () => {
      wire.server.setHandler(() => unavailable);
      const client = wire.client();

      const error = await rejectionOf(client.request('DescribeInstances', {}));

      expect(error).toMatchObject({ code: 'ServiceUnavailable', attempts: 4 });
      expect(wire.server.requests).toHaveLength(4);
    });

    it('is not retried when the call turns autoRetry off', async () => {
      wire.server.setHandler(() => unavailable);
      const client = wire.client();

      await expect(client.request('DescribeInstances', {}, { autoRetry: false })).rejects.toBeInstanceOf(
        ServerError,
      );
      expect(wire.server.requests).toHaveLength(1);
    });
  });

  it('retries a plain 500 without a Code for a read-only action', async () => {
    wire.server.reply({ status: 500, body: { RequestId: 'R', Message: 'boom' } });
    const client = wire.client();

    await expect(client.request('DescribeInstances', {})).resolves.toBeDefined();
    expect(wire.server.requests).toHaveLength(2);
  });

  describe('a connection reset', () => {
    it('is retried for DescribeInstances', async () => {
      wire.server.reply({ reset: true });
      const client = wire.client();

      await expect(client.request('DescribeInstances', {})).resolves.toMatchObject({
        Action: 'DescribeInstances',
      });
      expect(wire.server.requests).toHaveLength(2);
    });

    it('ends in NetworkError once the retries run out', async () => {
      wire.server.setHandler(() => ({ reset: true }));
      const client = wire.client({ config: (c) => c.withMaxRetryTime(1) });

      const error = await rejectionOf(client.request('DescribeInstances', {}));

      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: 'SDK.NetworkError', action: 'DescribeInstances', attempts: 2 });
      expect(wire.server.requests).toHaveLength(2);
    });

    it('is not retried for StopInstance: NetworkError after exactly one request', async () => {
      wire.server.setHandler(() => ({ reset: true }));
      const client = wire.client();

      const error = await rejectionOf(client.request('StopInstance', { InstanceId: 'i-1' }));

      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: 'SDK.NetworkError', action: 'StopInstance', attempts: 1 });
      expect(wire.server.requests).toHaveLength(1);
    });

    it('is retried for StopInstance carrying a ClientToken', async () => {
      wire.server.reply({ reset: true });
      const client = wire.client();

      await client.request('StopInstance', { InstanceId: 'i-1', ClientToken: 'token-123' });

      expect(wire.server.requests).toHaveLength(2);
    });
  });

  it('retries a connection that was never opened even for StopInstance, since nothing was sent', async () => {
    const url = wire.server.url;
    await wire.server.close();
    const client = wire.client({ config: (c) => c.withEndpoint(url).withMaxRetryTime(2) });

    const error = await rejectionOf(client.request('StopInstance', { InstanceId: 'i-1' }));

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ attempts: 3 });
    expect(error.message).toContain('ECONNREFUSED');
  });
});
