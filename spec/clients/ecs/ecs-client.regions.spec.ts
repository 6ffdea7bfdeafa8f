import { firstValueFrom } from 'rxjs';
import { useEcsWire } from './ecs-fixtures.js';

const REGION = 'cn-hangzhou';

describe('EcsClient regions and pool sharing against the fake cloud over loopback HTTP', () => {
  const wire = useEcsWire({ regions: [REGION, 'cn-shanghai'] });

  it('sends nothing for an Observable call until it is subscribed', async () => {
    const ecs = wire.client();
    const call$ = ecs.describeRegions$({});
    expect(wire.server.cloud.stats.requests).toBe(0);
    await firstValueFrom(call$);
    await firstValueFrom(call$);
    expect(wire.server.cloud.stats.requests).toBe(2);
  });

  it('fills RegionId from the client, while an explicit RegionId wins', async () => {
    const ecs = wire.client();
    const own = await ecs.describeInstances({ MaxResults: 3 });
    const other = await ecs.describeInstances({ MaxResults: 3, RegionId: 'cn-shanghai' });

    expect(own.Instances.Instance.map((i) => i.RegionId)).toEqual([REGION, REGION, REGION]);
    expect(other.Instances.Instance.map((i) => i.RegionId)).toEqual(Array(3).fill('cn-shanghai'));
  });

  it("sends forRegion('cn-shanghai') calls to that region, through the same pool as the parent", async () => {
    const poolSize = 3;
    const ecs = wire.client((c) => c.withEnableAsync(true).withPoolSize(poolSize));
    const shanghai = ecs.forRegion('cn-shanghai');
    expect(shanghai.regionId).toBe('cn-shanghai');
    wire.server.cloud.faults = { latencyMs: 15 };

    const calls = Array.from({ length: 12 }, (_, i) =>
      (i % 2 ? shanghai : ecs).describeInstances({ MaxResults: 2 }),
    );
    const [parentStats, childStats] = await Promise.all([
      firstValueFrom(ecs.poolStats$),
      firstValueFrom(shanghai.poolStats$),
    ]);
    expect(childStats).toEqual(parentStats);
    expect(parentStats).toMatchObject({ poolSize, active: poolSize, queued: 12 - poolSize });

    const pages = await Promise.all(calls);
    pages.forEach((page, i) => {
      const region = i % 2 ? 'cn-shanghai' : REGION;
      expect(page.Instances.Instance.map((x) => x.RegionId)).toEqual([region, region]);
    });
    const [after, childAfter] = await Promise.all([
      firstValueFrom(ecs.poolStats$),
      firstValueFrom(shanghai.poolStats$),
    ]);
    expect(childAfter).toEqual(after);
    expect(after).toMatchObject({ active: 0, queued: 0, completed: 12 });
    expect(wire.server.cloud.stats.peakInFlight).toBeLessThanOrEqual(poolSize);
    expect(wire.server.cloud.stats.peakInFlight).toBeGreaterThan(1);
  });
});
