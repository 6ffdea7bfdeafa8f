/**
 * The generated clients as a user meets them: types checked by `tsc --noEmit` (part of `npm test`:
 * each `@ts-expect-error` line must really be an error, each `expectTypeOf` must hold), bad input
 * refused before anything is sent, and typed calls against the fake cloud over loopback.
 */
import { expectTypeOf } from 'expect-type';
import { firstValueFrom, type Observable } from 'rxjs';
import { Config } from '../../../src/config.js';
import { AccessKeyCredential } from '../../../src/credentials/access-key-credential.js';
import { ClientError } from '../../../src/errors/client-error.js';
import { RoaClient } from '../../../src/clients/roa-client.js';
import { RpcClient } from '../../../src/clients/rpc-client.js';
import {
  BssOpenApiClient,
  type QueryAccountBalanceResponseBody,
} from '../../../src/clients/bssopenapi/index.js';
import {
  CmsClient,
  type DescribeMetricListRequest,
  type DescribeMetricListResponseBody,
} from '../../../src/clients/cms/index.js';
import { CsClient, type DescribeClusterDetailResponseBody } from '../../../src/clients/cs/index.js';
import { EcsClient, type DescribeSecurityGroupsResponseBody } from '../../../src/clients/ecs/index.js';
import { RamClient, type CreateUserRequest } from '../../../src/clients/ram/index.js';
import { RdsClient, type DescribeDBInstancesResponseBody } from '../../../src/clients/rds/index.js';
import { StsClient, type AssumeRoleResponseBody } from '../../../src/clients/sts/index.js';
import { VpcClient, type DescribeVpcsResponseBody } from '../../../src/clients/vpc/index.js';
import {
  serveFetch,
  startFakeCloud,
  type RunningFakeCloud,
  type ServedFetch,
} from '../../../src/testing/server.js';

const credential = new AccessKeyCredential('testid', 'testsecret');

// Never called: each marked line must fail to type-check, or tsc reports an unused directive.
export function misuses(config: Config): void {
  const vpc = new VpcClient('cn-hangzhou', config, credential);
  const cms = new CmsClient('cn-hangzhou', config, credential);
  const cs = new CsClient('cn-hangzhou', config, credential);
  const sts = new StsClient('cn-hangzhou', config, credential);
  const ram = new RamClient('cn-hangzhou', config, credential);
  const rds = new RdsClient('cn-hangzhou', config, credential);
  const bss = new BssOpenApiClient('cn-hangzhou', config, credential);
  const ecs = new EcsClient('cn-hangzhou', config, credential);
  // @ts-expect-error PageSize is a number
  void vpc.describeVpcs({ PageSize: '10' });
  // @ts-expect-error a typo of VpcId
  void vpc.describeVpcs({ VpcID: 'vpc-1' });
  // @ts-expect-error Namespace and MetricName are required
  void cms.describeMetricList({ Namespace: 'acs_ecs_dashboard' });
  // @ts-expect-error ROA path parameters go by their path name: ClusterId, not cluster_id
  void cs.describeClusterDetail({ cluster_id: 'c-1' });
  // @ts-expect-error DescribeClustersV1 query fields keep their wire names (page_size)
  void cs.describeClustersV1({ PageSize: 10 });
  // @ts-expect-error AssumeRole needs RoleArn and RoleSessionName
  void sts.assumeRole({ RoleArn: 'acs:ram::1:role/r' });
  // @ts-expect-error UserName is a string
  void ram.createUser({ UserName: 7 });
  // @ts-expect-error no such action on RDS
  void rds.describeInstances({});
  // @ts-expect-error the response is the action's own body type: no Vpcs in an account balance
  void bss.queryAccountBalance({}).then((r) => r.Vpcs);
  // @ts-expect-error MaxResults is a number
  void ecs.describeSecurityGroups({ MaxResults: 'ten' });
}

