import type { ActionSpec } from '../service-client.js';
import type { EcsResponse } from './models/common.js';
import type {
  DescribeInstanceStatusRequest,
  DescribeInstanceStatusResponse,
  DescribeInstancesRequest,
  DescribeInstancesResponse,
} from './models/instances.js';
import type {
  BatchInstancesResponse,
  DeleteInstanceRequest,
  RebootInstanceRequest,
  StartInstanceRequest,
  StartInstancesRequest,
  StopInstanceRequest,
  StopInstancesRequest,
} from './models/lifecycle.js';
import type {
  DescribeRegionsRequest,
  DescribeRegionsResponse,
  DescribeZonesRequest,
  DescribeZonesResponse,
} from './models/regions.js';
import type { RunInstancesRequest, RunInstancesResponse } from './models/run-instances.js';
import type { TagResourcesRequest, UntagResourcesRequest } from './models/tags.js';

/**
 * The ECS actions whose types are narrowed by hand over the generated ones: required response
 * fields, literal unions (`Status`, `StoppedMode`), and lists where the official model takes JSON
 * text (`InstanceIds`). The generator keeps this file and lays it over its output.
 */
export type EcsRefinedActions = {
  DescribeRegions: { request: DescribeRegionsRequest; response: DescribeRegionsResponse };
  DescribeZones: { request: DescribeZonesRequest; response: DescribeZonesResponse };
  DescribeInstances: { request: DescribeInstancesRequest; response: DescribeInstancesResponse };
  DescribeInstanceStatus: {
    request: DescribeInstanceStatusRequest;
    response: DescribeInstanceStatusResponse;
  };
  StartInstance: { request: StartInstanceRequest; response: EcsResponse };
  StartInstances: { request: StartInstancesRequest; response: BatchInstancesResponse };
  StopInstance: { request: StopInstanceRequest; response: EcsResponse };
  StopInstances: { request: StopInstancesRequest; response: BatchInstancesResponse };
  RebootInstance: { request: RebootInstanceRequest; response: EcsResponse };
  DeleteInstance: { request: DeleteInstanceRequest; response: EcsResponse };
  RunInstances: { request: RunInstancesRequest; response: RunInstancesResponse };
  TagResources: { request: TagResourcesRequest; response: EcsResponse };
  UntagResources: { request: UntagResourcesRequest; response: EcsResponse };
};

/**
 * The rows laid over the generated ones for the actions above (see `refineActions`): lists sent
 * as JSON text, and the parameters these types make required.
 *
 * @example
 * ECS_REFINED.DescribeInstances.json; // ['InstanceIds', 'PrivateIpAddresses', 'PublicIpAddresses']
 */
export const ECS_REFINED: { readonly [K in keyof EcsRefinedActions]: ActionSpec } = {
  DescribeRegions: {},
  DescribeZones: { regionId: true },
  DescribeInstances: { regionId: true, json: ['InstanceIds', 'PrivateIpAddresses', 'PublicIpAddresses'] },
  DescribeInstanceStatus: { regionId: true },
  StartInstance: { required: ['InstanceId'] },
  StartInstances: { regionId: true, required: ['InstanceId'] },
  StopInstance: { required: ['InstanceId'] },
  StopInstances: { regionId: true, required: ['InstanceId'] },
  RebootInstance: { required: ['InstanceId'] },
  DeleteInstance: { required: ['InstanceId'] },
  RunInstances: { regionId: true, clientToken: true, required: ['InstanceType', 'ImageId'] },
  TagResources: { regionId: true, required: ['ResourceType', 'ResourceId', 'Tag'] },
  UntagResources: { regionId: true, required: ['ResourceType', 'ResourceId'] },
};
