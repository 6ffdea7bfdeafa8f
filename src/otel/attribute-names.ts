// The attribute names spans and metrics carry: OpenTelemetry's semantic conventions where they
// have a name (RPC, HTTP client, cloud, server, error), `alibaba_cloud.*` for the rest. Written
// here as constants rather than taken from @opentelemetry/semantic-conventions: one dependency less.

/** `'alibaba_cloud_openapi'`, the value of {@link ATTR_RPC_SYSTEM}. */
export const RPC_SYSTEM_ALIBABA_CLOUD = 'alibaba_cloud_openapi';
/** `'alibaba_cloud'`, the value of {@link ATTR_CLOUD_PROVIDER}. */
export const CLOUD_PROVIDER_ALIBABA_CLOUD = 'alibaba_cloud';

export const ATTR_RPC_SYSTEM = 'rpc.system';
/** The product code, e.g. `'ecs'`. */
export const ATTR_RPC_SERVICE = 'rpc.service';
/** The action, e.g. `'DescribeInstances'`. */
export const ATTR_RPC_METHOD = 'rpc.method';
export const ATTR_CLOUD_PROVIDER = 'cloud.provider';
export const ATTR_CLOUD_REGION = 'cloud.region';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_URL_SCHEME = 'url.scheme';
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
export const ATTR_HTTP_REQUEST_RESEND_COUNT = 'http.request.resend_count';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
/** The failure's code: the service's (`Throttling.User`) or the SDK's (`SDK.NetworkError`). */
export const ATTR_ERROR_TYPE = 'error.type';

/** The service's RequestId, the one to give Alibaba Cloud support. */
export const ATTR_REQUEST_ID = 'alibaba_cloud.request_id';
/** How many attempts the call made. */
export const ATTR_ATTEMPTS = 'alibaba_cloud.attempts';
/** Ms the call waited for a pool slot (and its budget's lease). */
export const ATTR_QUEUE_MS = 'alibaba_cloud.queue_ms';
/** `true` on a call (or attempt) unsubscribed or aborted before it ended. */
export const ATTR_CANCELLED = 'alibaba_cloud.cancelled';
/** `true` on a span ended by `uninstrument()` while its call was still running. */
export const ATTR_UNINSTRUMENTED = 'alibaba_cloud.uninstrumented';
/** `succeeded`, `failed` or `cancelled`, on `rpc.client.call.duration`. */
export const ATTR_OUTCOME = 'alibaba_cloud.outcome';
/** On the `throttled` and `retry` span events: the failure's code. */
export const ATTR_CODE = 'alibaba_cloud.code';
/** On the `throttled` span event: the wait the service asked for (`x-acs-retry-after`). */
export const ATTR_RETRY_AFTER_MS = 'alibaba_cloud.retry_after_ms';
/** On the `retry` span event: the attempt that failed. */
export const ATTR_ATTEMPT = 'alibaba_cloud.attempt';
/** On the `retry` span event: the wait before the next attempt. */
export const ATTR_BACKOFF_MS = 'alibaba_cloud.backoff_ms';
