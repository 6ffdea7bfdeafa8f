import { handleEcsAction } from '../../../src/testing/ecs/ecs-actions.js';
import { EcsState } from '../../../src/testing/ecs/ecs-state.js';
import { ecsError, smallState } from './ecs-fixtures.js';

type Statuses = { InstanceStatuses: { InstanceStatus: { InstanceId: string; Status: string }[] } };

describe('DescribeRegions', () => {
  it('lists every served region with its local name, endpoint and status', () => {
    const state = new EcsState({ instancesPerRegion: 0 });
    const body = handleEcsAction(state, 'DescribeRegions', {});
    const regions = (body['Regions'] as { Region: Record<string, string>[] }).Region;
    expect(regions.map((r) => r['RegionId'])).toEqual(state.regionIds());
    expect(regions).toContainEqual({
      RegionId: 'cn-hangzhou',
      LocalName: '华东1（杭州）',
      RegionEndpoint: 'ecs.cn-hangzhou.aliyuncs.com',
      Status: 'available',
    });
    for (const region of regions) {
      expect(region['RegionId']).toMatch(/^[a-z0-9-]+$/);
      expect(region['RegionEndpoint']).toBe(`ecs.${region['RegionId']}.aliyuncs.com`);
    }
    expect(regions.map((r) => r['RegionId'])).toEqual(
      expect.arrayContaining(['cn-shanghai', 'ap-southeast-1', 'us-west-1', 'eu-central-1', 'me-central-1']),
    );
  });

  it('lists only the regions the state was built with', () => {
    const { state } = smallState({ instancesPerRegion: 0 });
    const body = handleEcsAction(state, 'DescribeRegions', { RegionId: 'cn-hangzhou' });
    expect((body['Regions'] as { Region: { RegionId: string }[] }).Region.map((r) => r.RegionId)).toEqual([
      'cn-hangzhou',
      'cn-shanghai',
    ]);
  });
});

describe('DescribeZones', () => {
  it('lists the zones of cn-hangzhou with the instance types they offer', () => {
    const { state } = smallState({ instancesPerRegion: 0 });
    const body = handleEcsAction(state, 'DescribeZones', { RegionId: 'cn-hangzhou' });
    const zones = (body['Zones'] as { Zone: Record<string, unknown>[] }).Zone;
    expect(zones.map((z) => z['ZoneId'])).toEqual([
      'cn-hangzhou-h',
      'cn-hangzhou-i',
      'cn-hangzhou-j',
      'cn-hangzhou-k',
    ]);
    expect(zones[0]).toMatchObject({
      LocalName: '华东1（杭州） 可用区 H',
      AvailableInstanceTypes: { InstanceTypes: expect.arrayContaining(['ecs.g7.large', 'ecs.c7.xlarge']) },
    });
  });

  it('requires RegionId and rejects a region it does not serve', () => {
    const { state } = smallState({ instancesPerRegion: 0 });
    expect(ecsError(() => handleEcsAction(state, 'DescribeZones', {})).message).toContain('"RegionId"');
    expect(ecsError(() => handleEcsAction(state, 'DescribeZones', { RegionId: 'cn-qingdao' }))).toMatchObject(
      {
        code: 'InvalidRegionId.NotFound',
        status: 404,
      },
    );
  });
});

describe('DescribeInstanceStatus', () => {
  const { state } = smallState();
  const hangzhou = state.listInstances('cn-hangzhou');
  const statuses = (params: Record<string, string>) =>
    handleEcsAction(state, 'DescribeInstanceStatus', {
      RegionId: 'cn-hangzhou',
      ...params,
    }) as unknown as Statuses & Record<string, unknown>;

  it('pages the statuses of the region by PageNumber and PageSize (10 by default)', () => {
    const first = statuses({});
    expect(first).toMatchObject({ TotalCount: 100, PageNumber: 1, PageSize: 10 });
    expect(first.InstanceStatuses.InstanceStatus).toEqual(
      hangzhou.slice(0, 10).map((i) => ({ InstanceId: i.InstanceId, Status: i.Status })),
    );
    const seen = [1, 2].flatMap(
      (n) => statuses({ PageNumber: String(n), PageSize: '50' }).InstanceStatuses.InstanceStatus,
    );
    expect(seen.map((s) => s.InstanceId)).toEqual(hangzhou.map((i) => i.InstanceId));
  });

  it('filters by InstanceId.N and ZoneId', () => {
    const picked = [hangzhou[3], hangzhou[8]].map((i) => i?.InstanceId ?? '');
    const body = statuses({ 'InstanceId.1': picked[1] ?? '', 'InstanceId.2': picked[0] ?? '' });
    expect(body.TotalCount).toBe(2);
    expect(body.InstanceStatuses.InstanceStatus.map((s) => s.InstanceId)).toEqual(picked);
    const inJ = hangzhou.filter((i) => i.ZoneId === 'cn-hangzhou-j');
    expect(statuses({ ZoneId: 'cn-hangzhou-j', PageSize: '50' }).TotalCount).toBe(inJ.length);
  });

  it.each([
    ['InvalidParameter', 'PageSize', { PageSize: '51' }],
    ['InvalidParameter', 'PageNumber', { PageNumber: '-1' }],
    ['InvalidParameter', 'InstanceId.N', { 'InstanceId.0': 'i-x' }],
    ['InvalidZoneId.NotFound', 'cn-shanghai-b', { ZoneId: 'cn-shanghai-b' }],
    ['MissingParameter', 'RegionId', { RegionId: '' }],
  ])('answers %s about %s', (code, named, params) => {
    const error = ecsError(() => statuses(params));
    expect(error.code).toBe(code);
    expect(error.message).toContain(named);
  });
});
