import { TimeoutError } from '../../src/errors/timeout-error.js';
import { ok, rejectionOf, useWire } from './wire.js';

describe('RpcClient readTimeout over loopback HTTP', () => {
  const wire = useWire();

  it('ends with TimeoutError when the server answers after readTimeout, and the server sees the abort', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 2000 }));
    const client = wire.client();

    const error = await rejectionOf(
      client.request('StopInstance', { InstanceId: 'i-1' }, { readTimeout: 50 }),
    );

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      code: 'SDK.TimeoutError',
      action: 'StopInstance',
      timeout: 50,
      attempts: 1,
    });
    await wire.server.waitForAborted(1);
    expect(wire.server.requests).toHaveLength(1); // a mutating call that may have run is not sent again
  });

  it('takes readTimeout from the config when the call gives none', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 2000 }));
    const client = wire.client({ config: (c) => c.withReadTimeout(50) });

    const error = await rejectionOf(client.request('StopInstance', { InstanceId: 'i-1' }));

    expect(error).toMatchObject({ code: 'SDK.TimeoutError', timeout: 50 });
    await wire.server.waitForAborted(1);
  });

  it('retries a timed-out read-only call, aborting every attempt, and reports the last one', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 2000 }));
    const client = wire.client({ config: (c) => c.withMaxRetryTime(1) });

    const error = await rejectionOf(client.request('DescribeInstances', {}, { readTimeout: 50 }));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ attempts: 2 });
    await wire.server.waitForAborted(2);
    expect(wire.server.requests).toHaveLength(2);
  });

  it('succeeds on the retry when only the first attempt was slow', async () => {
    wire.server.reply({ ...ok(), delayMs: 2000 });
    const client = wire.client();

    await expect(client.request('DescribeInstances', {}, { readTimeout: 100 })).resolves.toMatchObject({
      Action: 'DescribeInstances',
    });
    expect(wire.server.requests).toHaveLength(2);
  });

  it('ends with TimeoutError when the headers come at once but the body drips past readTimeout', async () => {
    wire.server.reply({ ...ok({ Padding: 'x'.repeat(60) }), dripMs: 10 });
    const client = wire.client();

    const started = Date.now();
    const error = await rejectionOf(
      client.request('StopInstance', { InstanceId: 'i-1' }, { readTimeout: 100 }),
    );

    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1000); // bounded by readTimeout, not by the ~0.8 s drip
    await wire.server.waitForAborted(1);
  });

  it('reads a dripping body that ends within readTimeout', async () => {
    wire.server.reply({ ...ok(), dripMs: 1 });
    const client = wire.client();

    await expect(client.request('DescribeInstances', {})).resolves.toEqual({ RequestId: 'REQ-OK' });
  });
});
