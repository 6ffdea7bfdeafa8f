/** The statuses an ECS instance reports. */
export type EcsInstanceStatus = 'Pending' | 'Running' | 'Starting' | 'Stopping' | 'Stopped';

/** Every status `DescribeInstances` accepts as a `Status` filter. */
export const INSTANCE_STATUSES: readonly EcsInstanceStatus[] = [
  'Pending',
  'Running',
  'Starting',
  'Stopping',
  'Stopped',
];

/** One tag of a resource, as ECS writes it. */
export interface EcsTag {
  TagKey: string;
  TagValue: string;
}

/** An ECS instance exactly as `DescribeInstances` returns it (nested lists are wrapped). */
export interface EcsInstance {
  InstanceId: string;
  InstanceName: string;
  Description: string;
  HostName: string;
  RegionId: string;
  ZoneId: string;
  Status: EcsInstanceStatus;
  InstanceType: string;
  InstanceTypeFamily: string;
  Cpu: number;
  Memory: number;
  ImageId: string;
  OSName: string;
  OSNameEn: string;
  OSType: 'linux' | 'windows';
  /** `YYYY-MM-DDThh:mmZ`. */
  CreationTime: string;
  /** When the instance last started, `YYYY-MM-DDThh:mmZ`. */
  StartTime: string;
  ExpiredTime: string;
  InstanceChargeType: 'PostPaid';
  InternetChargeType: 'PayByTraffic';
  InternetMaxBandwidthIn: number;
  InternetMaxBandwidthOut: number;
  InstanceNetworkType: 'vpc';
  IoOptimized: boolean;
  DeletionProtection: boolean;
  StoppedMode: 'Not-applicable' | 'KeepCharging' | 'StopCharging';
  SerialNumber: string;
  VpcAttributes: {
    VpcId: string;
    VSwitchId: string;
    NatIpAddress: string;
    PrivateIpAddress: { IpAddress: string[] };
  };
  PublicIpAddress: { IpAddress: string[] };
  InnerIpAddress: { IpAddress: string[] };
  SecurityGroupIds: { SecurityGroupId: string[] };
  Tags: { Tag: EcsTag[] };
}

/** The `ExpiredTime` ECS reports for pay-as-you-go instances. */
export const POSTPAID_EXPIRED_TIME = '2099-12-31T15:59Z';

/**
 * The fake cloud's record of one instance: its wire data, the order it was created in, and the
 * transition it is going through (it ends at `until`, epoch ms, in status `to`).
 */
export interface InstanceRecord {
  readonly seq: number;
  readonly data: EcsInstance;
  transition?: { to: EcsInstanceStatus; until: number };
}

/** Formats epoch ms as ECS writes times: `YYYY-MM-DDThh:mmZ` (UTC). */
export function ecsTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 16) + 'Z';
}

/** Finishes a record's transition if `now` is at or past its end; returns the record. */
export function settle(record: InstanceRecord, now: number): InstanceRecord {
  const transition = record.transition;
  if (transition && now >= transition.until) {
    record.data.Status = transition.to;
    if (transition.to === 'Running') {
      record.data.StartTime = ecsTime(transition.until);
      record.data.StoppedMode = 'Not-applicable';
    }
    delete record.transition;
  }
  return record;
}

/** Puts a record into a transitional status that becomes `to` after `durationMs`. */
export function beginTransition(
  record: InstanceRecord,
  status: EcsInstanceStatus,
  to: EcsInstanceStatus,
  now: number,
  durationMs: number,
): void {
  record.data.Status = status;
  record.transition = { to, until: now + durationMs };
}

/** A deep copy of an instance, so callers never share the fake cloud's state. */
export function cloneInstance(instance: EcsInstance): EcsInstance {
  return {
    ...instance,
    VpcAttributes: {
      ...instance.VpcAttributes,
      PrivateIpAddress: { IpAddress: [...instance.VpcAttributes.PrivateIpAddress.IpAddress] },
    },
    PublicIpAddress: { IpAddress: [...instance.PublicIpAddress.IpAddress] },
    InnerIpAddress: { IpAddress: [...instance.InnerIpAddress.IpAddress] },
    SecurityGroupIds: { SecurityGroupId: [...instance.SecurityGroupIds.SecurityGroupId] },
    Tags: { Tag: instance.Tags.Tag.map((tag) => ({ ...tag })) },
  };
}
