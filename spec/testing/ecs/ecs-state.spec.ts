import { KNOWN_REGION_IDS } from '../../../src/testing/ecs/ecs-catalog.js';
import { EcsState } from '../../../src/testing/ecs/ecs-state.js';
import { tagValue, testClock } from './ecs-fixtures.js';

describe('EcsState', () => {
  const state = new EcsState({ now: testClock().now });

  it('builds the same instances twice from the default seed', () => {
    const again = new EcsState({ now: testClock().now });
    expect(again.regionIds()).toEqual(state.regionIds());
    expect(again.listInstances()).toEqual(state.listInstances());
  });

  it('builds different instances from a different seed', () => {
    const other = new EcsState({ seed: 7, regions: ['cn-hangzhou'] });
    const ids = new Set(state.listInstances('cn-hangzhou').map((i) => i.InstanceId));
    expect(other.listInstances().some((i) => ids.has(i.InstanceId))).toBe(false);
  });

  it('serves every known region by default, cn-hangzhou among them', () => {
    expect(state.regionIds()).toEqual(KNOWN_REGION_IDS);
    expect(state.regionIds().length).toBeGreaterThanOrEqual(25);
    expect(state.regionIds()).toContain('cn-hangzhou');
  });

  it.each(KNOWN_REGION_IDS.map((id) => [id]))(
    'holds at least 100 instances in %s, a mix of Running and Stopped with some auto-stop=true',
    (regionId) => {
      const instances = state.listInstances(regionId);
      expect(instances.length).toBeGreaterThanOrEqual(100);
      const running = instances.filter((i) => i.Status === 'Running').length;
      const stopped = instances.filter((i) => i.Status === 'Stopped').length;
      expect(running + stopped).toBe(instances.length);
      expect(running).toBeGreaterThan(35);
      expect(stopped).toBeGreaterThan(15);
      const autoStop = instances.filter((i) => tagValue(i, 'auto-stop') === 'true').length;
      expect(autoStop).toBeGreaterThan(5);
      expect(autoStop).toBeLessThan(50);
    },
  );

  it('gives every instance a unique real-looking id, name, zone, type and addresses', () => {
    const all = state.listInstances();
    expect(new Set(all.map((i) => i.InstanceId)).size).toBe(all.length);
    const hangzhou = state.listInstances('cn-hangzhou');
    for (const i of hangzhou) {
      expect(i.InstanceId).toMatch(/^i-bp1[a-z0-9]{17}$/);
      expect(i.InstanceName).toMatch(/^(web|api|batch|worker|db|cache)-\d{3}$/);
      expect(['cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j', 'cn-hangzhou-k']).toContain(i.ZoneId);
      expect(i.InstanceType).toMatch(/^ecs\./);
      expect(i.VpcAttributes.PrivateIpAddress.IpAddress[0]).toMatch(/^172\.16\.\d+\.\d+$/);
      expect(i.VpcAttributes.VpcId).toMatch(/^vpc-bp1[a-z0-9]{17}$/);
      expect(i.VpcAttributes.VSwitchId).toMatch(/^vsw-bp1[a-z0-9]{17}$/);
      expect(i.SecurityGroupIds.SecurityGroupId[0]).toMatch(/^sg-bp1[a-z0-9]{17}$/);
      expect(i.CreationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
      expect(i.InstanceChargeType).toBe('PostPaid');
      expect(i.ExpiredTime).toBe('2099-12-31T15:59Z');
      expect(['prod', 'staging', 'dev']).toContain(tagValue(i, 'env'));
    }
    const ips = hangzhou.flatMap((i) => i.VpcAttributes.PrivateIpAddress.IpAddress);
    expect(new Set(ips).size).toBe(hangzhou.length);
    expect(hangzhou.some((i) => i.PublicIpAddress.IpAddress.length > 0)).toBe(true);
    expect(hangzhou.some((i) => i.PublicIpAddress.IpAddress.length === 0)).toBe(true);
  });

  it('matches each instance type with its vCPUs and memory', () => {
    const specs: Record<string, [number, number]> = {
      'ecs.g7.large': [2, 8192],
      'ecs.c7.xlarge': [4, 8192],
      'ecs.r7.xlarge': [4, 32768],
    };
    for (const i of state.listInstances('cn-hangzhou')) {
      const spec = specs[i.InstanceType];
      if (spec) expect([i.Cpu, i.Memory]).toEqual(spec);
    }
  });

  it('lists instances in creation order', () => {
    const times = state.listInstances('cn-shanghai').map((i) => i.CreationTime);
    expect([...times].sort()).toEqual(times);
  });

  it('draws a region the same whichever other regions the cloud holds', () => {
    const alone = new EcsState({ regions: ['cn-shanghai'] });
    expect(alone.regionIds()).toEqual(['cn-shanghai']);
    expect(alone.listInstances()).toEqual(state.listInstances('cn-shanghai'));
  });

  it('takes the number of instances per region from its options', () => {
    const small = new EcsState({ regions: ['cn-beijing', 'us-west-1'], instancesPerRegion: 3 });
    expect(small.listInstances('cn-beijing')).toHaveLength(3);
    expect(small.listInstances()).toHaveLength(6);
  });

  it('rejects an unknown region and out-of-range options with a RangeError', () => {
    expect(() => new EcsState({ regions: ['mars-north-1'] })).toThrow(RangeError);
    expect(() => new EcsState({ instancesPerRegion: -1 })).toThrow(RangeError);
    expect(() => new EcsState({ instancesPerRegion: 1.5 })).toThrow(RangeError);
    expect(() => new EcsState({ transitionMs: -5 })).toThrow(RangeError);
  });

  it('finds one instance by id and answers undefined for an unknown id', () => {
    const first = state.listInstances('cn-hangzhou')[0];
    expect(first).toBeDefined();
    expect(state.getInstance(first?.InstanceId ?? '')).toEqual(first);
    expect(state.getInstance('i-bp1doesnotexist000')).toBeUndefined();
  });

  it('hands out copies, so changing them leaves the state alone', () => {
    const [copy] = state.listInstances('cn-hangzhou');
    if (!copy) throw new Error('no instance');
    copy.Status = 'Pending';
    copy.Tags.Tag.push({ TagKey: 'x', TagValue: 'y' });
    copy.VpcAttributes.PrivateIpAddress.IpAddress.push('1.2.3.4');
    const fresh = state.getInstance(copy.InstanceId);
    expect(fresh?.Status).not.toBe('Pending');
    expect(fresh?.Tags.Tag).not.toContainEqual({ TagKey: 'x', TagValue: 'y' });
    expect(fresh?.VpcAttributes.PrivateIpAddress.IpAddress).toHaveLength(1);
  });
});
