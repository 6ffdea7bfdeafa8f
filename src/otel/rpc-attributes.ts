import type { Attributes } from '@opentelemetry/api';
import type { CallEventBase } from '../events/call-event.js';
import {
  ATTR_CLOUD_REGION,
  ATTR_RPC_METHOD,
  ATTR_RPC_SERVICE,
  ATTR_RPC_SYSTEM,
  RPC_SYSTEM_ALIBABA_CLOUD,
} from './attribute-names.js';

/**
 * What every span and metric of a call says of it: `rpc.system`, `rpc.service` (the product),
 * `rpc.method` (the action) and `cloud.region`.
 *
 * @example
 * rpcAttributes(event); // { 'rpc.system': 'alibaba_cloud_openapi', 'rpc.service': 'ecs', 'rpc.method': 'DescribeInstances', 'cloud.region': 'cn-hangzhou' }
 */
export function rpcAttributes(event: CallEventBase): Attributes {
  return {
    [ATTR_RPC_SYSTEM]: RPC_SYSTEM_ALIBABA_CLOUD,
    [ATTR_RPC_SERVICE]: event.product,
    [ATTR_RPC_METHOD]: event.action,
    [ATTR_CLOUD_REGION]: event.regionId,
  };
}
