import { invalidParameter, missingParameter, regionNotFound } from '../ecs/ecs-api-error.js';
import { runAction, type ActionHandler } from '../action-handlers.js';
import type { EcsState, RegionState } from '../ecs/ecs-state.js';

/** The VPC API version the fake cloud speaks. */
export const VPC_VERSION = '2016-04-28';

const FIXED_CREATION_TIME = '2024-01-01T00:00:00Z';

function regionOf(state: EcsState, params: Readonly<Record<string, string>>): RegionState {
  const regionId = params.RegionId;
  if (!regionId) throw missingParameter('RegionId');
  const region = state.region(regionId);
  if (!region) throw regionNotFound(regionId);
  return region;
}

/** `PageNumber` (from 1) and `PageSize` (1–50, default 10), as the VPC API pages. */
function paged<T>(items: readonly T[], params: Readonly<Record<string, string>>) {
  const digits = (value: string | undefined, fallback: number) =>
    value === undefined || value === '' ? fallback : /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  const pageNumber = digits(params.PageNumber, 1);
  const pageSize = digits(params.PageSize, 10);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw invalidParameter('PageNumber');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50)
    throw invalidParameter('PageSize', 'Use an integer from 1 to 50.');
  const page = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return { TotalCount: items.length, PageNumber: pageNumber, PageSize: pageSize, page };
}

/** The seeded vSwitches of a region, in zone order, as `DescribeVSwitches` lists them. */
function vSwitchesOf(region: RegionState) {
  const network = region.network;
  return [...network.vSwitches].map(([zoneId, vSwitchId], i) => ({
    VSwitchId: vSwitchId,
    VpcId: network.vpcId,
    Status: 'Available',
    CidrBlock: `172.${16 + (i >> 4)}.${(i & 15) * 16}.0/20`, // 16 zones to each /16
    ZoneId: zoneId,
    AvailableIpAddressCount: 4091,
    VSwitchName: `vsw-${zoneId}`,
    IsDefault: false,
    CreationTime: FIXED_CREATION_TIME,
  }));
}

/** `DescribeVpcs`: the region's one VPC, filtered by `VpcId` when given. */
function describeVpcs(state: EcsState, params: Readonly<Record<string, string>>): Record<string, unknown> {
  const region = regionOf(state, params);
  const network = region.network;
  const vpcs = [
    {
      VpcId: network.vpcId,
      RegionId: region.spec.id,
      Status: 'Available',
      VpcName: `vpc-${region.spec.id}`,
      CidrBlock: '172.16.0.0/12',
      VSwitchIds: { VSwitchId: [...network.vSwitches.values()] },
      IsDefault: false,
      CreationTime: FIXED_CREATION_TIME,
    },
  ].filter((vpc) => !params.VpcId || params.VpcId.split(',').includes(vpc.VpcId));
  const { page, ...counts } = paged(vpcs, params);
  return { ...counts, Vpcs: { Vpc: page } };
}

/** `DescribeVSwitches`: the region's vSwitches, filtered by `VpcId`, `ZoneId` and `VSwitchId`. */
function describeVSwitches(
  state: EcsState,
  params: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const region = regionOf(state, params);
  const vSwitches = vSwitchesOf(region).filter(
    (v) =>
      (!params.VpcId || v.VpcId === params.VpcId) &&
      (!params.ZoneId || v.ZoneId === params.ZoneId) &&
      (!params.VSwitchId || v.VSwitchId === params.VSwitchId),
  );
  const { page, ...counts } = paged(vSwitches, params);
  return { ...counts, VSwitches: { VSwitch: page } };
}

const HANDLERS: Readonly<Record<string, ActionHandler>> = {
  DescribeVpcs: describeVpcs,
  DescribeVSwitches: describeVSwitches,
};

/** The VPC actions {@link handleVpcAction} implements. */
export const VPC_ACTIONS: readonly string[] = Object.keys(HANDLERS);

/**
 * Runs one VPC (2016-04-28) action over the seeded network of the ECS state (one VPC per region,
 * a vSwitch per zone: the ones the seeded instances sit in). Any other action is
 * `InvalidAction.NotFound`, as the service answers.
 *
 * @example
 * handleVpcAction(state, 'DescribeVSwitches', { RegionId: 'cn-hangzhou', ZoneId: 'cn-hangzhou-k' });
 */
export function handleVpcAction(
  state: EcsState,
  action: string,
  params: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return runAction(HANDLERS, state, action, params);
}
