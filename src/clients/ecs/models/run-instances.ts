import type { EcsResponse, RegionScoped, TagInput } from './common.js';

/**
 * `RunInstances` request. A `ClientToken` is generated when you give none, so a retried call can
 * never create instances twice.
 */
export interface RunInstancesRequest extends RegionScoped {
  InstanceType: string;
  ImageId: string;
  Amount?: number;
  ZoneId?: string;
  InstanceName?: string;
  HostName?: string;
  Description?: string;
  VSwitchId?: string;
  SecurityGroupId?: string;
  InternetMaxBandwidthOut?: number;
  Tag?: TagInput[];
  ClientToken?: string;
  DryRun?: boolean;
}

/** `RunInstances` response. */
export interface RunInstancesResponse extends EcsResponse {
  InstanceIdSets: { InstanceIdSet: string[] };
  OrderId?: string;
  TradePrice?: number;
}
