import type { EcsResponse } from './common.js';

/** `DescribeRegions` request. */
export interface DescribeRegionsRequest {
  AcceptLanguage?: 'zh-CN' | 'en-US' | 'ja';
  InstanceChargeType?: string;
  ResourceType?: 'instance' | 'disk' | 'reservedinstance' | 'scu';
}

/** One region. */
export interface Region {
  RegionId: string;
  LocalName: string;
  RegionEndpoint: string;
  Status: string;
}

/** `DescribeRegions` response. */
export interface DescribeRegionsResponse extends EcsResponse {
  Regions: { Region: Region[] };
}

/** `DescribeZones` request. */
export interface DescribeZonesRequest {
  /** @default the client's region */
  RegionId?: string;
  AcceptLanguage?: 'zh-CN' | 'en-US' | 'ja';
  InstanceChargeType?: string;
  Verbose?: boolean;
}

/** One zone. */
export interface Zone {
  ZoneId: string;
  LocalName: string;
  AvailableInstanceTypes?: { InstanceTypes: string[] };
}

/** `DescribeZones` response. */
export interface DescribeZonesResponse extends EcsResponse {
  Zones: { Zone: Zone[] };
}