describe('generated clients: types', () => {
  const config = new Config();

  it('types each action per product with its request and its response body', async () => {
    const vpc = new VpcClient('cn-hangzhou', config, credential);
    const cms = new CmsClient('cn-hangzhou', config, credential);
    const cs = new CsClient('cn-hangzhou', config, credential);
    const sts = new StsClient('cn-hangzhou', config, credential);
    const rds = new RdsClient('cn-hangzhou', config, credential);
    const bss = new BssOpenApiClient('cn-hangzhou', config, credential);
    const ram = new RamClient('cn-hangzhou', config, credential);
    const ecs = new EcsClient('cn-hangzhou', config, credential);
    expectTypeOf(vpc.describeVpcs$).returns.toEqualTypeOf<Observable<DescribeVpcsResponseBody>>();
    expectTypeOf(cms.describeMetricList$).parameter(0).toEqualTypeOf<DescribeMetricListRequest>();
    expectTypeOf(cms.describeMetricList).returns.toEqualTypeOf<Promise<DescribeMetricListResponseBody>>();
    expectTypeOf(cs.describeClusterDetail).returns.toEqualTypeOf<
      Promise<DescribeClusterDetailResponseBody>
    >();
    expectTypeOf(cs).toMatchTypeOf<RoaClient>();
    expectTypeOf(vpc).toMatchTypeOf<RpcClient>();
    expectTypeOf(sts.assumeRole).returns.toEqualTypeOf<Promise<AssumeRoleResponseBody>>();
    expectTypeOf(rds.describeDBInstances).returns.toEqualTypeOf<Promise<DescribeDBInstancesResponseBody>>();
    expectTypeOf(bss.queryAccountBalance).returns.toEqualTypeOf<Promise<QueryAccountBalanceResponseBody>>();
    expectTypeOf(ram.createUser).parameter(0).toEqualTypeOf<CreateUserRequest>();
    expectTypeOf(ecs.describeSecurityGroups).returns.toEqualTypeOf<
      Promise<DescribeSecurityGroupsResponseBody>
    >();
    // RegionId is the client's unless given: optional even where the API requires it.
    expectTypeOf<{ RegionId?: string }>().toMatchTypeOf<Parameters<typeof vpc.describeVpcs>[0]>();
    expect(cs).toBeInstanceOf(RoaClient);
    expect(vpc).toBeInstanceOf(RpcClient);
    await Promise.all([vpc, cms, cs, sts, rds, bss, ram, ecs].map((c) => c.shutdown()));
  });
});

describe('generated clients: bad input is refused before anything is sent', () => {
  let server: ServedFetch;
  let sent = 0;
  let config: Config;
  beforeAll(async () => {
    server = await serveFetch(() => {
      sent++;
      return Response.json({ RequestId: 'R' });
    });
    config = new Config().withEndpoint(server.url).withAutoRetry(false);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    sent = 0;
  });

  const refusal = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClientError);
    return error as ClientError;
  };

  it('names a parameter of the wrong primitive type and what it takes (RPC and ROA)', async () => {
    const vpc = new VpcClient('cn-hangzhou', config, credential);
    const cs = new CsClient('cn-hangzhou', config, credential);
    const wrong = await refusal(vpc.describeVpcs({ PageSize: '10' as unknown as number }));
    expect(wrong.code).toBe('SDK.InvalidParam');
    expect(wrong.message).toContain('PageSize');
    expect(wrong.message).toContain('a number');
    expect(wrong.message).not.toContain('10'); // a value may be a secret (a Password): never shown
    const roa = await refusal(cs.describeClustersV1({ page_size: true as unknown as number }));
    expect(roa.message).toContain('page_size');
    const list = await refusal(vpc.describeVpcs({ VpcId: ['vpc-1'] as unknown as string }));
    expect(list.message).toContain('VpcId');
    expect(sent).toBe(0);
    await Promise.all([vpc.shutdown(), cs.shutdown()]);
  });

  it('asks for a missing required parameter by name (SDK.MissingParam), a path parameter too', async () => {
    const cms = new CmsClient('cn-hangzhou', config, credential);
    const cs = new CsClient('cn-hangzhou', config, credential);
    const missing = await refusal(cms.describeMetricList({ Namespace: 'acs_ecs_dashboard' } as never));
    expect([missing.code, missing.message]).toEqual([
      'SDK.MissingParam',
      'DescribeMetricList needs the parameter MetricName.',
    ]);
    const path = await refusal(cs.describeClusterDetail({} as never));
    expect([path.code, path.message]).toEqual([
      'SDK.MissingParam',
      'DescribeClusterDetail needs the parameter ClusterId.',
    ]);
    expect(sent).toBe(0);
    await Promise.all([cms.shutdown(), cs.shutdown()]);
  });

  it('refuses an action name that is no API name on RpcClient and RoaClient', async () => {
    const rpc = new RpcClient({
      product: 'vpc',
      version: '2016-04-28',
      regionId: 'cn-hangzhou',
      config,
      credential,
    });
    const roa = new RoaClient({
      product: 'cs',
      version: '2015-12-15',
      regionId: 'cn-hangzhou',
      config,
      credential,
    });
    for (const action of ['Describe Vpcs', '../DescribeVpcs', 'DescribeVpcs?x=1', '1Describe']) {
      const a = await refusal(rpc.request(action, {}));
      expect([a.code, a.message]).toEqual(['SDK.InvalidParam', expect.stringContaining('action')]);
      const b = await refusal(roa.request(action, { method: 'GET', pathname: '/clusters' }));
      expect([b.code, b.message]).toEqual(['SDK.InvalidParam', expect.stringContaining('action')]);
    }
    expect(sent).toBe(0);
    await Promise.all([rpc.shutdown(), roa.shutdown()]);
  });

  it('sends one generated ClientToken per call, kept for the call and fresh for the next (RPC and ROA body)', async () => {
    const tokens: string[] = [];
    const recorder = await serveFetch(async (request) => {
      const url = new URL(request.url);
      const body = await request.text();
      tokens.push(
        url.searchParams.get('ClientToken') ??
          (body
            ? ((JSON.parse(body) as { client_token?: string; clientToken?: string }).clientToken ?? '')
            : ''),
      );
      return Response.json({ RequestId: 'R' });
    });
    const c = new Config().withEndpoint(recorder.url);
    const vpc = new VpcClient('cn-hangzhou', c, credential);
    await vpc.createVpc({});
    await vpc.createVpc({});
    await vpc.createVpc({ ClientToken: 'mine' });
    const cs = new CsClient('cn-hangzhou', c, credential);
    await cs.runClusterInspect({ clusterId: 'c-1' });
    await cs.runClusterInspect({ clusterId: 'c-1' });
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(tokens[2]).toBe('mine');
    expect(tokens[3]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[4]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[3]).not.toBe(tokens[4]);
    await Promise.all([vpc.shutdown(), cs.shutdown()]);
    await recorder.close();
  });
});

