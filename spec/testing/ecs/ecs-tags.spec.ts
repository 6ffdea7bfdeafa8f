import { handleEcsAction } from '../../../src/testing/ecs/ecs-actions.js';
import type { EcsState } from '../../../src/testing/ecs/ecs-state.js';
import { ecsError, smallState } from './ecs-fixtures.js';

function pick(state: EcsState, n: number): string {
  return state.listInstances('cn-hangzhou')[n]?.InstanceId ?? '';
}

const tagsOf = (state: EcsState, id: string) => state.getInstance(id)?.Tags.Tag;
const region = { RegionId: 'cn-hangzhou', ResourceType: 'instance' };

describe('TagResources', () => {
  it('adds tags to each instance and replaces the value of a key it already has', () => {
    const { state } = smallState();
    const [a, b] = [pick(state, 0), pick(state, 1)];
    const before = tagsOf(state, a) ?? [];
    const body = handleEcsAction(state, 'TagResources', {
      ...region,
      'ResourceId.1': a,
      'ResourceId.2': b,
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'sandbox',
      'Tag.2.Key': 'owner',
      'Tag.2.Value': 'ops',
    });
    expect(body).toEqual({});
    for (const id of [a, b]) {
      expect(tagsOf(state, id)).toContainEqual({ TagKey: 'env', TagValue: 'sandbox' });
      expect(tagsOf(state, id)).toContainEqual({ TagKey: 'owner', TagValue: 'ops' });
    }
    expect(tagsOf(state, a)).toHaveLength(before.length + 1);
  });

  it('makes tagged instances findable by DescribeInstances', () => {
    const { state } = smallState();
    const id = pick(state, 4);
    handleEcsAction(state, 'TagResources', { ...region, 'ResourceId.1': id, 'Tag.1.Key': 'canary' });
    const body = handleEcsAction(state, 'DescribeInstances', {
      RegionId: 'cn-hangzhou',
      'Tag.1.Key': 'canary',
    });
    expect(body['TotalCount']).toBe(1);
  });

  it.each([
    ['MissingParameter', 'ResourceType', { RegionId: 'cn-hangzhou', 'ResourceId.1': 'X', 'Tag.1.Key': 'k' }],
    [
      'InvalidParameter',
      'ResourceType',
      { ...region, ResourceType: 'disk', 'ResourceId.1': 'X', 'Tag.1.Key': 'k' },
    ],
    ['MissingParameter', 'ResourceId.N', { ...region, 'Tag.1.Key': 'k' }],
    ['MissingParameter', 'Tag.N.Key', { ...region, 'ResourceId.1': 'X' }],
    ['InvalidParameter', 'Tag.1.Key', { ...region, 'ResourceId.1': 'X', 'Tag.1.Key': 'acs:x' }],
    [
      'InvalidResourceId.NotFound',
      'i-bp1nothere',
      { ...region, 'ResourceId.1': 'i-bp1nothere', 'Tag.1.Key': 'k' },
    ],
  ])('answers %s about %s', (code, named, params) => {
    const { state } = smallState();
    const resolved = Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, v === 'X' ? pick(state, 0) : v]),
    );
    const error = ecsError(() => handleEcsAction(state, 'TagResources', resolved));
    expect(error.code).toBe(code);
    expect(error.message).toContain(named);
  });

  it('refuses to give an instance more than 20 tags', () => {
    const { state } = smallState();
    const id = pick(state, 0);
    const tags = Object.fromEntries(
      Array.from({ length: 20 }, (_, n) => [
        [`Tag.${n + 1}.Key`, `k${n}`],
        [`Tag.${n + 1}.Value`, 'v'],
      ]).flat(),
    );
    const error = ecsError(() =>
      handleEcsAction(state, 'TagResources', { ...region, 'ResourceId.1': id, ...tags }),
    );
    expect(error.code).toBe('InvalidParameter');
    expect(tagsOf(state, id)?.some((t) => t.TagKey === 'k0')).toBe(false);
  });
});

describe('UntagResources', () => {
  it('removes the named keys', () => {
    const { state } = smallState();
    const id = pick(state, 0);
    handleEcsAction(state, 'UntagResources', {
      ...region,
      'ResourceId.1': id,
      'TagKey.1': 'env',
      'TagKey.2': 'nope',
    });
    expect(tagsOf(state, id)?.some((t) => t.TagKey === 'env')).toBe(false);
  });

  it('removes every tag with All=true and nothing without keys or All', () => {
    const { state } = smallState();
    const id = pick(state, 0);
    const before = tagsOf(state, id);
    expect(handleEcsAction(state, 'UntagResources', { ...region, 'ResourceId.1': id })).toEqual({});
    expect(tagsOf(state, id)).toEqual(before);
    handleEcsAction(state, 'UntagResources', { ...region, 'ResourceId.1': id, All: 'true' });
    expect(tagsOf(state, id)).toEqual([]);
  });

  it('answers errors for a bad region, a bad All and an unknown resource', () => {
    const { state } = smallState();
    const id = pick(state, 0);
    const call = (params: Record<string, string>) => () => handleEcsAction(state, 'UntagResources', params);
    expect(ecsError(call({ ...region, RegionId: 'xx-nowhere-1', 'ResourceId.1': id })).code).toBe(
      'InvalidRegionId.NotFound',
    );
    expect(ecsError(call({ ...region, 'ResourceId.1': id, All: 'sure' })).message).toContain('"All"');
    expect(ecsError(call({ ...region, 'ResourceId.1': 'i-nothere', All: 'true' })).status).toBe(404);
    expect(ecsError(call({ ...region, 'ResourceId.1': id, 'TagKey.21': 'k' })).message).toContain(
      '"TagKey.N"',
    );
  });
});
