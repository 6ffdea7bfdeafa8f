import { firstValueFrom, repeat, take, type Subscription } from 'rxjs';
import { eventHubOf } from '../../src/clients/api-client.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import type { CallEvent } from '../../src/events/call-event.js';
import {
  accessKey,
  captureUnhandled,
  expectNoSecretIn,
  ok,
  serviceError,
  sibling,
  stsToken,
  useWire,
  wireConfig,
} from '../clients/wire.js';

const throttled = {
  ...serviceError(400, 'Throttling.User', 'Request was denied due to user flow control.'),
  headers: { 'x-acs-retry-after': '3' },
};

/** Records `client.events$` until stopped. */
function record(client: RpcClient): { events: CallEvent[]; stop: () => void } {
  const events: CallEvent[] = [];
  const subscription: Subscription = client.events$.subscribe((e) => events.push(e));
  return { events, stop: () => subscription.unsubscribe() };
}

const shape = (events: CallEvent[]) =>
  events.map((e) => {
    switch (e.type) {
      case 'attempt':
        return `attempt ${e.attempt} ${e.method}`;
      case 'response':
        return `response ${e.attempt} ${e.status} ${e.requestId ?? '-'}${e.code ? ` ${e.code}` : ''}`;
      case 'throttled':
        return `throttled ${e.attempt} ${e.code} ${e.retryAfterMs ?? '-'}`;
      case 'retry':
        return `retry ${e.attempt} ${e.code} ${e.status ?? '-'}`;
      case 'succeeded':
        return `succeeded ${e.attempts} ${e.requestId ?? '-'}`;
      case 'failed':
        return `failed ${e.attempts} ${e.code} ${e.status ?? '-'} ${e.requestId ?? '-'}`;
      case 'cancelled':
        return `cancelled ${e.attempts}`;
      default:
        return e.type;
    }
  });

