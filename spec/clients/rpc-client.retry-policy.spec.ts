import { ServerError } from '../../src/errors/server-error.js';
import { ThrottlingError } from '../../src/errors/throttling-error.js';
import { ok, rejectionOf, serviceError, useWire, watchStats } from './wire.js';

const throttled = serviceError(400, 'Throttling.User', 'Request was denied due to user flow control.');
const tenMinutes = { ...throttled, headers: { 'x-acs-retry-after': '600' } };
const incorrectStatus = serviceError(
  403,
  'IncorrectInstanceStatus',
  'The current status of the resource does not support this operation.',
);

describe('RpcClient retry policy over loopback HTTP: maxRetryAfter', () => {
  const wire = useWire();

  it('fails at once with ThrottlingError (retryAfter 600000) when the server asks x-acs-retry-after: 600', async () => {
    wire.server.setHandler(() => tenMinutes);
    const client = wire.client({ config: (c) => c.withEnableAsync(true) });
    const stats = watchStats(client);

    const started = Date.now();
    const error = await rejectionOf(client.request('DescribeInstances', {}));
    const elapsed = Date.now() - started;

    expect(error).toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({
      name: 'ThrottlingError',
      code: 'Throttling.User',
      statusCode: 400,
      attempts: 1,
      retryAfter: 600_000,
      maxRetryAfter: 60_000,
      requestId: 'REQ-Throttling.User',
    });
    expect(error.message).toContain('more than maxRetryAfter (60000 ms)');
    expect(error.message).toContain('Config.withRetryPolicy({ maxRetryAfter })');
    expect(wire.server.requests).toHaveLength(1);
    expect(elapsed).toBeLessThan(2000);
    expect(stats.latest()).toMatchObject({ retries: 0, failed: 1, active: 0 });
    stats.stop();
  });

  it("fails at once when the config's cap is below the server's hint", async () => {
    wire.server.setHandler(() => ({ ...throttled, headers: { 'x-acs-retry-after': '0.05' } }));
    const client = wire.client({ config: (c) => c.withRetryPolicy({ maxRetryAfter: 10 }) });

    const error = await rejectionOf(client.request('DescribeInstances', {}));

    expect(error).toMatchObject({ retryAfter: 50, maxRetryAfter: 10, attempts: 1 });
    expect(wire.server.requests).toHaveLength(1);
  });

  it("waits the server's hint when the call's maxRetryAfter allows it, over the config's", async () => {
    wire.server.reply({ ...throttled, headers: { 'x-acs-retry-after': '0.05' } });
    const client = wire.client({ config: (c) => c.withRetryPolicy({ maxRetryAfter: 10 }) });

    const started = Date.now();
    await client.request('DescribeInstances', {}, { maxRetryAfter: 100 });

    expect(wire.server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});

describe('RpcClient retry policy over loopback HTTP: retryOn', () => {
  const wire = useWire();

  it('succeeds in 3 attempts after IncorrectInstanceStatus twice, for a mutating call, when the config lists it', async () => {
    wire.server.reply(incorrectStatus, incorrectStatus, ok({ Action: 'StartInstance' }));
    const client = wire.client({
      config: (c) => c.withEnableAsync(true).withRetryPolicy({ retryOn: ['IncorrectInstanceStatus'] }),
    });
    const stats = watchStats(client);

    const response = await client.request<{ Action: string }>('StartInstance', { InstanceId: 'i-1' });

    expect(response.Action).toBe('StartInstance');
    const requests = wire.server.requests;
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => r.signatureValid && r.action === 'StartInstance')).toBe(true);
    expect(new Set(requests.map((r) => r.nonce)).size).toBe(3);
    expect(stats.latest()).toMatchObject({ retries: 2, completed: 1, failed: 0 });
    stats.stop();
  });

  it('succeeds in 3 attempts when only the call lists the code', async () => {
    wire.server.reply(incorrectStatus, incorrectStatus);
    const client = wire.client();

    await client.request('StartInstance', { InstanceId: 'i-1' }, { retryOn: ['IncorrectInstanceStatus'] });

    expect(wire.server.requests).toHaveLength(3);
  });

  it("fails after one attempt when nobody lists the code, or the call's empty list replaces the config's", async () => {
    wire.server.setHandler(() => incorrectStatus);
    const plain = wire.client();
    const listing = wire.client({
      config: (c) => c.withRetryPolicy({ retryOn: ['IncorrectInstanceStatus'] }),
    });

    const first = await rejectionOf(plain.request('StartInstance', { InstanceId: 'i-1' }));
    const second = await rejectionOf(
      listing.request('StartInstance', { InstanceId: 'i-1' }, { retryOn: [] }),
    );

    for (const error of [first, second]) {
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403, attempts: 1 });
    }
    expect(wire.server.requests).toHaveLength(2);
  });

  it('gives up after maxRetryTime retries with the last IncorrectInstanceStatus', async () => {
    wire.server.setHandler(() => incorrectStatus);
    const client = wire.client({
      config: (c) => c.withMaxRetryTime(2).withRetryPolicy({ retryOn: ['IncorrectInstanceStatus'] }),
    });

    const error = await rejectionOf(client.request('StartInstance', { InstanceId: 'i-1' }));

    expect(error).toMatchObject({ code: 'IncorrectInstanceStatus', attempts: 3 });
    expect(wire.server.requests).toHaveLength(3);
  });

  it('does not retry a listed code answered with a 5xx for a mutating call (the service may have run it)', async () => {
    wire.server.setHandler(() => serviceError(500, 'InternalError'));
    const client = wire.client({ config: (c) => c.withRetryPolicy({ retryOn: ['InternalError'] }) });

    const error = await rejectionOf(client.request('StopInstance', { InstanceId: 'i-1' }));

    expect(error).toMatchObject({ code: 'InternalError', statusCode: 500, attempts: 1 });
    expect(wire.server.requests).toHaveLength(1);
  });

  it('sends one request when autoRetry is off, whatever retryOn lists', async () => {
    wire.server.setHandler(() => incorrectStatus);
    const client = wire.client({
      config: (c) => c.withRetryPolicy({ retryOn: ['IncorrectInstanceStatus'] }),
    });

    const error = await rejectionOf(
      client.request('StartInstance', { InstanceId: 'i-1' }, { autoRetry: false }),
    );

    expect(error).toMatchObject({ attempts: 1 });
    expect(wire.server.requests).toHaveLength(1);
  });
});