describe('generated clients: what they fill in, and retry as safe', () => {
  it('fills an RPC action’s regionId (spelled so in a few ECS actions) from the client', async () => {
    const seen: string[] = [];
    const server = await serveFetch((request) => {
      seen.push(new URL(request.url).searchParams.get('regionId') ?? '');
      return Response.json({ RequestId: 'R' });
    });
    const ecs = new EcsClient('cn-shanghai', new Config().withEndpoint(server.url), credential);
    await ecs.applyAutoSnapshotPolicy({ autoSnapshotPolicyId: 'sp-1', diskIds: '["d-1"]' });
    expect(seen).toEqual(['cn-shanghai']);
    await ecs.shutdown();
    await server.close();
  });

  it('retries a ROA POST that carries a generated clientToken after a 503, with the same token', async () => {
    const tokens: string[] = [];
    const server = await serveFetch(async (request) => {
      tokens.push((JSON.parse(await request.text()) as { clientToken: string }).clientToken);
      return tokens.length === 1
        ? Response.json({ code: 'ServiceUnavailable', message: 'busy', requestId: 'R1' }, { status: 503 })
        : Response.json({ requestId: 'R2' });
    });
    const cs = new CsClient(
      'cn-hangzhou',
      new Config().withEndpoint(server.url).withRetryBackoff(1, 5),
      credential,
    );
    await cs.runClusterInspect({ clusterId: 'c-1' });
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toBe(tokens[0]);
    await cs.shutdown();
    await server.close();
  });
});

describe('generated clients against the fake cloud (loopback, signed)', () => {
  let fake: RunningFakeCloud;
  let config: Config;
  beforeAll(async () => {
    fake = await startFakeCloud({
      seed: 5,
      instancesPerRegion: 4,
      regions: ['cn-hangzhou'],
      checkClock: false,
    });
    config = new Config().withEndpoint(fake.url).withAutoRetry(false);
  });
  afterAll(() => fake.close());

  it('CmsClient gives the CPU series of a seeded instance, VpcClient its VPC', async () => {
    const cms = new CmsClient('cn-hangzhou', config, credential);
    const vpc = new VpcClient('cn-hangzhou', config, credential);
    const instance = fake.cloud.state.listInstances('cn-hangzhou').find((i) => i.Status === 'Running')!;
    const last = await firstValueFrom(
      cms.describeMetricLast$({
        Namespace: 'acs_ecs_dashboard',
        MetricName: 'CPUUtilization',
        Dimensions: JSON.stringify([{ instanceId: instance.InstanceId }]),
      }),
    );
    const points = JSON.parse(last.Datapoints ?? '[]') as { instanceId: string; Average: number }[];
    expect(points.map((p) => p.instanceId)).toEqual([instance.InstanceId]);
    const vpcs = await vpc.describeVpcs({});
    expect(vpcs.Vpcs?.Vpc?.length).toBeGreaterThan(0);
    expect(vpcs.Vpcs?.Vpc?.[0]?.RegionId).toBe('cn-hangzhou');
    await Promise.all([cms.shutdown(), vpc.shutdown()]);
  });

  it('answers a product it does not serve with a clear error, not a hang', async () => {
    const cs = new CsClient('cn-hangzhou', config, credential);
    const error = await cs.describeClusterDetail({ ClusterId: 'c-1' }).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(error?.code).toMatch(/Invalid/);
    await cs.shutdown();
  });
});
