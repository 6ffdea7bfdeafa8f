import type { Attributes } from '@opentelemetry/api';
import type { CallEventBase } from '../events/call-event.js';
import type { HttpMethod } from '../http/transport.js';
import {
  ATTR_CLOUD_PROVIDER,
  ATTR_CLOUD_REGION,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_OUTCOME,
  ATTR_RPC_METHOD,
  ATTR_RPC_SERVICE,
  ATTR_RPC_SYSTEM,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_SCHEME,
  CLOUD_PROVIDER_ALIBABA_CLOUD,
  RPC_SYSTEM_ALIBABA_CLOUD,
} from './attribute-names.js';
import { serverOf, type Server } from './server-of.js';

// The attribute sets every call of one kind shares are built once and handed to the SDK as they
// are (frozen: a tracer copies them, a meter may keep them as the key of its data point), rather
// than built per call and per event. Each cache is bounded: past its bound it is emptied and
// refilled, which costs only the building again.
/** Kinds of call (product, region, action) kept. */
const MAX_KINDS = 1024;
/** (endpoint, method) pairs kept per kind of call. */
const MAX_ATTEMPT_KINDS = 16;
/** HTTP statuses kept per (endpoint, method). */
const MAX_STATUSES = 16;

/**
 * A new object with `base`'s attributes, then `more`'s. Not `{ ...base, key: value }`: V8 (Node 20)
 * takes a slow path for a property added after a spread, ~0.7 µs each time (and ~3.5 µs with two
 * spreads) against ~0.1 µs for `Object.assign`; that was most of this module's cost per call.
 */
export function extend(base: Attributes, more: Attributes): Attributes {
  return Object.assign({}, base, more);
}

/** What the spans and metrics of every call of one product, region and action say of it. */
export class CallAttributes {
  readonly product: string;
  readonly action: string;
  readonly regionId: string;
  /** The call span's name, `${product}/${action}`. */
  readonly spanName: string;
  /** `rpc.system`, `rpc.service`, `rpc.method` and `cloud.region`: what every metric of the call has. */
  readonly rpc: Attributes;
  /** The call span's attributes at its start: {@link rpc} and `cloud.provider`. */
  readonly span: Attributes;
  /** `rpc.client.call.duration`'s of a call succeeded. */
  readonly succeeded: Attributes;
  /** `rpc.client.call.duration`'s of a call cancelled. */
  readonly cancelled: Attributes;
  /** By endpoint, then method. */
  readonly #attempts = new Map<string, Map<HttpMethod, AttemptAttributes>>();
  #attemptKinds = 0;
  /** The last one asked for: an attempt's spans and metrics ask for it in turn. */
  #lastAttempt: AttemptAttributes | undefined;

  constructor(event: CallEventBase) {
    this.product = event.product;
    this.action = event.action;
    this.regionId = event.regionId;
    this.spanName = `${event.product}/${event.action}`;
    this.rpc = Object.freeze({
      [ATTR_RPC_SYSTEM]: RPC_SYSTEM_ALIBABA_CLOUD,
      [ATTR_RPC_SERVICE]: event.product,
      [ATTR_RPC_METHOD]: event.action,
      [ATTR_CLOUD_REGION]: event.regionId,
    });
    this.span = Object.freeze(extend(this.rpc, { [ATTR_CLOUD_PROVIDER]: CLOUD_PROVIDER_ALIBABA_CLOUD }));
    this.succeeded = Object.freeze(extend(this.rpc, { [ATTR_OUTCOME]: 'succeeded' }));
    this.cancelled = Object.freeze(extend(this.rpc, { [ATTR_OUTCOME]: 'cancelled' }));
  }

  /** `rpc.client.call.duration`'s of a call failed with `code`. */
  failed(code: string): Attributes {
    return extend(this.rpc, { [ATTR_OUTCOME]: 'failed', [ATTR_ERROR_TYPE]: code });
  }

  /** `http.client.request.duration`'s of an answer to an attempt not seen (never the case: an attempt precedes its answer). */
  response(status: number, code: string | undefined): Attributes {
    const attributes = extend(this.rpc, { [ATTR_HTTP_RESPONSE_STATUS_CODE]: status });
    if (code !== undefined) attributes[ATTR_ERROR_TYPE] = code;
    return attributes;
  }

