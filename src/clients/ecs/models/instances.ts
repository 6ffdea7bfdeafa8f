import type { EcsResponse, InstanceStatus, RegionScoped, Tag, TagInput } from './common.js';

/** An ECS instance as `DescribeInstances` returns it (the commonly used fields; more may come). */
export interface Instance {
  InstanceId: string;
  InstanceName: string;
  RegionId: string;
  ZoneId: string;
  Status: InstanceStatus;
  InstanceType: string;
  Cpu: number;
  Memory: number;
  CreationTime: string;
  ImageId?: string;
  HostName?: string;
  OSName?: string;
  Description?: string;
  InstanceChargeType?: string;
  ExpiredTime?: string;
  VpcAttributes?: { VpcId: string; VSwitchId: string; PrivateIpAddress: { IpAddress: string[] } };
  PublicIpAddress?: { IpAddress: string[] };
  SecurityGroupIds?: { SecurityGroupId: string[] };
  Tags?: { Tag: Tag[] };
}

/**
 * `DescribeInstances` request. Page with `MaxResults` + `NextToken` (preferred) or the older
 * `PageNumber` + `PageSize`. `InstanceIds` is sent as a JSON array string, `Tag` as `Tag.N.Key`.
 */
export interface DescribeInstancesRequest extends RegionScoped {
  MaxResults?: number;
  NextToken?: string;
  PageNumber?: number;
  PageSize?: number;
  InstanceIds?: string[];
  PrivateIpAddresses?: string[];
  PublicIpAddresses?: string[];
  Status?: InstanceStatus;
  InstanceName?: string;
  ZoneId?: string;
  InstanceType?: string;
  InstanceTypeFamily?: string;
  VpcId?: string;
  VSwitchId?: string;
  SecurityGroupId?: string;
  ImageId?: string;
  Tag?: TagInput[];
  DryRun?: boolean;
}

/** `DescribeInstances` response; an empty `NextToken` means the last page. */
export interface DescribeInstancesResponse extends EcsResponse {
  TotalCount: number;
  PageNumber?: number;
  PageSize?: number;
  NextToken?: string;
  Instances: { Instance: Instance[] };
}

/** `DescribeInstanceStatus` request (`InstanceId.N` on the wire). */
export interface DescribeInstanceStatusRequest extends RegionScoped {
  InstanceId?: string[];
  ZoneId?: string;
  PageNumber?: number;
  PageSize?: number;
}

/** `DescribeInstanceStatus` response. */
export interface DescribeInstanceStatusResponse extends EcsResponse {
  TotalCount: number;
  PageNumber: number;
  PageSize: number;
  InstanceStatuses: { InstanceStatus: { InstanceId: string; Status: InstanceStatus }[] };
}
