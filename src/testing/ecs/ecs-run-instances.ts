import { EcsApiError, invalidParameter, zoneNotFound } from './ecs-api-error.js';
import { instanceTypeSpec } from './ecs-catalog.js';
import { beginTransition } from './ecs-instance.js';
import type { EcsParams } from './ecs-params.js';
import { endDryRun, integerParam, optional, required, requireRegion, tagsToSet } from './ecs-params.js';
import { serialNumber } from './ecs-seed.js';
import type { EcsState, RegionState, RunInstancesOutcome } from './ecs-state.js';

function outcomeBody(outcome: RunInstancesOutcome): Record<string, unknown> {
  return {
    InstanceIdSets: { InstanceIdSet: [...outcome.instanceIds] },
    OrderId: outcome.orderId,
    TradePrice: outcome.tradePrice,
  };
}

function chooseZone(
  state: EcsState,
  region: RegionState,
  params: EcsParams,
): { zoneId: string; vSwitchId: string } {
  const zoneId = optional(params, 'ZoneId');
  if (zoneId !== undefined && !region.zoneIds.includes(zoneId)) throw zoneNotFound(zoneId);
  const vSwitchId = optional(params, 'VSwitchId');
  if (vSwitchId !== undefined) {
    const zoneOfVSwitch = region.network.zoneOfVSwitch(vSwitchId);
    if (zoneOfVSwitch === undefined)
      throw new EcsApiError(
        'InvalidVSwitchId.NotFound',
        `The specified VSwitchId "${vSwitchId}" does not exist.`,
        404,
      );
    if (zoneId !== undefined && zoneId !== zoneOfVSwitch)
      throw invalidParameter('ZoneId', `It differs from the zone of VSwitchId "${vSwitchId}".`);
    return { zoneId: zoneOfVSwitch, vSwitchId };
  }
  const chosen = zoneId ?? state.rng.pick(region.zoneIds);
  return { zoneId: chosen, vSwitchId: region.network.vSwitches.get(chosen) ?? '' };
}

function checkName(params: EcsParams): string | undefined {
  const name = optional(params, 'InstanceName');
  if (name !== undefined && (name.length < 2 || name.length > 128 || /^https?:\/\//i.test(name)))
    throw new EcsApiError('InvalidInstanceName.Malformed', 'Specified instance name is not valid.');
  return name;
}

/**
 * `RunInstances` (`RegionId`, `InstanceType`, `ImageId`; `Amount` 1–100, `ZoneId`, `VSwitchId`,
 * `SecurityGroupId`, `InstanceName`, `Description`, `HostName`, `InternetMaxBandwidthOut`,
 * `Tag.N.Key/Value`, `ClientToken`, `DryRun`): creates instances that are Pending until the
 * transition time has passed, then Running. A `ClientToken` seen before creates nothing and
 * answers as the first call did.
 */
export function runInstances(state: EcsState, params: EcsParams): Record<string, unknown> {
  const region = requireRegion(state, params);
  const typeName = required(params, 'InstanceType');
  const imageId = required(params, 'ImageId');
  const type = instanceTypeSpec(typeName);
  if (!type)
    throw new EcsApiError(
      'InvalidInstanceType.ValueNotSupported',
      `The specified InstanceType "${typeName}" does not exist or beyond the permitted range.`,
    );
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(imageId)) throw invalidParameter('ImageId');
  const amount = integerParam(params, 'Amount', 1, 100, 1);
  const bandwidthOut = integerParam(params, 'InternetMaxBandwidthOut', 0, 100, 0);
  const { zoneId, vSwitchId } = chooseZone(state, region, params);
  const securityGroup = optional(params, 'SecurityGroupId');
  if (securityGroup !== undefined && !region.network.securityGroups.includes(securityGroup))
    throw new EcsApiError(
      'InvalidSecurityGroupId.NotFound',
      `The specified SecurityGroupId "${securityGroup}" does not exist.`,
      404,
    );
  const name = checkName(params);
  const tags = tagsToSet(params);
  const clientToken = optional(params, 'ClientToken');
  if (clientToken !== undefined && !/^[\x21-\x7e]{1,64}$/.test(clientToken))
    throw invalidParameter('ClientToken', 'It must be at most 64 ASCII characters.');
  endDryRun(params);

  const seen = clientToken === undefined ? undefined : state.clientTokenOutcome(clientToken);
  if (seen) return outcomeBody(seen);
  const now = state.now();
  const ids: string[] = [];
  for (let i = 0; i < amount; i++) {
    const instanceId = state.unusedInstanceId(state.rng, region.spec);
    const suffix = amount > 1 ? `-${String(i + 1).padStart(3, '0')}` : '';
    const description = optional(params, 'Description');
    const hostName = optional(params, 'HostName');
    const record = state.add({
      instanceId,
      name: name === undefined ? instanceId : `${name}${suffix}`,
      ...(description === undefined ? {} : { description }),
      ...(hostName === undefined ? {} : { hostName: `${hostName}${suffix}` }),
      region: region.spec,
      zoneId,
      type,
      imageId,
      status: 'Pending',
      createdAt: now,
      privateIp: region.network.allocatePrivateIp(),
      ...(bandwidthOut > 0 ? { publicIp: region.network.allocatePublicIp() } : {}),
      bandwidthOut,
      vpcId: region.network.vpcId,
      vSwitchId,
      securityGroupIds: [securityGroup ?? region.network.securityGroups[0] ?? ''],
      tags,
      serialNumber: serialNumber(state.rng),
    });
    beginTransition(record, 'Pending', 'Running', now, state.transitionMs);
    ids.push(instanceId);
  }
  const outcome: RunInstancesOutcome = {
    instanceIds: ids,
    orderId: String(state.rng.int(1, 9)) + state.rng.chars(14, '0123456789'),
    tradePrice: Math.round(type.hourlyPrice * amount * 1000) / 1000,
  };
  if (clientToken !== undefined) state.rememberClientToken(clientToken, outcome);
  return outcomeBody(outcome);
}
