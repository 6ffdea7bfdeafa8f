// ECS endpoints resolve exactly as the official SDK (@alicloud/ecs20140526) resolves them: for
// every region in its map, and for regions outside it (its regional rule).
import EcsModule from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { EcsClient } from '../../../src/clients/ecs/ecs-client.js';
import { ECS_ENDPOINTS } from '../../../src/clients/ecs/ecs-endpoints.js';
import { Config } from '../../../src/config.js';
import { AccessKeyCredential } from '../../../src/credentials/access-key-credential.js';
import { REGIONS } from '../../../src/testing/ecs/ecs-catalog.js';

// The package is CommonJS: a default import is its `module.exports`, whose `default` is the client.
const OfficialEcs = EcsModule.default;

function officialEndpoint(regionId: string): string {
  const client = new OfficialEcs(
    new $OpenApiUtil.Config({ accessKeyId: 'a', accessKeySecret: 'b', regionId }),
  );
  return (client as unknown as { _endpoint: string })._endpoint;
}

describe('ECS endpoints', () => {
  const credential = new AccessKeyCredential('a', 'b');
  const ours = (regionId: string, config = new Config()) =>
    new EcsClient(regionId, config, credential).endpoint;
  const mapped = Object.keys(ECS_ENDPOINTS.map ?? {});
  const plain = REGIONS.map((r) => r.id).filter((id) => !mapped.includes(id));

  it('covers the official map (35 regions) and plain regions besides', () => {
    expect(mapped.length).toBeGreaterThanOrEqual(35);
    expect(plain.length).toBeGreaterThan(10);
  });

  it.each([...mapped, ...plain])('%s: the official SDK’s host, over https', (regionId) => {
    expect(ours(regionId)).toBe(`https://${officialEndpoint(regionId)}`);
  });

  it('keeps withEndpoint and withScheme first, and forRegion follows the map', () => {
    expect(ours('cn-wuhan', new Config().withEndpoint('http://127.0.0.1:9'))).toBe('http://127.0.0.1:9');
    expect(ours('cn-wuhan', new Config().withScheme('http'))).toBe('http://ecs.aliyuncs.com');
    const client = new EcsClient('cn-shanghai', new Config(), credential);
    expect(client.endpoint).toBe('https://ecs.cn-shanghai.aliyuncs.com');
    expect(client.forRegion('cn-hangzhou').endpoint).toBe('https://ecs-cn-hangzhou.aliyuncs.com');
  });
});

describe('resolveEndpoint with a rule', () => {
  it('uses the central rule, and refuses a rule it does not know (a typo would silently go regional)', async () => {
    const { resolveEndpoint } = await import('../../../src/endpoint.js');
    expect(resolveEndpoint('sts', 'cn-beijing', new Config(), { rule: 'central' })).toBe(
      'https://sts.aliyuncs.com',
    );
    expect(() => resolveEndpoint('sts', 'cn-beijing', new Config(), { rule: 'Central' as never })).toThrow(
      `Invalid value for endpoints.rule: got "Central"; expected 'regional' or 'central'.`,
    );
    // An inherited key is no region.
    expect(resolveEndpoint('ecs', 'constructor', new Config(), ECS_ENDPOINTS)).toBe(
      'https://ecs.constructor.aliyuncs.com',
    );
  });
});
