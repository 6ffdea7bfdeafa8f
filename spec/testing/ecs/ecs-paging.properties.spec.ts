import fc from 'fast-check';
import { handleEcsAction } from '../../../src/testing/ecs/ecs-actions.js';
import { EcsState } from '../../../src/testing/ecs/ecs-state.js';
import { describeInstances, instancesOf, listAllByToken } from './ecs-fixtures.js';

const FILTERS: Record<string, string>[] = [
  {},
  { Status: 'Running' },
  { Status: 'Stopped' },
  { 'Tag.1.Key': 'auto-stop', 'Tag.1.Value': 'true' },
  { 'Tag.1.Key': 'env', 'Tag.1.Value': 'prod', 'Tag.2.Key': 'team' },
  { InstanceName: 'web-*' },
  { ZoneId: 'cn-hangzhou-h' },
  { InstanceType: 'ecs.c7.large' },
  { InstanceName: 'no-such-*' },
];

describe('DescribeInstances paging properties', () => {
  const state = new EcsState({ regions: ['cn-hangzhou'], instancesPerRegion: 160, now: () => 0 });

  function fullList(filter: Record<string, string>): string[] {
    const total = describeInstances(state, filter)['TotalCount'] as number;
    const pages = Math.ceil(total / 100);
    return Array.from({ length: pages }, (_, n) =>
      instancesOf(describeInstances(state, { ...filter, PageNumber: String(n + 1), PageSize: '100' })),
    )
      .flat()
      .map((i) => i.InstanceId);
  }

  it('for any MaxResults and filter, the token pages concatenate to the full filtered list', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.constantFrom(...FILTERS), (max, filter) => {
        const paged = listAllByToken(state, filter, max).map((i) => i.InstanceId);
        expect(paged).toEqual(fullList(filter));
      }),
      { numRuns: 150 },
    );
  });

  it('for any PageSize, the numbered pages concatenate to the full list and report the same TotalCount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (size) => {
        const ids: string[] = [];
        for (let page = 1; ; page++) {
          const body = describeInstances(state, { PageNumber: String(page), PageSize: String(size) });
          expect(body['TotalCount']).toBe(160);
          const got = instancesOf(body);
          ids.push(...got.map((i) => i.InstanceId));
          if (got.length < size || page * size >= 160) break;
        }
        expect(ids).toEqual(state.listInstances().map((i) => i.InstanceId));
      }),
      { numRuns: 60 },
    );
  });

  it('rejects any string that is not a token it issued', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (token) => {
        expect(() =>
          handleEcsAction(state, 'DescribeInstances', { RegionId: 'cn-hangzhou', NextToken: token }),
        ).toThrow(expect.objectContaining({ code: 'InvalidParameter' }));
      }),
    );
  });
});
