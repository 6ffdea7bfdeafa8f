import { handleEcsAction } from '../../../src/testing/ecs/ecs-actions.js';
import type { EcsState } from '../../../src/testing/ecs/ecs-state.js';
import { describeInstances, ecsError, instancesOf, smallState } from './ecs-fixtures.js';

const IMAGE = 'aliyun_3_x64_20G_alibase_20240528.vhd';
const base = { RegionId: 'cn-hangzhou', InstanceType: 'ecs.g7.large', ImageId: IMAGE };

function run(state: EcsState, params: Record<string, string>): string[] {
  const body = handleEcsAction(state, 'RunInstances', { ...base, ...params });
  return (body['InstanceIdSets'] as { InstanceIdSet: string[] }).InstanceIdSet;
}

describe('RunInstances', () => {
  it('creates one instance that is Pending, then Running after the transition time', () => {
    const { state, clock } = smallState();
    const body = handleEcsAction(state, 'RunInstances', { ...base, ZoneId: 'cn-hangzhou-j' });
    expect(body).toEqual({
      InstanceIdSets: { InstanceIdSet: [expect.stringMatching(/^i-bp1[a-z0-9]{17}$/)] },
      OrderId: expect.stringMatching(/^[1-9]\d{14}$/),
      TradePrice: 0.7,
    });
    const [id] = (body['InstanceIdSets'] as { InstanceIdSet: string[] }).InstanceIdSet;
    const created = state.getInstance(id ?? '');
    expect(created).toMatchObject({
      InstanceName: id,
      Status: 'Pending',
      ZoneId: 'cn-hangzhou-j',
      InstanceType: 'ecs.g7.large',
      Cpu: 2,
      Memory: 8192,
      ImageId: IMAGE,
      OSType: 'linux',
      CreationTime: '2025-06-01T00:00Z',
      InstanceChargeType: 'PostPaid',
      PublicIpAddress: { IpAddress: [] },
    });
    expect(created?.VpcAttributes.PrivateIpAddress.IpAddress[0]).toMatch(/^172\.16\./);
    clock.advance(2000);
    expect(state.getInstance(id ?? '')?.Status).toBe('Running');
  });

  it('lists new instances last, after the seeded ones', () => {
    const { state } = smallState();
    const [id] = run(state, {});
    const all = state.listInstances('cn-hangzhou');
    expect(all).toHaveLength(101);
    expect(all[100]?.InstanceId).toBe(id);
  });

  it('creates Amount instances named with -001, -002… and tagged as asked', () => {
    const { state } = smallState();
    const ids = run(state, {
      Amount: '3',
      InstanceName: 'load-test',
      HostName: 'lt',
      Description: 'soak',
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'dev',
      'Tag.2.Key': 'auto-stop',
      'Tag.2.Value': 'true',
      InternetMaxBandwidthOut: '10',
    });
    expect(ids).toHaveLength(3);
    const created = ids.map((id) => state.getInstance(id));
    expect(created.map((i) => i?.InstanceName)).toEqual(['load-test-001', 'load-test-002', 'load-test-003']);
    expect(created.map((i) => i?.HostName)).toEqual(['lt-001', 'lt-002', 'lt-003']);
    for (const instance of created) {
      expect(instance?.Description).toBe('soak');
      expect(instance?.Tags.Tag).toEqual([
        { TagKey: 'env', TagValue: 'dev' },
        { TagKey: 'auto-stop', TagValue: 'true' },
      ]);
      expect(instance?.PublicIpAddress.IpAddress).toHaveLength(1);
      expect(instance?.InternetMaxBandwidthOut).toBe(10);
    }
    expect(new Set(created.map((i) => i?.ZoneId)).size).toBe(1);
    const body = describeInstances(state, {
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'dev',
      InstanceName: 'load-test-*',
    });
    expect(instancesOf(body).map((i) => i.InstanceId)).toEqual(ids);
  });

  it('places the instances in the zone of the VSwitchId and the SecurityGroupId given', () => {
    const { state } = smallState();
    const sample = state.listInstances('cn-hangzhou').find((i) => i.ZoneId === 'cn-hangzhou-k');
    const vsw = sample?.VpcAttributes.VSwitchId ?? '';
    const sg = sample?.SecurityGroupIds.SecurityGroupId[0] ?? '';
    const [id] = run(state, { VSwitchId: vsw, SecurityGroupId: sg });
    expect(state.getInstance(id ?? '')).toMatchObject({
      ZoneId: 'cn-hangzhou-k',
      VpcAttributes: { VSwitchId: vsw },
      SecurityGroupIds: { SecurityGroupId: [sg] },
    });
  });

  it('never creates twice for the same ClientToken and answers as the first call did', () => {
    const { state } = smallState();
    const first = handleEcsAction(state, 'RunInstances', { ...base, Amount: '2', ClientToken: 'token-1' });
    const again = handleEcsAction(state, 'RunInstances', { ...base, Amount: '2', ClientToken: 'token-1' });
    expect(again).toEqual(first);
    expect(state.listInstances('cn-hangzhou')).toHaveLength(102);
    const other = handleEcsAction(state, 'RunInstances', { ...base, Amount: '2', ClientToken: 'token-2' });
    expect(other['InstanceIdSets']).not.toEqual(first['InstanceIdSets']);
    expect(state.listInstances('cn-hangzhou')).toHaveLength(104);
  });

  it('creates nothing with DryRun=true', () => {
    const { state } = smallState();
    const error = ecsError(() => run(state, { DryRun: 'true', ClientToken: 'dry' }));
    expect(error).toMatchObject({ code: 'DryRunOperation', status: 400 });
    expect(state.listInstances('cn-hangzhou')).toHaveLength(100);
    expect(run(state, { ClientToken: 'dry' })).toHaveLength(1);
  });

  it('is deterministic: the same calls on two fresh states create the same ids', () => {
    const one = smallState().state;
    const two = smallState().state;
    expect(run(one, { Amount: '4' })).toEqual(run(two, { Amount: '4' }));
  });

  it.each([
    ['MissingParameter', 'RegionId', { RegionId: '' }, 400],
    ['MissingParameter', 'InstanceType', { InstanceType: '' }, 400],
    ['MissingParameter', 'ImageId', { ImageId: '' }, 400],
    ['InvalidParameter', 'Amount', { Amount: '0' }, 400],
    ['InvalidParameter', 'Amount', { Amount: '101' }, 400],
    ['InvalidParameter', 'ImageId', { ImageId: 'no spaces please' }, 400],
    ['InvalidParameter', 'InternetMaxBandwidthOut', { InternetMaxBandwidthOut: '-1' }, 400],
    ['InvalidParameter', 'ClientToken', { ClientToken: 'x'.repeat(65) }, 400],
    ['InvalidParameter', 'Tag.1.Key', { 'Tag.1.Key': 'aliyun:reserved' }, 400],
    ['InvalidParameter', 'Tag.2.Key', { 'Tag.1.Key': 'a', 'Tag.2.Key': 'a' }, 400],
    ['MissingParameter', 'Tag.1.Key', { 'Tag.1.Value': 'v' }, 400],
    ['InvalidParameter', 'ZoneId', { ZoneId: 'cn-hangzhou-h', VSwitchId: 'VSW_OF_K' }, 400],
    ['InvalidRegionId.NotFound', 'cn-beijing', { RegionId: 'cn-beijing' }, 404],
    ['InvalidZoneId.NotFound', 'cn-hangzhou-z', { ZoneId: 'cn-hangzhou-z' }, 404],
    ['InvalidVSwitchId.NotFound', 'vsw-nope', { VSwitchId: 'vsw-nope' }, 404],
    ['InvalidSecurityGroupId.NotFound', 'sg-nope', { SecurityGroupId: 'sg-nope' }, 404],
    ['InvalidInstanceType.ValueNotSupported', 'ecs.huge', { InstanceType: 'ecs.huge' }, 400],
    ['InvalidInstanceName.Malformed', 'instance name', { InstanceName: 'x' }, 400],
  ])('answers %s about %s', (code, named, params, status) => {
    const { state } = smallState();
    const vswK = state.listInstances('cn-hangzhou').find((i) => i.ZoneId === 'cn-hangzhou-k')
      ?.VpcAttributes.VSwitchId;
    const resolved = Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, v === 'VSW_OF_K' ? (vswK ?? '') : v]),
    );
    const error = ecsError(() => run(state, resolved));
    expect(error).toMatchObject({ code, status });
    expect(error.message).toContain(named);
    expect(state.listInstances('cn-hangzhou')).toHaveLength(100);
  });
});
