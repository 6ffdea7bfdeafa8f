// alicloud-rx — browser-safe public entry. Explicit named exports only.

export { Config } from './config.js';
export type { FetchLike, Scheme, SignatureAlgorithm } from './config.js';
export type { HttpMethod } from './http/transport.js';

export { ApiClient } from './clients/api-client.js';
export type { ApiClientOptions, Sending } from './clients/api-client.js';
export { RpcClient } from './clients/rpc-client.js';
export type { RpcClientOptions } from './clients/rpc-client.js';
export { RoaClient } from './clients/roa-client.js';
export type { RoaClientOptions, RoaRequest } from './clients/roa-client.js';
export type { CallCallback, CallbackResult } from './clients/call-forms.js';
export type { CallOptions } from './call/call-options.js';
export type { RpcParams, RpcParamValue } from './call/rpc-params.js';
export { flattenParams, MAX_PARAM_DEPTH } from './call/rpc-params.js';
export { DEFAULT_MAX_RETRY_AFTER } from './retry-policy-options.js';
export { isReadOnlyAction } from './call/retry-policy.js';
export type { RetryPolicyOptions } from './retry-policy-options.js';
export { kyTransport } from './http/ky-transport.js';
export { ConnectTimeout, isRedirectStatus, RedirectRefused, ResponseTooLarge } from './http/transport.js';
export type { Transport, TransportRequest, TransportResponse } from './http/transport.js';

export { EcsClient } from './clients/ecs/ecs-client.js';
export type { EcsClientOptions } from './clients/ecs/ecs-client.js';
export { ECS_ACTIONS, ECS_API_VERSION } from './clients/ecs/ecs-actions.js';
export type { EcsActions } from './clients/ecs/ecs-actions.js';
export { ECS_ENDPOINTS } from './clients/ecs/ecs-endpoints.js';
export type { EcsResponse, InstanceStatus, Tag, TagInput } from './clients/ecs/models/common.js';
export type {
  DescribeRegionsRequest,
  DescribeRegionsResponse,
  DescribeZonesRequest,
  DescribeZonesResponse,
  Region,
  Zone,
} from './clients/ecs/models/regions.js';
export type {
  DescribeInstanceStatusRequest,
  DescribeInstanceStatusResponse,
  DescribeInstancesRequest,
  DescribeInstancesResponse,
  Instance,
} from './clients/ecs/models/instances.js';
export type {
  BatchInstancesResponse,
  DeleteInstanceRequest,
  RebootInstanceRequest,
  StartInstanceRequest,
  StartInstancesRequest,
  StopInstanceRequest,
  StopInstancesRequest,
} from './clients/ecs/models/lifecycle.js';
export type { RunInstancesRequest, RunInstancesResponse } from './clients/ecs/models/run-instances.js';
export type { TagResourcesRequest, UntagResourcesRequest } from './clients/ecs/models/tags.js';
export { bindActions, defineActions, serviceClient } from './clients/service-client.js';
export type {
  ActionShapes,
  ActionSpec,
  ActionTable,
  ServiceClient,
  ServiceClientClass,
  ServiceClientDefinition,
  ServiceClientOptions,
  ServiceMethods,
} from './clients/service-client.js';
export type { WithActions } from './clients/define-actions.js';
export { refineActions } from './clients/refine-actions.js';
export type { RefinedActions } from './clients/refine-actions.js';

export { paginate, paginateItems, pageItems } from './operators/paginate.js';
export type { Page, PagedRequest } from './operators/paginate.js';
export { withPool, poolFrom } from './operators/with-pool.js';
export { DEFAULT_POOL_LIMITS } from './operators/pooled-runner.js';
export type { PoolAware } from './operators/pooled-runner.js';

export type { PoolStats } from './pool/pool-stats.js';
export { localBudget } from './budget/local-budget.js';
export type { BudgetRate, LocalBudgetOptions } from './budget/local-budget.js';
export type { Budget, BudgetLease } from './budget/budget.js';
export type { PoolLimits } from './pool/task-pool.js';

export type {
  AttemptEvent,
  CallEvent,
  CallEventBase,
  CallEventType,
  CancelledEvent,
  FailedEvent,
  QueuedEvent,
  ResponseEvent,
  RetryEvent,
  StartedEvent,
  SucceededEvent,
  ThrottledEvent,
} from './events/call-event.js';
export type { Logger } from './events/logger.js';

export { AccessKeyCredential } from './credentials/access-key-credential.js';
export { AnonymousCredential } from './credentials/anonymous-credential.js';
export { StsTokenCredential } from './credentials/sts-token-credential.js';
export { RefreshingCredentialProvider } from './credentials/refreshing-credential-provider.js';
export type { RefreshingCredentialProviderOptions } from './credentials/refreshing-credential-provider.js';
export type { Credential, CredentialProvider } from './credentials/credential.js';

export { checkRegionId, resolveEndpoint } from './endpoint.js';
export type { EndpointRule } from './endpoint.js';

export { SdkError, isSdkError } from './errors/sdk-error.js';
export type { SdkErrorOptions } from './errors/sdk-error.js';
export { ClientError } from './errors/client-error.js';
export type { ClientErrorCode } from './errors/client-error.js';
export { AsyncNotEnabledError } from './errors/async-not-enabled-error.js';
export { QueueFullError } from './errors/queue-full-error.js';
export { ClientClosedError } from './errors/client-closed-error.js';
export { CancelledError } from './errors/cancelled-error.js';
export { TimeoutError } from './errors/timeout-error.js';
export { NetworkError } from './errors/network-error.js';
export { ServerError } from './errors/server-error.js';
export type { ServerErrorDetails } from './errors/server-error.js';
export { ThrottlingError } from './errors/throttling-error.js';
export type { ThrottlingErrorDetails } from './errors/throttling-error.js';
export { ResponseTooLargeError } from './errors/response-too-large-error.js';
export { CredentialError } from './errors/credential-error.js';
export { BudgetUnavailableError } from './errors/budget-unavailable-error.js';

export { formEncode, percentEncode } from './signing/percent-encode.js';
export { signAcs3 } from './signing/acs3.js';
export type { Acs3Request, SigningCredential } from './signing/acs3.js';
export { signRpcHmacSha1 } from './signing/hmac-sha1.js';

export { VERSION } from './version.js';
