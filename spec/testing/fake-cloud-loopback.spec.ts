// Our client against startFakeCloud() over real loopback sockets: paging, the instance state
// machine, and every fault the fake injects.
import type { RpcClient } from '../../src/clients/rpc-client.js';
import { Config } from '../../src/config.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { ServerError } from '../../src/errors/server-error.js';
import { ThrottlingError } from '../../src/errors/throttling-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import type { EcsInstance } from '../../src/testing/ecs/ecs-state.js';
import type { FakeCloudOptions } from '../../src/testing/fake-cloud.js';
import { startFakeCloud, type RunningFakeCloud } from '../../src/testing/server.js';
import { ecsClient, manualClock, rejectionOf, untilTrue } from './fake-cloud-helpers.js';

interface InstancesPage {
  TotalCount: number;
  NextToken: string;
  Instances: { Instance: EcsInstance[] };
}

let running: RunningFakeCloud | undefined;
const clients: RpcClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
  await running?.close();
  running = undefined;
});

async function start(options: FakeCloudOptions = {}): Promise<RunningFakeCloud> {
  running = await startFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: 20, ...options });
  return running;
}

function client(configure: (config: Config) => Config = (c) => c): RpcClient {
  if (!running) throw new Error('start the fake cloud first');
  const ecs = ecsClient(configure(new Config().withEndpoint(running.url).withRetryBackoff(1, 5)));
  clients.push(ecs);
  return ecs;
}

function firstRunning(fake: RunningFakeCloud): string {
  const found = fake.cloud.state.listInstances('cn-hangzhou').find((i) => i.Status === 'Running');
  if (!found) throw new Error('no Running instance in cn-hangzhou');
  return found.InstanceId;
}

