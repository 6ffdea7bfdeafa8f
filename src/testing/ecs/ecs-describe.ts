import { zoneNotFound } from './ecs-api-error.js';
import { INSTANCE_TYPES, zoneLocalName } from './ecs-catalog.js';
import type { EcsParams } from './ecs-params.js';
import { integerParam, optional, repeated, requireRegion } from './ecs-params.js';
import type { EcsState } from './ecs-state.js';

/** `DescribeRegions`: every region this cloud serves, with its endpoint. */
export function describeRegions(state: EcsState): Record<string, unknown> {
  return {
    Regions: {
      Region: state.regionIds().map((id) => ({
        RegionId: id,
        LocalName: state.region(id)?.spec.localName ?? id,
        RegionEndpoint: `ecs.${id}.aliyuncs.com`,
        Status: 'available',
      })),
    },
  };
}

/** `DescribeZones`: the zones of `RegionId`, each offering every known instance type. */
export function describeZones(state: EcsState, params: EcsParams): Record<string, unknown> {
  const region = requireRegion(state, params);
  return {
    Zones: {
      Zone: region.zoneIds.map((zoneId) => ({
        ZoneId: zoneId,
        LocalName: zoneLocalName(region.spec, zoneId),
        ZoneType: 'AvailabilityZone',
        AvailableResourceCreation: { ResourceTypes: ['Instance', 'Disk', 'VSwitch'] },
        AvailableInstanceTypes: { InstanceTypes: INSTANCE_TYPES.map((t) => t.type) },
      })),
    },
  };
}

/**
 * `DescribeInstanceStatus`: the status of the region's instances, in creation order, paged by
 * `PageNumber` (from 1) and `PageSize` (1–50, default 10); `InstanceId.N` (up to 100) and
 * `ZoneId` narrow it.
 */
export function describeInstanceStatus(state: EcsState, params: EcsParams): Record<string, unknown> {
  const region = requireRegion(state, params);
  const pageNumber = integerParam(params, 'PageNumber', 1, Number.MAX_SAFE_INTEGER, 1);
  const pageSize = integerParam(params, 'PageSize', 1, 50, 10);
  const ids = repeated(params, 'InstanceId', 100);
  const zoneId = optional(params, 'ZoneId');
  if (zoneId !== undefined && !region.zoneIds.includes(zoneId)) throw zoneNotFound(zoneId);
  const matching = state
    .records(region.spec.id)
    .filter(
      (r) => (ids.length === 0 || ids.includes(r.data.InstanceId)) && (!zoneId || r.data.ZoneId === zoneId),
    );
  const start = (pageNumber - 1) * pageSize;
  return {
    TotalCount: matching.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    InstanceStatuses: {
      InstanceStatus: matching
        .slice(start, start + pageSize)
        .map((r) => ({ InstanceId: r.data.InstanceId, Status: r.data.Status })),
    },
  };
}
