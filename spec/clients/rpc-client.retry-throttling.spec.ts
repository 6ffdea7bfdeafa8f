import type { SignatureAlgorithm } from '../../src/config.js';
import { ServerError } from '../../src/errors/server-error.js';
import { ThrottlingError } from '../../src/errors/throttling-error.js';
import { rejectionOf, serviceError, signatureOf, useWire } from './wire.js';

const throttled = serviceError(400, 'Throttling.User', 'Request was denied due to user flow control.');

describe('RpcClient retries of throttled calls over loopback HTTP', () => {
  const wire = useWire();

  it.each(['ACS3-HMAC-SHA256', 'HMAC-SHA1'] as SignatureAlgorithm[])(
    'succeeds on the third request after two Throttling.User replies under %s, each freshly signed',
    async (algorithm) => {
      wire.server.reply(throttled, throttled);
      const client = wire.client({ config: (c) => c.withSignatureAlgorithm(algorithm) });

      const response = await client.request<{ Action: string }>('StopInstance', { InstanceId: 'i-1' });

      expect(response.Action).toBe('StopInstance');
      const requests = wire.server.requests;
      expect(requests).toHaveLength(3);
      expect(requests.every((r) => r.signatureValid)).toBe(true);
      expect(new Set(requests.map((r) => r.nonce)).size).toBe(3);
      expect(new Set(requests.map(signatureOf)).size).toBe(3);
    },
  );

  it("waits the server's x-acs-retry-after before the retry", async () => {
    wire.server.reply({ ...throttled, headers: { 'x-acs-retry-after': '0.05' } });
    const client = wire.client();

    const started = Date.now();
    await client.request('DescribeInstances', {});
    const elapsed = Date.now() - started;

    expect(wire.server.requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(45);
  });

  it('gives up with ThrottlingError after maxRetryTime retries, carrying attempts and retryAfter', async () => {
    wire.server.setHandler(() => ({ ...throttled, headers: { 'x-acs-retry-after': '0.002' } }));
    const client = wire.client({ config: (c) => c.withMaxRetryTime(2) });

    const error = await rejectionOf(client.request('DescribeInstances', {}));

    expect(error).toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({
      name: 'ThrottlingError',
      code: 'Throttling.User',
      statusCode: 400,
      action: 'DescribeInstances',
      attempts: 3,
      retryAfter: 2,
      requestId: 'REQ-Throttling.User',
    });
    expect(wire.server.requests).toHaveLength(3);
  });

  it('uses the per-call maxRetryTime over the config', async () => {
    wire.server.setHandler(() => throttled);
    const client = wire.client();

    const error = await rejectionOf(client.request('DescribeInstances', {}, { maxRetryTime: 1 }));

    expect(error).toMatchObject({ attempts: 2 });
    expect(wire.server.requests).toHaveLength(2);
  });

  it('leaves retryAfter undefined when the server gave no hint', async () => {
    wire.server.setHandler(() => throttled);
    const client = wire.client({ config: (c) => c.withMaxRetryTime(1) });

    const error = await rejectionOf(client.request('DescribeInstances', {}));

    expect(error).toBeInstanceOf(ThrottlingError);
    expect((error as ThrottlingError).retryAfter).toBeUndefined();
  });

  it('sends one request when the call turns autoRetry off', async () => {
    wire.server.setHandler(() => throttled);
    const client = wire.client();

    const error = await rejectionOf(client.request('DescribeInstances', {}, { autoRetry: false }));

    expect(error).toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({ attempts: 1 });
    expect(wire.server.requests).toHaveLength(1);
  });

  it('sends one request when the config turns autoRetry off', async () => {
    wire.server.setHandler(() => throttled);
    const client = wire.client({ config: (c) => c.withAutoRetry(false) });

    await expect(client.request('DescribeInstances', {})).rejects.toBeInstanceOf(ThrottlingError);
    expect(wire.server.requests).toHaveLength(1);
  });

  it.each([
    ['SignatureDoesNotMatch', 400],
    ['InvalidParameter', 400],
    ['IncompleteSignature', 400],
    ['InvalidAccessKeyId.NotFound', 404],
    ['Forbidden.RAM', 403],
  ])('never retries %s, even for a read-only action', async (code, status) => {
    wire.server.setHandler(() => serviceError(status, code));
    const client = wire.client();

    const error = await rejectionOf(client.request('DescribeInstances', {}));

    expect(error).toBeInstanceOf(ServerError);
    expect(error).not.toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({ code, statusCode: status, attempts: 1 });
    expect(wire.server.requests).toHaveLength(1);
  });
});
