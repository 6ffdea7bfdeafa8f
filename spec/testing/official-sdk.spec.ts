// The official Alibaba Cloud SDK (@alicloud/ecs20140526 on @alicloud/openapi-core) against the fake
// cloud on loopback: whatever the real service accepts from it, the fake must accept too.
import EcsModule, { DescribeInstancesRequest, DescribeRegionsRequest } from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { createFakeCloud } from '../../src/testing/fake-cloud.js';
import { serveFetch, startFakeCloud, type RunningFakeCloud } from '../../src/testing/server.js';
import { STS_TOKEN } from './fake-cloud-helpers.js';

// The package is CommonJS: a default import is its `module.exports`, whose `default` is the client.
const EcsClient = EcsModule.default;
type OfficialClient = InstanceType<typeof EcsClient>;

interface Setup {
  /** `v2` selects RPC HMAC-SHA1; unset is the SDK's default, ACS3-HMAC-SHA256. */
  signatureAlgorithm?: string;
  securityToken?: string;
  accessKeySecret?: string;
}

function officialClient(url: string, setup: Setup = {}): OfficialClient {
  return new EcsClient(
    new $OpenApiUtil.Config({
      accessKeyId: 'testid',
      accessKeySecret: setup.accessKeySecret ?? 'testsecret',
      ...(setup.securityToken ? { securityToken: setup.securityToken } : {}),
      ...(setup.signatureAlgorithm ? { signatureAlgorithm: setup.signatureAlgorithm } : {}),
      endpoint: new URL(url).host,
      protocol: 'http',
      regionId: 'cn-hangzhou',
      readTimeout: 5000,
      connectTimeout: 5000,
    }),
  );
}

const SETUPS: [string, Setup][] = [
  ['its default ACS3 signature', {}],
  ["signatureAlgorithm 'v2' (RPC HMAC-SHA1)", { signatureAlgorithm: 'v2' }],
  ['an STS token, signed with ACS3', { securityToken: STS_TOKEN }],
  ['an STS token, signed with RPC HMAC-SHA1', { securityToken: STS_TOKEN, signatureAlgorithm: 'v2' }],
];

describe('the official ECS SDK against startFakeCloud()', () => {
  let fake: RunningFakeCloud;
  beforeAll(async () => {
    fake = await startFakeCloud();
  });
  afterAll(() => fake.close());

  describe.each(SETUPS)('with %s', (_name, setup) => {
    it('lists the regions with DescribeRegions', async () => {
      const response = await officialClient(fake.url, setup).describeRegions(new DescribeRegionsRequest({}));
      expect(response.statusCode).toBe(200);
      const ids = (response.body?.regions?.region ?? []).map((r) => r.regionId);
      expect(ids).toEqual(fake.cloud.state.regionIds());
      expect(ids).toContain('cn-hangzhou');
    });

    it('pages through every instance of a region by NextToken and MaxResults', async () => {
      const client = officialClient(fake.url, setup);
      const seen: string[] = [];
      const pages: number[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < 20; page++) {
        const { body } = await client.describeInstances(
          new DescribeInstancesRequest({ regionId: 'cn-hangzhou', maxResults: 30, nextToken }),
        );
        const instances = body?.instances?.instance ?? [];
        pages.push(instances.length);
        seen.push(...instances.map((i) => i.instanceId ?? ''));
        expect(body?.totalCount).toBe(100);
        nextToken = body?.nextToken;
        if (!nextToken) break;
      }
      expect(pages).toEqual([30, 30, 30, 10]);
      expect(new Set(seen).size).toBe(100);
      expect(seen).toEqual(fake.cloud.state.listInstances('cn-hangzhou').map((i) => i.InstanceId));
    });

    it('pages through the same instances by PageNumber and PageSize', async () => {
      const client = officialClient(fake.url, setup);
      const seen: string[] = [];
      for (const pageNumber of [1, 2, 3]) {
        const { body } = await client.describeInstances(
          new DescribeInstancesRequest({ regionId: 'cn-hangzhou', pageNumber, pageSize: 40 }),
        );
        expect(body).toMatchObject({ pageNumber, pageSize: 40, totalCount: 100 });
        seen.push(...(body?.instances?.instance ?? []).map((i) => i.instanceId ?? ''));
      }
      expect(seen).toHaveLength(100);
      expect(seen).toEqual(fake.cloud.state.listInstances('cn-hangzhou').map((i) => i.InstanceId));
    });

    it('refuses a wrong secret with SignatureDoesNotMatch', async () => {
      const client = officialClient(fake.url, { ...setup, accessKeySecret: 'not-the-secret' });
      const error: unknown = await client.describeRegions(new DescribeRegionsRequest({})).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
    });
  });
});

describe('the official ECS SDK, seen on the wire', () => {
  const seen: { scheme: string; token: string | null }[] = [];
  const cloud = createFakeCloud();
  let server: Awaited<ReturnType<typeof serveFetch>>;
  beforeAll(async () => {
    server = await serveFetch((request) => {
      const authorization = request.headers.get('authorization') ?? '';
      const url = new URL(request.url);
      seen.push({
        scheme: authorization.startsWith('ACS3-HMAC-SHA256 ')
          ? 'ACS3'
          : (url.searchParams.get('SignatureMethod') ?? '?'),
        token: request.headers.get('x-acs-security-token') ?? url.searchParams.get('SecurityToken'),
      });
      return cloud.fetch(request);
    });
  });
  afterAll(() => server.close());

  it('really signs with ACS3 by default and with HMAC-SHA1 under v2, carrying the STS token either way', async () => {
    for (const [, setup] of SETUPS) {
      await officialClient(server.url, setup).describeRegions(new DescribeRegionsRequest({}));
    }
    expect(seen).toEqual([
      { scheme: 'ACS3', token: null },
      { scheme: 'HMAC-SHA1', token: null },
      { scheme: 'ACS3', token: STS_TOKEN },
      { scheme: 'HMAC-SHA1', token: STS_TOKEN },
    ]);
    expect(cloud.stats.byAction.DescribeRegions).toEqual({ OK: 4 });
  });
});
