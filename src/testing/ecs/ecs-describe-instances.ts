import type { EcsInstance, InstanceRecord } from './ecs-instance.js';
import { INSTANCE_STATUSES, cloneInstance } from './ecs-instance.js';
import { pageByNumber, pageByToken } from './ecs-paging.js';
import type { EcsParams, TagFilter } from './ecs-params.js';
import {
  endDryRun,
  integerParam,
  jsonStrings,
  optional,
  oneOf,
  requireRegion,
  tagFilters,
} from './ecs-params.js';
import type { EcsState } from './ecs-state.js';

type Predicate = (instance: EcsInstance) => boolean;

/** `InstanceName` matching: exact, or with `*` standing for any run of characters. */
export function nameMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (name) => name === pattern;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`, 's');
  return (name) => regex.test(name);
}

function hasTags(filters: readonly TagFilter[]): Predicate {
  return (instance) =>
    filters.every((f) =>
      instance.Tags.Tag.some((t) => t.TagKey === f.key && (f.value === undefined || t.TagValue === f.value)),
    );
}

function equals(params: EcsParams, name: string, read: (i: EcsInstance) => string): Predicate | undefined {
  const wanted = optional(params, name);
  return wanted === undefined ? undefined : (instance) => read(instance) === wanted;
}

function within(params: EcsParams, name: string, read: (i: EcsInstance) => readonly string[]) {
  const wanted = jsonStrings(params, name, 100);
  if (wanted === undefined) return undefined;
  const set = new Set(wanted);
  return (instance: EcsInstance) => read(instance).some((v) => set.has(v));
}

/** The predicates of `DescribeInstances`'s filters (all must hold). @throws for a bad filter. */
export function instanceFilters(params: EcsParams): Predicate[] {
  const predicates: (Predicate | undefined)[] = [
    within(params, 'InstanceIds', (i) => [i.InstanceId]),
    within(params, 'PrivateIpAddresses', (i) => i.VpcAttributes.PrivateIpAddress.IpAddress),
    within(params, 'PublicIpAddresses', (i) => i.PublicIpAddress.IpAddress),
    equals(params, 'ZoneId', (i) => i.ZoneId),
    equals(params, 'InstanceType', (i) => i.InstanceType),
    equals(params, 'InstanceTypeFamily', (i) => i.InstanceTypeFamily),
    equals(params, 'ImageId', (i) => i.ImageId),
    equals(params, 'VpcId', (i) => i.VpcAttributes.VpcId),
    equals(params, 'VSwitchId', (i) => i.VpcAttributes.VSwitchId),
  ];
  if (optional(params, 'Status') !== undefined) {
    const status = oneOf(params, 'Status', INSTANCE_STATUSES, 'Running');
    predicates.push((i) => i.Status === status);
  }
  const name = optional(params, 'InstanceName');
  if (name !== undefined) {
    const matches = nameMatcher(name);
    predicates.push((i) => matches(i.InstanceName));
  }
  const securityGroup = optional(params, 'SecurityGroupId');
  if (securityGroup !== undefined)
    predicates.push((i) => i.SecurityGroupIds.SecurityGroupId.includes(securityGroup));
  const tags = tagFilters(params);
  if (tags.length > 0) predicates.push(hasTags(tags));
  return predicates.filter((p): p is Predicate => p !== undefined);
}

/**
 * `DescribeInstances`: the region's instances that pass every filter, in creation order, one
 * page at a time. `MaxResults` or `NextToken` selects token paging (`MaxResults` 1–100, default
 * 10); otherwise `PageNumber` (from 1) and `PageSize` (1–100, default 10) apply.
 */
export function describeInstances(state: EcsState, params: EcsParams): Record<string, unknown> {
  const region = requireRegion(state, params);
  const filters = instanceFilters(params);
  const tokenMode = optional(params, 'MaxResults') !== undefined || params['NextToken'] !== undefined;
  const maxResults = integerParam(params, 'MaxResults', 1, 100, 10);
  const pageNumber = integerParam(params, 'PageNumber', 1, Number.MAX_SAFE_INTEGER, 1);
  const pageSize = integerParam(params, 'PageSize', 1, 100, 10);
  const token = optional(params, 'NextToken');
  endDryRun(params);
  const regionId = region.spec.id;
  const matching: InstanceRecord[] = state.records(regionId).filter((r) => filters.every((f) => f(r.data)));
  if (tokenMode) {
    const page = pageByToken(matching, regionId, token, maxResults);
    return {
      TotalCount: matching.length,
      NextToken: page.nextToken,
      Instances: { Instance: page.items.map((r) => cloneInstance(r.data)) },
    };
  }
  const page = pageByNumber(matching, regionId, pageNumber, pageSize);
  return {
    TotalCount: matching.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    NextToken: page.nextToken,
    Instances: { Instance: page.items.map((r) => cloneInstance(r.data)) },
  };
}