describe('our client against the fake cloud over loopback', () => {
  it('pages through 1,000 instances in 10 pages of 100, seeing each id once', async () => {
    const fake = await start({ instancesPerRegion: 1000 });
    const ecs = client();
    const ids: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const page = await ecs.request<InstancesPage>('DescribeInstances', {
        RegionId: 'cn-hangzhou',
        MaxResults: 100,
        NextToken: token || undefined,
      });
      expect(page.TotalCount).toBe(1000);
      expect(page.Instances.Instance).toHaveLength(100);
      ids.push(...page.Instances.Instance.map((i) => i.InstanceId));
      token = page.NextToken;
    } while (token !== '' && ++pages < 20);
    expect(pages).toBe(9);
    expect(new Set(ids).size).toBe(1000);
    expect(ids).toEqual(fake.cloud.state.listInstances('cn-hangzhou').map((i) => i.InstanceId));
    expect(fake.cloud.stats.byAction.DescribeInstances).toEqual({ OK: 10 });
  });

  it('moves an instance Running → Stopping → Stopped → Starting → Running on the injected clock', async () => {
    const clock = manualClock();
    const fake = await start({ now: clock.now, transitionMs: 2000 });
    const ecs = client();
    const id = firstRunning(fake);
    const status = async () => {
      const page = await ecs.request<InstancesPage>('DescribeInstances', {
        RegionId: 'cn-hangzhou',
        InstanceIds: JSON.stringify([id]),
      });
      return page.Instances.Instance.map((i) => i.Status).join();
    };
    const refusal = async (action: string) =>
      (await rejectionOf(ecs.request(action, { InstanceId: id }))) as ServerError;

    await expect(ecs.request('StopInstance', { InstanceId: id })).resolves.toHaveProperty('RequestId');
    expect(await status()).toBe('Stopping');
    expect(await refusal('StartInstance')).toMatchObject({
      code: 'IncorrectInstanceStatus',
      statusCode: 403,
    });
    clock.advance(1999);
    expect(await status()).toBe('Stopping');
    clock.advance(1);
    expect(await status()).toBe('Stopped');
    const twice = await refusal('StopInstance');
    expect(twice).toBeInstanceOf(ServerError);
    expect(twice).toMatchObject({ code: 'IncorrectInstanceStatus', statusCode: 403, attempts: 1 });
    expect(twice.message).toContain('Stopped');

    await ecs.request('StartInstance', { InstanceId: id });
    expect(await status()).toBe('Starting');
    clock.advance(2000);
    expect(await status()).toBe('Running');
    expect(fake.cloud.stats.byAction.StopInstance).toEqual({ OK: 1, IncorrectInstanceStatus: 1 });
  });

  it('retries Throttling.User until every call of a burst succeeds', async () => {
    const fake = await start({ faults: { throttleQps: 20 } });
    const ecs = client((c) => c.withRetryBackoff(20, 400).withMaxRetryTime(30));
    const answers = await Promise.all(Array.from({ length: 30 }, () => ecs.request('DescribeRegions')));
    expect(answers.every((a) => 'Regions' in a)).toBe(true);
    const { throttled, byAction, requests } = fake.cloud.stats;
    expect(throttled).toBeGreaterThan(0);
    expect(byAction.DescribeRegions).toEqual({ OK: 30, 'Throttling.User': throttled });
    expect(requests).toBe(30 + throttled);
  });

  it('ends a throttled call without retries in ThrottlingError carrying x-acs-retry-after', async () => {
    const fake = await start({ faults: { throttleQps: 5 } });
    const ecs = client((c) => c.withAutoRetry(false));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => ecs.request('DescribeRegions')),
    );
    const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(5);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ThrottlingError);
      expect((error as ThrottlingError).retryAfter).toBeGreaterThan(0);
    }
    expect(fake.cloud.stats.throttled).toBe(errors.length);
  });

  it('sees a call aborted when the subscriber unsubscribes while it waits on the latency', async () => {
    const fake = await start({ faults: { latencyMs: 5000 } });
    const events: string[] = [];
    const subscription = client()
      .request$('DescribeRegions')
      .subscribe({
        next: () => events.push('next'),
        error: () => events.push('error'),
        complete: () => events.push('complete'),
      });
    await untilTrue(() => fake.cloud.stats.inFlight === 1, 'the call reaches the fake cloud');
    subscription.unsubscribe();
    await untilTrue(() => fake.cloud.stats.inFlight === 0, 'the fake cloud sees the call go');
    expect(fake.cloud.stats).toMatchObject({ requests: 1, aborted: 1, peakInFlight: 1 });
    expect(fake.cloud.stats.byAction.DescribeRegions).toEqual({ Aborted: 1 });
    expect(events).toEqual([]);
  });

  it('answers ServiceUnavailable with 503 at error rate 1, retried only for a read-only action', async () => {
    const fake = await start({ faults: { errorRate: 1 } });
    const ecs = client();
    const read = await rejectionOf(ecs.request('DescribeRegions'));
    expect(read).toBeInstanceOf(ServerError);
    expect(read).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503, attempts: 4 });
    const write = await rejectionOf(ecs.request('StopInstance', { InstanceId: firstRunning(fake) }));
    expect(write).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503, attempts: 1 });
    expect(fake.cloud.stats.injectedErrors).toBe(5);
    expect(fake.cloud.stats.byAction).toEqual({
      DescribeRegions: { ServiceUnavailable: 4 },
      StopInstance: { ServiceUnavailable: 1 },
    });
  });

  it('answers InternalError with 500 for the one action configured so, and the others normally', async () => {
    const fake = await start({
      faults: { actions: { DescribeZones: { errorRate: 1, errorCode: 'InternalError' } } },
    });
    const ecs = client((c) => c.withAutoRetry(false));
    const error = await rejectionOf(ecs.request('DescribeZones', { RegionId: 'cn-hangzhou' }));
    expect(error).toMatchObject({ code: 'InternalError', statusCode: 500 });
    await expect(ecs.request('DescribeRegions')).resolves.toHaveProperty('Regions');
    expect(fake.cloud.stats.injectedErrors).toBe(1);
  });

  it('resets the connection of a mutating action at reset rate 1: a NetworkError, not retried, nothing done', async () => {
    const fake = await start({ faults: { actions: { StopInstance: { resetRate: 1 } } } });
    const ecs = client();
    const id = firstRunning(fake);
    const error = await rejectionOf(ecs.request('StopInstance', { InstanceId: id }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'SDK.NetworkError', attempts: 1 });
    expect(fake.cloud.stats).toMatchObject({ requests: 1, resets: 1 });
    expect(fake.cloud.stats.byAction.StopInstance).toEqual({ Reset: 1 });
    expect(fake.cloud.state.getInstance(id)?.Status).toBe('Running');
    await expect(ecs.request('DescribeRegions')).resolves.toHaveProperty('Regions');
  });

  it('times a slow body out after readTimeout, and the fake cloud counts the call aborted', async () => {
    const fake = await start({ faults: { slowBody: { intervalMs: 50, chunkSize: 4 } } });
    const ecs = client();
    const error = await rejectionOf(
      ecs.request('DescribeRegions', {}, { readTimeout: 200, autoRetry: false }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'SDK.TimeoutError', timeout: 200, attempts: 1 });
    await untilTrue(() => fake.cloud.stats.aborted === 1, 'the fake cloud sees the reader go');
    expect(fake.cloud.stats).toMatchObject({ requests: 1, aborted: 1, inFlight: 0 });
  });

  it('delivers a slow body whole when it ends inside readTimeout', async () => {
    const fake = await start({ faults: { slowBody: { intervalMs: 1, chunkSize: 64 } } });
    const body = await client().request('DescribeRegions', {}, { readTimeout: 5000 });
    expect(body).toEqual({
      RequestId: expect.any(String),
      Regions: { Region: [expect.objectContaining({ RegionId: 'cn-hangzhou', Status: 'available' })] },
    });
    expect(fake.cloud.stats.aborted).toBe(0);
  });
});