  /** `alibaba_cloud.client.throttled`'s of an answer with a `Throttling*` `code`. */
  throttled(code: string): Attributes {
    return extend(this.rpc, { [ATTR_ERROR_TYPE]: code });
  }

  /** What the attempts of this kind of call sent with `method` to `endpoint` say. */
  attempt(method: HttpMethod, endpoint: string): AttemptAttributes {
    const last = this.#lastAttempt;
    if (last && last.method === method && last.endpoint === endpoint) return last;
    let byMethod = this.#attempts.get(endpoint);
    const found = byMethod?.get(method);
    if (found) return (this.#lastAttempt = found);
    if (this.#attemptKinds >= MAX_ATTEMPT_KINDS) {
      this.#attempts.clear();
      this.#attemptKinds = 0;
      byMethod = undefined;
    }
    if (!byMethod) this.#attempts.set(endpoint, (byMethod = new Map()));
    const attempt = new AttemptAttributes(this, method, endpoint);
    byMethod.set(method, attempt);
    this.#attemptKinds++;
    return (this.#lastAttempt = attempt);
  }
}

/** What the attempts of one kind of call, sent with one method to one endpoint, say. */
export class AttemptAttributes {
  /** Where they go, when the endpoint is a URL. */
  readonly server: Server | undefined;
  /** The attempt span's attributes at its start (of a first attempt; a retry adds its resend count). */
  readonly span: Attributes;
  /** `http.client.request.duration`'s without the status: {@link CallAttributes.rpc} and {@link span}. */
  readonly #request: Attributes;
  /** `http.client.request.duration`'s of an answer that is not an error, by status. */
  readonly #answers = new Map<number, Attributes>();

  constructor(
    call: CallAttributes,
    readonly method: HttpMethod,
    readonly endpoint: string,
  ) {
    const server = (this.server = serverOf(endpoint));
    const span: Attributes = { [ATTR_HTTP_REQUEST_METHOD]: method };
    if (server) {
      span[ATTR_SERVER_ADDRESS] = server.address;
      span[ATTR_SERVER_PORT] = server.port;
      span[ATTR_URL_SCHEME] = server.scheme;
    }
    this.span = Object.freeze(span);
    this.#request = extend(call.rpc, span);
  }

  /** `http.client.request.duration`'s of an answer with `status`, and the service's error `code` if any. */
  response(status: number, code: string | undefined): Attributes {
    if (code !== undefined) {
      return extend(this.#request, { [ATTR_HTTP_RESPONSE_STATUS_CODE]: status, [ATTR_ERROR_TYPE]: code });
    }
    let answer = this.#answers.get(status);
    if (!answer) {
      if (this.#answers.size >= MAX_STATUSES) this.#answers.clear();
      answer = Object.freeze(extend(this.#request, { [ATTR_HTTP_RESPONSE_STATUS_CODE]: status }));
      this.#answers.set(status, answer);
    }
    return answer;
  }
}

/**
 * The {@link CallAttributes} of each kind of call, by product, region and action, built at the
 * first call of its kind.
 *
 * @example
 * const cache = new CallAttributeCache();
 * cache.of(event).spanName; // 'ecs/DescribeInstances'
 */
export class CallAttributeCache {
  /** By product, region, then action. */
  readonly #kinds = new Map<string, Map<string, Map<string, CallAttributes>>>();
  #size = 0;
  /** The last one asked for: a call's spans and metrics ask for it in turn, and calls come in runs of a kind. */
  #last: CallAttributes | undefined;

  of(event: CallEventBase): CallAttributes {
    const last = this.#last;
    if (
      last &&
      last.action === event.action &&
      last.product === event.product &&
      last.regionId === event.regionId
    )
      return last;
    const kind = this.#of(event);
    this.#last = kind;
    return kind;
  }

  #of(event: CallEventBase): CallAttributes {
    let byRegion = this.#kinds.get(event.product);
    let byAction = byRegion?.get(event.regionId);
    const found = byAction?.get(event.action);
    if (found) return found;
    if (this.#size >= MAX_KINDS) {
      this.#kinds.clear();
      this.#size = 0;
      byRegion = byAction = undefined;
    }
    if (!byRegion) this.#kinds.set(event.product, (byRegion = new Map()));
    if (!byAction) byRegion.set(event.regionId, (byAction = new Map()));
    const kind = new CallAttributes(event);
    byAction.set(event.action, kind);
    this.#size++;
    return kind;
  }
}