describe('client.events$ over loopback HTTP', () => {
  const wire = useWire();

  it('tells every step of a call throttled, then dropped, then answered: one callId, in order', async () => {
    wire.server.reply(throttled, { reset: true }, ok());
    const client = wire.client({ config: (c) => c.withEnableAsync(true) });
    const log = record(client);

    await client.request('DescribeInstances', { RegionId: 'cn-hangzhou' });

    log.stop();
    expect(shape(log.events)).toEqual([
      'queued',
      'started',
      'attempt 1 POST',
      'response 1 400 REQ-Throttling.User Throttling.User',
      'throttled 1 Throttling.User 3000',
      'retry 1 Throttling.User 400',
      'attempt 2 POST',
      'retry 2 SDK.NetworkError -',
      'attempt 3 POST',
      'response 3 200 REQ-OK',
      'succeeded 3 REQ-OK',
    ]);
    const ids = new Set(log.events.map((e) => e.callId));
    expect(ids.size).toBe(1);
    for (const e of log.events) {
      expect(e).toMatchObject({ action: 'DescribeInstances', product: 'ecs', regionId: 'cn-hangzhou' });
    }
    const times = log.events.map((e) => e.time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(Math.abs(times[0]! - Date.now())).toBeLessThan(60_000);
    const attempt = log.events.find((e) => e.type === 'attempt');
    expect(attempt).toMatchObject({ endpoint: wire.server.url });
    const retry = log.events.find((e) => e.type === 'retry');
    expect(retry?.type === 'retry' && retry.backoffMs).toBeGreaterThanOrEqual(0);
  });

  it('a call that fails tells the code, status, RequestId and message once, after its attempt', async () => {
    wire.server.reply(serviceError(400, 'InvalidParameter', 'The parameter is wrong.'));
    const client = wire.client();
    const log = record(client);

    await expect(client.request('DescribeInstances', {})).rejects.toMatchObject({ code: 'InvalidParameter' });

    expect(shape(log.events)).toEqual([
      'queued',
      'started',
      'attempt 1 POST',
      'response 1 400 REQ-InvalidParameter InvalidParameter',
      'failed 1 InvalidParameter 400 REQ-InvalidParameter',
    ]);
    expect(log.events.at(-1)).toMatchObject({ message: expect.stringContaining('The parameter is wrong.') });
    log.stop();
  });

  it('a call refused by a full queue is queued then failed with no attempt; a queued one waits its turn', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 30 }));
    const client = wire.client({
      config: (c) => c.withEnableAsync(true).withPoolSize(1).withMaxTaskQueueSize(1),
    });
    const log = record(client);

    const first = client.request('DescribeRegions', {});
    const second = client.request('DescribeZones', {});
    await expect(client.request('DescribeVpcs', {})).rejects.toMatchObject({
      code: 'SDK.AsyncTaskQueueFull',
    });
    await Promise.all([first, second]);

    const of = (action: string) => shape(log.events.filter((e) => e.action === action));
    expect(of('DescribeVpcs')).toEqual(['queued', 'failed 0 SDK.AsyncTaskQueueFull - -']);
    expect(of('DescribeZones')).toEqual([
      'queued',
      'started',
      'attempt 1 POST',
      'response 1 200 REQ-OK',
      'succeeded 1 REQ-OK',
    ]);
    // The second starts only once the first has its answer (the slot is free before the value is
    // delivered), and says how long it waited.
    const types = log.events.map((e) => `${e.action} ${e.type}`);
    expect(types.indexOf('DescribeZones started')).toBeGreaterThan(types.indexOf('DescribeRegions response'));
    const started = log.events.find((e) => e.action === 'DescribeZones' && e.type === 'started');
    expect(started?.type === 'started' && started.queueMs).toBeGreaterThan(0);
    log.stop();
  });

  it('a queued call unsubscribed is cancelled without starting; an in-flight one after its attempt; a signal too', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 5_000 }));
    const client = wire.client({ config: (c) => c.withEnableAsync(true).withPoolSize(1) });
    const log = record(client);

    const running = client.request$('DescribeRegions', {}).subscribe();
    const queued = client.request$('DescribeZones', {}).subscribe();
    await wire.server.waitForRequests(1);
    queued.unsubscribe();
    running.unsubscribe();
    await wire.server.waitForAborted(1);
    const controller = new AbortController();
    const aborted = client.request('DescribeVpcs', {}, { signal: controller.signal });
    await wire.server.waitForRequests(2);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'SDK.Cancelled' });

    const of = (action: string) => shape(log.events.filter((e) => e.action === action));
    expect(of('DescribeZones')).toEqual(['queued', 'cancelled 0']);
    expect(of('DescribeRegions')).toEqual(['queued', 'started', 'attempt 1 POST', 'cancelled 1']);
    expect(of('DescribeVpcs')).toEqual(['queued', 'started', 'attempt 1 POST', 'cancelled 1']);
    log.stop();
  });

  it('tells nothing of a call after its end: one unsubscribed while its attempt is being signed', async () => {
    wire.server.setHandler(() => ok());
    const client = wire.client({ config: (c) => c.withEnableAsync(true) });
    const log = record(client);

    client.request$('DescribeRegions', {}).subscribe().unsubscribe();
    await client.request('DescribeZones', {});

    expect(shape(log.events.filter((e) => e.action === 'DescribeRegions'))).toEqual([
      'queued',
      'started',
      'cancelled 0',
    ]);
    log.stop();
  });

  it('a listener added while an event is told hears the next event, not that one (take(1), repeat())', async () => {
    wire.server.reply(ok());
    const client = wire.client();
    const heard: string[] = [];
    const subscription = client.events$.pipe(take(1), repeat()).subscribe((e) => heard.push(e.type));

    await client.request('DescribeRegions', {});

    subscription.unsubscribe();
    expect(heard).toEqual(['queued', 'started', 'attempt', 'response', 'succeeded']);
  });

  it('a failed call tells the RequestId and status of its last attempt only: none when it got no answer', async () => {
    wire.server.reply(serviceError(503, 'ServiceUnavailable'), { reset: true });
    const client = wire.client({ config: (c) => c.withMaxRetryTime(1) });
    const log = record(client);

    await client.request('DescribeInstances', {}).catch(() => undefined);

    expect(shape(log.events).at(-1)).toBe('failed 2 SDK.NetworkError - -');
    log.stop();
  });

  it('a sink that throws is reported, and the call ends as it would have', async () => {
    wire.server.reply(ok());
    const client = wire.client();
    const unhandled = captureUnhandled();
    const key = {};
    const remove = eventHubOf(client).addSink(key, (e) => {
      if (e.type === 'succeeded') throw new Error('sink broke');
    });
    try {
      await expect(client.request('DescribeRegions', {})).resolves.toMatchObject({ RequestId: 'REQ-OK' });
      await unhandled.first;
      expect(unhandled.reported).toEqual([expect.objectContaining({ message: 'sink broke' })]);
    } finally {
      remove();
      unhandled.restore();
    }
  });

  it('with async off, WithChan and WithCallback are refused and told so: queued, then failed', async () => {
    const client = wire.client();
    const log = record(client);

    const [, error] = client.requestWithChan('DescribeRegions', {});
    await expect(error).resolves.toMatchObject({ code: 'SDK.AsyncFunctionNotEnabled' });
    await client.requestWithCallback('DescribeZones', {}, () => undefined);

    expect(log.events.map((e) => `${e.action} ${e.type}`)).toEqual([
      'DescribeRegions queued',
      'DescribeRegions failed',
      'DescribeZones queued',
      'DescribeZones failed',
    ]);
    expect(log.events[1]).toMatchObject({ code: 'SDK.AsyncFunctionNotEnabled', attempts: 0 });
    expect(wire.server.requests).toHaveLength(0);
    log.stop();
  });

  it('holds no secret: not the AccessKeySecret, the security token, a signature or a parameter value', async () => {
    wire.server.reply(serviceError(400, 'Throttling.User'), serviceError(403, 'InvalidAccessKeyId.NotFound'));
    const credential = stsToken();
    const client = wire.client({ credential, config: (c) => c.withMaxRetryTime(1) });
    const log = record(client);

    await client.request('DescribeInstances', { Password: 'p4ss-w0rd-value' }).catch(() => undefined);

    expect(wire.server.requests).toHaveLength(2);
    await expectNoSecretIn(JSON.stringify(log.events), credential, wire.server, ['p4ss-w0rd-value']);
    expect(log.events.find((e) => e.type === 'attempt')).not.toHaveProperty('url');
    log.stop();
  });

  it('traces only calls subscribed while someone listens; a sibling sharing the pool shares the stream', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 20 }));
    const client = wire.client({ config: (c) => c.withEnableAsync(true) });
    const beijing = sibling(client, 'cn-beijing');
    const before = client.request('DescribeRegions', {});
    const log = record(client);
    await Promise.all([before, beijing.request('DescribeZones', {})]);

    expect(log.events.some((e) => e.action === 'DescribeRegions')).toBe(false);
    expect(log.events.filter((e) => e.action === 'DescribeZones').map((e) => e.regionId)).toEqual(
      Array(5).fill('cn-beijing'),
    );
    log.stop();
    await client.request('DescribeVpcs', {});
    expect(log.events.some((e) => e.action === 'DescribeVpcs')).toBe(false);
  });

  it('a listener that throws is reported as RxJS reports errors; the call and other listeners go on', async () => {
    wire.server.reply(ok());
    const client = wire.client();
    const unhandled = captureUnhandled();
    try {
      let thrown = false;
      const broken = client.events$.subscribe(() => {
        if (thrown) return;
        thrown = true;
        throw new Error('listener broke');
      });
      const log = record(client);
      await expect(client.request('DescribeRegions', {})).resolves.toMatchObject({ RequestId: 'REQ-OK' });
      await expect(unhandled.first).resolves.toMatchObject({ message: 'listener broke' });
      expect(shape(log.events).at(-1)).toBe('succeeded 1 REQ-OK');
      broken.unsubscribe();
      log.stop();
    } finally {
      unhandled.restore();
    }
  });

  it('events$ is hot and shared: a late subscriber sees the next call from its queued event', async () => {
    wire.server.reply(ok(), ok());
    const client = new RpcClient({
      product: 'vpc',
      version: '2016-04-28',
      regionId: 'cn-shanghai',
      credential: accessKey(),
      config: wireConfig(wire.server.url),
    });
    const first = firstValueFrom(client.events$);
    await client.request('DescribeVpcs', {});
    await expect(first).resolves.toMatchObject({ type: 'queued', product: 'vpc', regionId: 'cn-shanghai' });
    await client.shutdown();
  });
});
