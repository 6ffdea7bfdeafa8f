import type { HttpMethod } from '../http/transport.js';

/** What every {@link CallEvent} says: which call, of which client, and when. */
export interface CallEventBase {
  /** The call, unique in this process; every event of one call carries the same id. */
  readonly callId: number;
  /** The API name, e.g. `'DescribeInstances'`. */
  readonly action: string;
  /** The client's product code, e.g. `'ecs'`. */
  readonly product: string;
  /** The region of the client that made the call. */
  readonly regionId: string;
  /** When it happened: ms since the epoch, with sub-millisecond precision. */
  readonly time: number;
}

/** The call was subscribed and asks the pool for a slot (every call's first event). */
export interface QueuedEvent extends CallEventBase {
  readonly type: 'queued';
}

/** The call got its slot (and its budget's lease, if any); it is sent next. */
export interface StartedEvent extends CallEventBase {
  readonly type: 'started';
  /** Ms from `queued` to now: waiting in the queue, and for the budget. */
  readonly queueMs: number;
}

/** An attempt was signed and is being sent. */
export interface AttemptEvent extends CallEventBase {
  readonly type: 'attempt';
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
  readonly method: HttpMethod;
  /** The origin the attempt goes to, e.g. `'https://ecs.cn-hangzhou.aliyuncs.com'`. */
  readonly endpoint: string;
}

/** An attempt got an answer (any status). An attempt that got none (timeout, network) has none. */
export interface ResponseEvent extends CallEventBase {
  readonly type: 'response';
  readonly attempt: number;
  /** The HTTP status. */
  readonly status: number;
  /** The service's RequestId, the one to give Alibaba Cloud support. */
  readonly requestId: string | undefined;
  /** Ms from `attempt` to the whole answer read. */
  readonly durationMs: number;
  /** The service's error code, when the answer is an error. */
  readonly code: string | undefined;
}

/** An attempt was throttled (a `Throttling*` code); `retry` or `failed` follows. */
export interface ThrottledEvent extends CallEventBase {
  readonly type: 'throttled';
  readonly attempt: number;
  readonly code: string;
  /** The wait the service asked for (`x-acs-retry-after`), in ms. */
  readonly retryAfterMs: number | undefined;
}

/** An attempt failed and the call will try again after `backoffMs`. */
export interface RetryEvent extends CallEventBase {
  readonly type: 'retry';
  /** The attempt that failed. */
  readonly attempt: number;
  /** Why: the failure's code (`Throttling.User`, `SDK.NetworkError`, `SDK.TimeoutError`, …). */
  readonly code: string;
  /** The HTTP status of the failed attempt, when it got an answer. */
  readonly status: number | undefined;
  readonly backoffMs: number;
}

/** The call ended with a response (its last event). */
export interface SucceededEvent extends CallEventBase {
  readonly type: 'succeeded';
  readonly attempts: number;
  /** Ms from `queued` to now. */
  readonly durationMs: number;
  readonly requestId: string | undefined;
}

/**
 * The call ended with an error (its last event): refused at admission (`attempts` 0), or after
 * its last attempt. `message` is the error's, which never holds a secret.
 */
export interface FailedEvent extends CallEventBase {
  readonly type: 'failed';
  readonly attempts: number;
  readonly durationMs: number;
  readonly code: string;
  readonly message: string;
  /** The HTTP status of the last attempt, when it got an answer. */
  readonly status: number | undefined;
  readonly requestId: string | undefined;
}

/** The call was unsubscribed, or its `signal` aborted, before it ended (its last event). */
export interface CancelledEvent extends CallEventBase {
  readonly type: 'cancelled';
  readonly attempts: number;
  readonly durationMs: number;
}

/**
 * One step of one call, as `client.events$` tells it. Every call has one `queued` first and one
 * of `succeeded`, `failed`, `cancelled` last; in between `started`, then per attempt `attempt`,
 * `response` (when an answer came), `throttled`, and `retry` before the next attempt. No event
 * holds a secret: no credential, signature, header or parameter value.
 *
 * @example
 * import type { CallEvent } from 'alicloud-rx';
 * const line = (e: CallEvent) => (e.type === 'response' ? `${e.action} ${e.status} ${e.requestId}` : e.type);
 */
export type CallEvent =
  | QueuedEvent
  | StartedEvent
  | AttemptEvent
  | ResponseEvent
  | ThrottledEvent
  | RetryEvent
  | SucceededEvent
  | FailedEvent
  | CancelledEvent;

/** The `type`s of {@link CallEvent}. */
export type CallEventType = CallEvent['type'];
