import { handleEcsAction } from '../../../src/testing/ecs/ecs-actions.js';
import type { EcsInstance } from '../../../src/testing/ecs/ecs-state.js';
import {
  describeInstances,
  ecsError,
  instancesOf,
  listAllByToken,
  smallState,
  tagValue,
} from './ecs-fixtures.js';

const ids = (list: readonly EcsInstance[]) => list.map((i) => i.InstanceId);

describe('DescribeInstances', () => {
  const { state } = smallState({ instancesPerRegion: 120 });
  const hangzhou = state.listInstances('cn-hangzhou');

  it('answers the first 10 instances by page number when no paging parameter is given', () => {
    const body = describeInstances(state, {});
    expect(body).toMatchObject({ TotalCount: 120, PageNumber: 1, PageSize: 10 });
    expect(typeof body['NextToken']).toBe('string');
    expect(body).not.toHaveProperty('RequestId');
    expect(ids(instancesOf(body))).toEqual(ids(hangzhou.slice(0, 10)));
  });

  it('answers the wire shape of the captured real response', () => {
    const [instance] = instancesOf(describeInstances(state, { PageSize: '1' }));
    expect(instance).toMatchObject({
      InstanceId: expect.any(String),
      InstanceName: expect.any(String),
      RegionId: 'cn-hangzhou',
      ZoneId: expect.any(String),
      Status: expect.any(String),
      InstanceType: expect.any(String),
      Cpu: expect.any(Number),
      Memory: expect.any(Number),
      CreationTime: expect.any(String),
      VpcAttributes: {
        VpcId: expect.any(String),
        VSwitchId: expect.any(String),
        PrivateIpAddress: { IpAddress: expect.any(Array) },
      },
      PublicIpAddress: { IpAddress: expect.any(Array) },
      SecurityGroupIds: { SecurityGroupId: expect.any(Array) },
      Tags: { Tag: expect.any(Array) },
      ImageId: expect.any(String),
      OSName: expect.any(String),
      HostName: expect.any(String),
      ExpiredTime: expect.any(String),
      InstanceChargeType: 'PostPaid',
    });
  });

  it('pages by PageNumber and PageSize, with a short last page and empty pages beyond it', () => {
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const body = describeInstances(state, { PageNumber: String(page), PageSize: '25' });
      expect(body).toMatchObject({ TotalCount: 120, PageNumber: page, PageSize: 25 });
      seen.push(...ids(instancesOf(body)));
      expect(body['NextToken'] === '').toBe(page === 5);
    }
    expect(seen).toEqual(ids(hangzhou));
    expect(instancesOf(describeInstances(state, { PageNumber: '6', PageSize: '25' }))).toEqual([]);
  });

  it.each([1, 7, 10, 50, 100])(
    'visits every instance exactly once by token paging with MaxResults %i',
    (max) => {
      expect(ids(listAllByToken(state, {}, max))).toEqual(ids(hangzhou));
    },
  );

  it('uses token paging with 10 results when only an empty NextToken is given, and omits PageNumber', () => {
    const body = describeInstances(state, { NextToken: '' });
    expect(instancesOf(body)).toHaveLength(10);
    expect(body).toMatchObject({ TotalCount: 120, NextToken: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(body).not.toHaveProperty('PageNumber');
  });

  it('answers an empty NextToken on the last page', () => {
    const body = describeInstances(state, { MaxResults: '100', InstanceName: 'web-00*' });
    expect(body['NextToken']).toBe('');
  });

  it('keeps a token valid while instances before and after it are deleted', () => {
    const { state: own } = smallState({ instancesPerRegion: 30 });
    const all = own.listInstances('cn-hangzhou');
    const first = describeInstances(own, { MaxResults: '10' });
    for (const i of [all[0], all[10], all[11]])
      handleEcsAction(own, 'DeleteInstance', { InstanceId: i?.InstanceId ?? '', Force: 'true' });
    const second = describeInstances(own, { MaxResults: '10', NextToken: first['NextToken'] as string });
    expect(ids(instancesOf(second))).toEqual(ids(all.slice(12, 22)));
  });

  it.each([
    ['Status', 'Stopped', (i: EcsInstance) => i.Status === 'Stopped'],
    ['ZoneId', 'cn-hangzhou-i', (i: EcsInstance) => i.ZoneId === 'cn-hangzhou-i'],
    ['InstanceType', 'ecs.g7.large', (i: EcsInstance) => i.InstanceType === 'ecs.g7.large'],
    ['InstanceTypeFamily', 'ecs.c7', (i: EcsInstance) => i.InstanceTypeFamily === 'ecs.c7'],
    [
      'ImageId',
      'centos_7_9_x64_20G_alibase_20240403.vhd',
      (i: EcsInstance) => i.ImageId.startsWith('centos'),
    ],
    ['InstanceName', 'web-*', (i: EcsInstance) => i.InstanceName.startsWith('web-')],
    ['InstanceName', 'db-002', (i: EcsInstance) => i.InstanceName === 'db-002'],
    ['InstanceName', '*b-0*1', (i: EcsInstance) => /^.*b-0.*1$/.test(i.InstanceName)],
  ] as const)('filters by %s=%s', (name, value, keep) => {
    const expected = hangzhou.filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(hangzhou.length);
    const body = describeInstances(state, { [name]: value, PageSize: '100' });
    expect(body['TotalCount']).toBe(expected.length);
    expect(ids(instancesOf(body))).toEqual(ids(expected.slice(0, 100)));
  });

  it('treats every character of InstanceName but * literally', () => {
    expect(describeInstances(state, { InstanceName: 'web-00.' })['TotalCount']).toBe(0);
    expect(describeInstances(state, { InstanceName: '*-01?' })['TotalCount']).toBe(0);
    expect(describeInstances(state, { InstanceName: '*' })['TotalCount']).toBe(120);
  });

  it('filters by InstanceIds, a JSON array, ignoring unknown ids and ids of other regions', () => {
    const picked = [hangzhou[5], hangzhou[2], hangzhou[77]].map((i) => i?.InstanceId ?? '');
    const other = state.listInstances('cn-shanghai')[0]?.InstanceId ?? '';
    const body = describeInstances(state, {
      InstanceIds: JSON.stringify([...picked, other, 'i-bp1nothere']),
    });
    expect(ids(instancesOf(body))).toEqual([picked[1], picked[0], picked[2]]);
  });

  it('filters by VpcId, VSwitchId and SecurityGroupId', () => {
    const sample = hangzhou[3];
    if (!sample) throw new Error('no instance');
    const vpc = describeInstances(state, { VpcId: sample.VpcAttributes.VpcId, MaxResults: '100' });
    expect(vpc['TotalCount']).toBe(120);
    expect(describeInstances(state, { VpcId: 'vpc-elsewhere' })['TotalCount']).toBe(0);
    const vsw = hangzhou.filter((i) => i.VpcAttributes.VSwitchId === sample.VpcAttributes.VSwitchId);
    expect(describeInstances(state, { VSwitchId: sample.VpcAttributes.VSwitchId })['TotalCount']).toBe(
      vsw.length,
    );
    const sg = sample.SecurityGroupIds.SecurityGroupId[0] ?? '';
    const inSg = hangzhou.filter((i) => i.SecurityGroupIds.SecurityGroupId.includes(sg));
    expect(describeInstances(state, { SecurityGroupId: sg })['TotalCount']).toBe(inSg.length);
  });

  it('filters by PrivateIpAddresses and PublicIpAddresses, JSON arrays', () => {
    const withPublic = hangzhou.filter((i) => i.PublicIpAddress.IpAddress.length > 0).slice(0, 2);
    const publicIps = withPublic.flatMap((i) => i.PublicIpAddress.IpAddress);
    expect(
      ids(instancesOf(describeInstances(state, { PublicIpAddresses: JSON.stringify(publicIps) }))),
    ).toEqual(ids(withPublic));
    const privateIp = hangzhou[9]?.VpcAttributes.PrivateIpAddress.IpAddress ?? [];
    const body = describeInstances(state, { PrivateIpAddresses: JSON.stringify(privateIp) });
    expect(ids(instancesOf(body))).toEqual([hangzhou[9]?.InstanceId]);
  });

  it('filters by Tag.N.Key and Tag.N.Value, every tag condition holding', () => {
    const autoStop = hangzhou.filter((i) => tagValue(i, 'auto-stop') === 'true');
    const byTag = describeInstances(state, {
      'Tag.1.Key': 'auto-stop',
      'Tag.1.Value': 'true',
      MaxResults: '100',
    });
    expect(ids(instancesOf(byTag))).toEqual(ids(autoStop));
    const prodAuto = autoStop.filter((i) => tagValue(i, 'env') === 'prod');
    const both = describeInstances(state, {
      'Tag.1.Key': 'auto-stop',
      'Tag.1.Value': 'true',
      'Tag.2.Key': 'env',
      'Tag.2.Value': 'prod',
      MaxResults: '100',
    });
    expect(ids(instancesOf(both))).toEqual(ids(prodAuto));
    const withTeam = hangzhou.filter((i) => tagValue(i, 'team') !== undefined);
    expect(describeInstances(state, { 'Tag.1.Key': 'team' })['TotalCount']).toBe(withTeam.length);
  });

  it('combines filters with paging', () => {
    const expected = hangzhou.filter((i) => i.Status === 'Running' && tagValue(i, 'env') === 'prod');
    const got = listAllByToken(state, { Status: 'Running', 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod' }, 3);
    expect(ids(got)).toEqual(ids(expected));
  });

  it('rejects DryRun=true with DryRunOperation after the checks passed', () => {
    const error = ecsError(() => describeInstances(state, { DryRun: 'true' }));
    expect(error).toMatchObject({
      code: 'DryRunOperation',
      status: 400,
      message: 'Request validation has been passed with DryRun flag set.',
    });
    expect(describeInstances(state, { DryRun: 'false' })['TotalCount']).toBe(120);
    expect(ecsError(() => describeInstances(state, { DryRun: 'true', MaxResults: '0' })).code).toBe(
      'InvalidParameter',
    );
  });

  it('requires RegionId and knows only the regions it serves', () => {
    const missing = ecsError(() => handleEcsAction(state, 'DescribeInstances', {}));
    expect(missing).toMatchObject({
      code: 'MissingParameter',
      status: 400,
      message:
        'The input parameter "RegionId" that is mandatory for processing this request is not supplied.',
    });
    const unknown = ecsError(() => describeInstances(state, {}, 'cn-beijing'));
    expect(unknown).toMatchObject({ code: 'InvalidRegionId.NotFound', status: 404 });
  });

  it.each([
    ['MaxResults', { MaxResults: '0' }],
    ['MaxResults', { MaxResults: '101' }],
    ['MaxResults', { MaxResults: 'ten' }],
    ['PageSize', { PageSize: '0' }],
    ['PageSize', { PageSize: '101' }],
    ['PageNumber', { PageNumber: '0' }],
    ['PageNumber', { PageNumber: '1.5' }],
    ['NextToken', { NextToken: 'not-a-token' }],
    ['NextToken', { NextToken: '0123456789abcdef0123456789abcdef' }],
    ['InstanceIds', { InstanceIds: 'i-abc' }],
    ['InstanceIds', { InstanceIds: '[1,2]' }],
    ['InstanceIds', { InstanceIds: '{"a":"b"}' }],
    ['InstanceIds', { InstanceIds: JSON.stringify(Array.from({ length: 101 }, (_, n) => `i-${n}`)) }],
    ['Status', { Status: 'Sleeping' }],
    ['DryRun', { DryRun: 'yes' }],
    ['Tag.N.Key', { 'Tag.21.Key': 'env' }],
  ])('rejects a bad %s with InvalidParameter naming it (%j)', (name, params) => {
    const error = ecsError(() => describeInstances(state, params));
    expect(error).toMatchObject({ code: 'InvalidParameter', status: 400 });
    expect(error.message).toContain(`"${name}"`);
  });

  it('rejects a NextToken from another region', () => {
    const token = describeInstances(state, { MaxResults: '10' }, 'cn-shanghai')['NextToken'] as string;
    expect(token).not.toBe('');
    expect(ecsError(() => describeInstances(state, { NextToken: token })).message).toContain('"NextToken"');
  });

  it('rejects a tag value without its key with MissingParameter', () => {
    const error = ecsError(() => describeInstances(state, { 'Tag.1.Value': 'prod' }));
    expect(error).toMatchObject({ code: 'MissingParameter' });
    expect(error.message).toContain('"Tag.1.Key"');
  });
});
