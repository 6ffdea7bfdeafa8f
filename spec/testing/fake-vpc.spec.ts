// The fake cloud's VPC (2016-04-28): the seeded network the instances sit in, over real loopback
// HTTP with real signatures, from an RpcClient.
import { Config } from '../../src/config.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { startFakeCloud, type RunningFakeCloud } from '../../src/testing/server.js';
import { rejectionOf } from '../helpers/test-account.js';

interface Vpcs {
  TotalCount: number;
  Vpcs: { Vpc: { VpcId: string; RegionId: string; VSwitchIds: { VSwitchId: string[] } }[] };
}
interface VSwitches {
  TotalCount: number;
  PageNumber: number;
  PageSize: number;
  VSwitches: { VSwitch: { VSwitchId: string; VpcId: string; ZoneId: string }[] };
}

describe('fake VPC: DescribeVpcs / DescribeVSwitches over the seeded network (loopback)', () => {
  let fake: RunningFakeCloud;
  let vpc: RpcClient;
  beforeEach(async () => {
    fake = await startFakeCloud({ seed: 5, instancesPerRegion: 8, regions: ['cn-hangzhou', 'cn-beijing'] });
    vpc = new RpcClient({
      product: 'vpc',
      version: '2016-04-28',
      regionId: 'cn-hangzhou',
      config: new Config().withEndpoint(fake.url),
      credential: new AccessKeyCredential('testid', 'testsecret'),
    });
  });
  afterEach(async () => {
    await vpc.shutdown();
    await fake.close();
  });

  it('lists the VPC and vSwitches the instances of a region use', async () => {
    const instances = fake.cloud.state.listInstances('cn-hangzhou');
    const vpcs = await vpc.request<Vpcs>('DescribeVpcs', { RegionId: 'cn-hangzhou' });
    expect(vpcs.TotalCount).toBe(1);
    const [only] = vpcs.Vpcs.Vpc;
    expect(only).toMatchObject({ RegionId: 'cn-hangzhou', VpcId: instances[0]!.VpcAttributes.VpcId });
    const all = await vpc.request<VSwitches>('DescribeVSwitches', {
      RegionId: 'cn-hangzhou',
      VpcId: only!.VpcId,
      PageSize: 50,
    });
    expect(all.VSwitches.VSwitch.map((v) => v.VSwitchId)).toEqual(only!.VSwitchIds.VSwitchId);
    for (const instance of instances) {
      const inZone = await vpc.request<VSwitches>('DescribeVSwitches', {
        RegionId: 'cn-hangzhou',
        ZoneId: instance.ZoneId,
      });
      expect(inZone.VSwitches.VSwitch.map((v) => v.VSwitchId)).toEqual([instance.VpcAttributes.VSwitchId]);
    }
    // Another region has its own network.
    const beijing = await vpc.request<Vpcs>('DescribeVpcs', { RegionId: 'cn-beijing' });
    expect(beijing.Vpcs.Vpc[0]!.VpcId).not.toBe(only!.VpcId);
  });

  it('pages by PageNumber and PageSize, and refuses what the service refuses', async () => {
    const first = await vpc.request<VSwitches>('DescribeVSwitches', { RegionId: 'cn-hangzhou', PageSize: 1 });
    const second = await vpc.request<VSwitches>('DescribeVSwitches', {
      RegionId: 'cn-hangzhou',
      PageSize: 1,
      PageNumber: 2,
    });
    expect(first.TotalCount).toBeGreaterThan(1);
    expect([first.VSwitches.VSwitch.length, second.PageNumber]).toEqual([1, 2]);
    expect(second.VSwitches.VSwitch[0]!.VSwitchId).not.toBe(first.VSwitches.VSwitch[0]!.VSwitchId);
    expect(await rejectionOf(vpc.request('DescribeVpcs', {}))).toMatchObject({ code: 'MissingParameter' });
    expect(await rejectionOf(vpc.request('DescribeVpcs', { RegionId: 'mars-1' }))).toMatchObject({
      code: 'InvalidRegionId.NotFound',
    });
    expect(
      await rejectionOf(vpc.request('DescribeVSwitches', { RegionId: 'cn-hangzhou', PageSize: 51 })),
    ).toMatchObject({ code: 'InvalidParameter' });
    expect(await rejectionOf(vpc.request('CreateVpc', { RegionId: 'cn-hangzhou' }))).toMatchObject({
      code: 'InvalidAction.NotFound',
    });
  });
});
