// alicloud-rx — browser-safe public entry. Explicit named exports only.

export { Config } from './config.js';
export type { FetchLike, Scheme, SignatureAlgorithm } from './config.js';

export { RpcClient } from './clients/rpc-client.js';
export type { RpcClientOptions } from './clients/rpc-client.js';
export type { CallCallback, CallbackResult } from './clients/call-forms.js';
export type { CallOptions } from './call/call-options.js';
export type { RpcParams, RpcParamValue } from './call/rpc-params.js';
export { flattenParams } from './call/rpc-params.js';
export { isReadOnlyAction } from './call/retry-policy.js';

export type { PoolStats } from './pool/pool-stats.js';
export type { PoolLimits } from './pool/task-pool.js';

export { AccessKeyCredential } from './credentials/access-key-credential.js';
export { StsTokenCredential } from './credentials/sts-token-credential.js';
export type { Credential, CredentialProvider } from './credentials/credential.js';

export { checkRegionId, resolveEndpoint } from './endpoint.js';

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

export { percentEncode } from './signing/percent-encode.js';
export { signAcs3 } from './signing/acs3.js';
export type { Acs3Request, SigningCredential } from './signing/acs3.js';
export { signRpcHmacSha1 } from './signing/hmac-sha1.js';
export { signRoaHmacSha1 } from './signing/roa-hmac-sha1.js';
export type { RoaRequest } from './signing/roa-hmac-sha1.js';

export { VERSION } from './version.js';
