import type { ActionTable } from '../service-client.js';
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

/** ECS API version these actions belong to. */
export const ECS_API_VERSION = '2014-05-26';

/** Request and response types of every ECS action the client offers. */
export type EcsActions = {
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
 * The table `EcsClient` is built from. To add an action: add its request/response types to
 * `models/`, a line to {@link EcsActions}, and a row here.
 */
export const ECS_ACTIONS: ActionTable<EcsActions> = {
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
