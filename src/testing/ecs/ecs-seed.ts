import type { InstanceTypeSpec, RegionSpec } from './ecs-catalog.js';
import { IMAGES, INSTANCE_TYPES, imageSpec, zoneIdsOf } from './ecs-catalog.js';
import type { EcsInstance, EcsInstanceStatus, EcsTag } from './ecs-instance.js';
import { POSTPAID_EXPIRED_TIME, ecsTime } from './ecs-instance.js';
import type { RegionNetwork } from './ecs-network.js';
import type { Prng } from './prng.js';

/** What it takes to describe a new instance; everything else follows from these. */
export interface InstanceBlueprint {
  readonly instanceId: string;
  readonly name: string;
  readonly description?: string;
  readonly hostName?: string;
  readonly region: RegionSpec;
  readonly zoneId: string;
  readonly type: InstanceTypeSpec;
  readonly imageId: string;
  readonly status: EcsInstanceStatus;
  readonly createdAt: number;
  readonly privateIp: string;
  readonly publicIp?: string;
  readonly bandwidthOut: number;
  readonly vpcId: string;
  readonly vSwitchId: string;
  readonly securityGroupIds: readonly string[];
  readonly tags: readonly EcsTag[];
  readonly serialNumber: string;
}

/** The wire-shaped instance a blueprint describes. */
export function buildInstance(b: InstanceBlueprint): EcsInstance {
  const image = imageSpec(b.imageId);
  const created = ecsTime(b.createdAt);
  return {
    InstanceId: b.instanceId,
    InstanceName: b.name,
    Description: b.description ?? '',
    HostName: b.hostName ?? `iZ${b.instanceId.slice(2)}Z`,
    RegionId: b.region.id,
    ZoneId: b.zoneId,
    Status: b.status,
    InstanceType: b.type.type,
    InstanceTypeFamily: b.type.family,
    Cpu: b.type.cpu,
    Memory: b.type.memory,
    ImageId: b.imageId,
    OSName: image.osName,
    OSNameEn: image.osNameEn,
    OSType: image.osType,
    CreationTime: created,
    StartTime: created,
    ExpiredTime: POSTPAID_EXPIRED_TIME,
    InstanceChargeType: 'PostPaid',
    InternetChargeType: 'PayByTraffic',
    InternetMaxBandwidthIn: b.publicIp === undefined ? 0 : 100,
    InternetMaxBandwidthOut: b.bandwidthOut,
    InstanceNetworkType: 'vpc',
    IoOptimized: true,
    DeletionProtection: false,
    StoppedMode: b.status === 'Stopped' ? 'KeepCharging' : 'Not-applicable',
    SerialNumber: b.serialNumber,
    VpcAttributes: {
      VpcId: b.vpcId,
      VSwitchId: b.vSwitchId,
      NatIpAddress: '',
      PrivateIpAddress: { IpAddress: [b.privateIp] },
    },
    PublicIpAddress: { IpAddress: b.publicIp === undefined ? [] : [b.publicIp] },
    InnerIpAddress: { IpAddress: [] },
    SecurityGroupIds: { SecurityGroupId: [...b.securityGroupIds] },
    Tags: { Tag: b.tags.map((tag) => ({ ...tag })) },
  };
}

/** A serial number in the UUID form ECS uses. */
export function serialNumber(rng: Prng): string {
  const hex = '0123456789abcdef';
  return [8, 4, 4, 4, 12].map((n) => rng.chars(n, hex)).join('-');
}

const NAME_PREFIXES = ['web', 'api', 'batch', 'worker', 'db', 'cache'] as const;
const TEAMS = ['payments', 'search', 'data', 'platform', 'growth'] as const;
/** 2023-01-01T00:00Z: seeded instances are created after it, in order. */
const SEED_EPOCH = Date.UTC(2023, 0, 1);

function seedTags(rng: Prng): EcsTag[] {
  const roll = rng.next();
  const env = roll < 0.4 ? 'prod' : roll < 0.7 ? 'staging' : 'dev';
  const tags: EcsTag[] = [{ TagKey: 'env', TagValue: env }];
  if (rng.chance(0.8)) tags.push({ TagKey: 'team', TagValue: rng.pick(TEAMS) });
  if (rng.chance(0.25)) tags.push({ TagKey: 'auto-stop', TagValue: 'true' });
  return tags;
}

/**
 * The blueprints of a region's seeded instances, drawn from its own generator so a region
 * looks the same whichever other regions the cloud holds. `newId` must return unused ids.
 */
export function seedBlueprints(
  rng: Prng,
  region: RegionSpec,
  network: RegionNetwork,
  count: number,
  newId: () => string,
): InstanceBlueprint[] {
  const zones = zoneIdsOf(region);
  const counters = new Map<string, number>();
  let createdAt = SEED_EPOCH + rng.int(0, 30) * 86_400_000;
  const out: InstanceBlueprint[] = [];
  for (let i = 0; i < count; i++) {
    createdAt += rng.int(30, 2 * 24 * 60) * 60_000;
    const prefix = rng.pick(NAME_PREFIXES);
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    const zoneId = rng.pick(zones);
    const hasPublicIp = rng.chance(0.3);
    const securityGroupIds = rng.chance(0.2) ? network.securityGroups : network.securityGroups.slice(0, 1);
    out.push({
      instanceId: newId(),
      name: `${prefix}-${String(n).padStart(3, '0')}`,
      region,
      zoneId,
      type: rng.pick(INSTANCE_TYPES),
      imageId: rng.pick(IMAGES).imageId,
      status: rng.chance(0.6) ? 'Running' : 'Stopped',
      createdAt,
      privateIp: network.allocatePrivateIp(),
      ...(hasPublicIp ? { publicIp: network.allocatePublicIp() } : {}),
      bandwidthOut: hasPublicIp ? rng.pick([5, 10, 100]) : 0,
      vpcId: network.vpcId,
      vSwitchId: network.vSwitches.get(zoneId) ?? '',
      securityGroupIds,
      tags: seedTags(rng),
      serialNumber: serialNumber(rng),
    });
  }
  return out;
}
