// The fake cloud's `throttleRate` fault: a fraction of calls answered Throttling.User whatever the
// rate, with a 1 ms x-acs-retry-after.
import type { RpcClient } from '../../src/clients/rpc-client.js';
import { Config } from '../../src/config.js';
import { ThrottlingError } from '../../src/errors/throttling-error.js';
import { createFakeCloud, type FakeCloud } from '../../src/testing/fake-cloud.js';
import type { FakeCloudFaults } from '../../src/testing/fault-options.js';
import { ecsClient } from './fake-cloud-helpers.js';

const clients: RpcClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.shutdown()));
});

function setUp(faults: FakeCloudFaults): { cloud: FakeCloud; ecs: RpcClient } {
  const cloud = createFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: 5, faults });
  const ecs = ecsClient(
    new Config().withEndpoint('http://fake.local').withFetch(cloud.fetch).withAutoRetry(false),
  );
  clients.push(ecs);
  return { cloud, ecs };
}

/** `n` calls one after the other (so the seeded faults fall in a fixed order); the outcome of each. */
async function outcomes(ecs: RpcClient, n: number, action = 'DescribeRegions'): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      await ecs.request(action, { RegionId: 'cn-hangzhou' }).then(
        () => 'OK',
        (error: { code: string }) => error.code,
      ),
    );
  }
  return out;
}

describe('the fake cloud at a throttle rate', () => {
  it('throttles every call at rate 1, asking to retry after 1 ms', async () => {
    const { cloud, ecs } = setUp({ throttleRate: 1 });
    const error = await ecs.request('DescribeRegions').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({ code: 'Throttling.User', statusCode: 400, retryAfter: 1 });
    expect(cloud.stats).toMatchObject({ requests: 1, throttled: 1 });
  });

  it('throttles about that fraction of calls, and counts each in stats.throttled', async () => {
    const { cloud, ecs } = setUp({ throttleRate: 0.25 });
    const seen = await outcomes(ecs, 400);
    const throttled = seen.filter((o) => o === 'Throttling.User').length;
    expect(throttled).toBeGreaterThan(60);
    expect(throttled).toBeLessThan(140);
    expect(seen.filter((o) => o !== 'OK' && o !== 'Throttling.User')).toEqual([]);
    expect(cloud.stats.throttled).toBe(throttled);
    expect(cloud.stats.byAction.DescribeRegions).toEqual({
      OK: 400 - throttled,
      'Throttling.User': throttled,
    });
  });

  it('throttles only the action given a rate of its own', async () => {
    const { ecs } = setUp({ actions: { DescribeZones: { throttleRate: 1 } } });
    expect(await outcomes(ecs, 3, 'DescribeRegions')).toEqual(['OK', 'OK', 'OK']);
    expect(await outcomes(ecs, 3, 'DescribeZones')).toEqual(Array(3).fill('Throttling.User'));
  });

  it('leaves the seeded faults of a cloud without a throttle rate as they were', async () => {
    const without = await outcomes(setUp({ errorRate: 0.3 }).ecs, 60);
    const withZero = await outcomes(setUp({ errorRate: 0.3, throttleRate: 0 }).ecs, 60);
    expect(withZero).toEqual(without);
    expect(without).toContain('ServiceUnavailable');
  });
});
