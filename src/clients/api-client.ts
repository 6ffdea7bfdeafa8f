import { Observable, type Subscribable } from 'rxjs';
import { transportOf } from '../http/default-transport.js';
import { checkHeaderValue } from '../http/header-value.js';
import { GET_CALL_OPTIONS, NO_CALL_OPTIONS, type CallOptions } from '../call/call-options.js';
import { callPolicy, type CallPolicy } from '../call/call-policy.js';
import type { CallEnvironment } from '../call/call-pipeline.js';
import type { Transport } from '../http/transport.js';
import { checkNonEmptyString } from '../checks.js';
import { Config } from '../config.js';
import type { CredentialProvider } from '../credentials/credential.js';
import { resolveEndpoint, type EndpointRule } from '../endpoint.js';
import { AsyncNotEnabledError } from '../errors/async-not-enabled-error.js';
import { invalidParam } from '../errors/client-error.js';
import type { PoolStats } from '../pool/pool-stats.js';
import { TaskPool, type PoolLimits } from '../pool/task-pool.js';
import { randomNonce } from '../signing/web-crypto.js';
import { userAgentOf } from '../version.js';
import { admitCall$ } from './admit-call.js';
import { endpointOrigin } from '../call/endpoint-origin.js';
import type { CallEvent } from '../events/call-event.js';
import { CallTrace, type CallSite } from '../events/call-trace.js';
import { EventHub } from '../events/event-hub.js';
import { loggerSink } from '../events/logger-sink.js';
import { toCallback, toChan, type CallCallback, type CallbackResult } from './call-forms.js';
import { checkSharedPool, configWithLimits, limitsOf } from './pool-config.js';

/** What a client of any API style is built from. */
export interface ApiClientOptions {
  /** Product code, e.g. `'ecs'` (gives the endpoint `ecs.<regionId>.aliyuncs.com`). */
  product: string;
  /** API version, e.g. `'2014-05-26'`. */
  version: string;
  regionId: string;
  /** How the endpoint follows from the region (a product's map and rule). @default regional */
  endpoints?: EndpointRule;
  /** @default new Config(), or with `sharePoolWith` the other client's config */
  config?: Config;
  credential: CredentialProvider;
  /**
   * Send this client's calls through the pool of another client (for example the clients of
   * several regions under one concurrency limit). A `config` whose pool settings (`enableAsync`,
   * `goRoutinePoolSize`, `maxTaskQueueSize`) differ from that pool's is a `ClientError`.
   * @default a pool of its own
   */
  sharePoolWith?: ApiClient;
}

/** What every call of a client is sent with. */
export interface Sending {
  readonly userAgent: string;
  readonly transport: Transport;
  readonly environment: CallEnvironment;
}

const DEFAULT_ENVIRONMENT: CallEnvironment = {
  now: () => new Date(),
  nonce: randomNonce,
  random: Math.random,
};

/** @internal The `WithChan` and `WithCallback` forms of a call whose action is known. */
export const CHAN_OF = Symbol('chanOf');
/** @internal See {@link CHAN_OF}. */
export const CALLBACK_OF = Symbol('callbackOf');

// Reads a client's hub for eventHubOf (set by the class's static block).
let hubOf: (client: ApiClient) => EventHub;

/**
 * What every client has, whatever the API style (RPC, ROA): its product, version, region,
 * endpoint and config; one pool and its statistics; the Go SDK's `WithChan` and `WithCallback`
 * forms; `shutdown()`. A style adds how a call's request is built ({@link RpcClient}).
 *
 * @example
 * import { RpcClient, type ApiClient } from 'alicloud-rx';
 * const stats = (client: ApiClient) => client.poolStats$;
 */
export abstract class ApiClient {
  static {
    hubOf = (client) => client.#events;
  }

  readonly product: string;
  readonly version: string;
  readonly regionId: string;
  /** The base URL calls go to. */
  readonly endpoint: string;
  /** Live pool statistics: the current value on subscribe, then every change. */
  readonly poolStats$: Observable<PoolStats>;
  readonly #credential: CredentialProvider;
  readonly #pool: TaskPool;
  readonly #events: EventHub;
  readonly #tracing: CallSite;
  // The config as last read, and the pool limits it says: rebuilt when the pool's limits change.
  #config: Config;
  #configLimits: PoolLimits | null;
  // From the (immutable) config, once per client rather than once per call.
  readonly #sending: Sending;
  // The policies of calls without options (not idempotent, idempotent), for the config they
  // came from: a call that gives no options shares one rather than building its own.
  #policyConfig: Config | undefined;
  #policies: [CallPolicy | undefined, CallPolicy | undefined] = [undefined, undefined];

  /** The credential provider, for subclasses that make sibling clients (a getter: not an own field, so inspect and JSON never show it). */
  protected get credentialProvider(): CredentialProvider {
    return this.#credential;
  }

  constructor(options: ApiClientOptions) {
    if (typeof options !== 'object' || options === null) throw invalidParam('options', options, 'an object');
    // Printable Latin-1: the version goes in the x-acs-version header; the product (the endpoint's
    // host, or only a label under withEndpoint) is held to the same rule.
    this.product = checkHeaderValue('product', checkNonEmptyString('product', options.product, "'ecs'"));
    this.version = checkHeaderValue(
      'version',
      checkNonEmptyString('version', options.version, "'2014-05-26'"),
    );
    const shared = options.sharePoolWith;
    if (shared !== undefined && !(shared instanceof ApiClient)) {
      throw invalidParam('sharePoolWith', shared, 'an RpcClient or EcsClient');
    }
    const config = options.config ?? shared?.config ?? new Config();
    if (!(config instanceof Config)) throw invalidParam('config', options.config, 'a Config');
    if (shared) checkSharedPool(config, shared.#pool.limits);
    this.#config = config;
    const credential = options.credential;
    if (typeof credential?.getCredential !== 'function') {
      throw invalidParam(
        'credential',
        credential,
        'an AccessKeyCredential, StsTokenCredential or { getCredential() }',
      );
    }
    this.#credential = credential;
    this.regionId = options.regionId;
    this.endpoint = resolveEndpoint(this.product, options.regionId, config, options.endpoints);
    this.#pool = shared ? shared.#pool : new TaskPool(limitsOf(config));
    this.#events = shared ? shared.#events : new EventHub();
    this.#tracing = {
      hub: this.#events,
      product: this.product,
      regionId: this.regionId,
      endpoint: endpointOrigin(this.endpoint).origin,
    };
    const logger = config.logger;
    if (logger) this.#events.addSink(logger, loggerSink(logger));
    this.#configLimits = this.#pool.limits;
    this.#sending = Object.freeze({
      userAgent: userAgentOf(config),
      transport: transportOf(config),
      environment: { ...DEFAULT_ENVIRONMENT, onRetry: () => this.#pool.countRetry() },
    });
    this.poolStats$ = this.#pool.stats$;
  }

  /**
   * Every step of every call made through this client's pool while subscribed (clients sharing
   * the pool, `forRegion` siblings among them, share one stream): `queued`, `started`, then per
   * attempt `attempt`, `response`, `throttled`, `retry`, and one of `succeeded`, `failed`,
   * `cancelled` (see {@link CallEvent}). Hot and endless; a call is traced only if someone
   * listened when it was subscribed, so with no subscriber it costs next to nothing.
   *
   * @example
   * ecs.events$.pipe(filter((e) => e.type === 'throttled')).subscribe((e) => console.warn(e.action, e.code));
   */
  get events$(): Observable<CallEvent> {
    return this.#events.events$;
  }

  /**
   * The client's configuration. Its pool settings (`enableAsync`, `goRoutinePoolSize`,
   * `maxTaskQueueSize`) always say what the pool runs, also after {@link ApiClient.enableAsync}
   * on this client or on one that shares its pool.
   */
  get config(): Config {
    const limits = this.#pool.limits;
    if (limits !== this.#configLimits) {
      this.#config = configWithLimits(this.#config, limits);
      this.#configLimits = limits;
    }
    return this.#config;
  }

  /**
   * Turns the async pool on (or changes its limits) after construction; nothing already admitted
   * is dropped. Every client sharing the pool runs the new limits; returns the config that says so.
   *
   * @example
   * const config = client.enableAsync(10, 10_000); // config.enableAsync === true
   */
  enableAsync(poolSize: number, maxTaskQueueSize: number): Config {
    const config = this.config
      .withEnableAsync(true)
      .withGoRoutinePoolSize(poolSize)
      .withMaxTaskQueueSize(maxTaskQueueSize);
    this.#pool.setLimits({ poolSize: config.goRoutinePoolSize, maxTaskQueueSize: config.maxTaskQueueSize });
    return this.config;
  }

  /** True once async calls are enabled (by config or `enableAsync`). */
  get asyncEnabled(): boolean {
    return this.#pool.limits !== null;
  }

  /** The pool's limits, or `null` while async is off. */
  get poolLimits(): PoolLimits | null {
    return this.#pool.limits;
  }

  /** True once `shutdown()` was called: every new call fails with `ClientClosedError`. */
  get closed(): boolean {
    return this.#pool.closed;
  }

  /** True when a call made now would be admitted (start or wait) rather than rejected. */
  hasRoom(): boolean {
    return this.#pool.hasRoom();
  }

  /**
   * Emits when room may have appeared in the pool, and only then: a call ended or left the queue,
   * the limits changed, or the pool shut down (it then completes; subscribed later, it emits and
   * completes at once). Wait on it, then check {@link ApiClient.hasRoom}, instead of re-checking on
   * every `poolStats$` change; `withPool` and `poolFrom` do so. Shared by clients sharing a pool.
   *
   * @example
   * import { filter, firstValueFrom } from 'rxjs';
   * // The pool is full: wait until a call would be admitted (or the client was shut down).
   * const ready = () => ecs.hasRoom() || ecs.closed;
   * if (!ready()) await firstValueFrom(ecs.poolRoom$.pipe(filter(ready)), { defaultValue: undefined });
   */
  get poolRoom$(): Observable<void> {
    return this.#pool.room$;
  }

  /**
   * Go's `WithChan` form of any call Observable of this client (async must be on): subscribes
   * now; the two promises never reject and exactly one holds a value.
   *
   * @example
   * const [response, error] = client.withChan(client.request$('DescribeRegions', {}));
   */
  withChan<T>(call$: Observable<T>): [Promise<T | undefined>, Promise<Error | undefined>] {
    return this[CHAN_OF](undefined, call$);
  }

  /**
   * Go's `WithCallback` form of any call Observable of this client (async must be on): subscribes
   * now, calls `callback` exactly once, then resolves 1 (success) or 0 (failure).
   *
   * @example
   * const ok = await client.withCallback(client.request$('DescribeRegions', {}), (res, err) => log(res ?? err));
   */
  withCallback<T>(call$: Observable<T>, callback: CallCallback<T>): Promise<CallbackResult> {
    return this[CALLBACK_OF](undefined, call$, callback);
  }

  /** @internal `withChan` for a call of `action` (when known): a refusal (async off) is told on `events$` too. */
  [CHAN_OF]<T>(
    action: string | undefined,
    call$: Observable<T>,
  ): [Promise<T | undefined>, Promise<Error | undefined>] {
    return toChan(this.#async$(call$, action));
  }

  /** @internal `withCallback` for a call of `action` (see {@link ApiClient[CHAN_OF]}). */
  [CALLBACK_OF]<T>(
    action: string | undefined,
    call$: Observable<T>,
    callback: CallCallback<T>,
  ): Promise<CallbackResult> {
    if (typeof callback !== 'function') {
      throw invalidParam('callback', callback, 'a function (response, error) => void');
    }
    return toCallback(this.#async$(call$, action), callback);
  }

  /**
   * Refuses new calls (`ClientClosedError`) and resolves once queued and in-flight calls have
   * ended. With `cancelQueued`, calls still waiting in the queue end at once with a
   * `ClientClosedError` whose `wasQueued` is true (nothing of them was sent) and only in-flight calls
   * are waited for: a graceful stop on Ctrl-C. Shared by clients sharing the pool. Safe to call
   * twice; leaves no timer behind.
   *
   * @example
   * process.once('SIGINT', () => void client.shutdown({ cancelQueued: true }));
   */
  shutdown(options?: { cancelQueued?: boolean }): Promise<void> {
    return this.#pool.shutdown(options);
  }

  // Async off: the Go SDK's WithChan/WithCallback refuse; told on events$ when the action is known.
  #async$<T>(call$: Observable<T>, action: string | undefined): Observable<T> {
    if (this.#pool.closed || this.#pool.limits) return call$;
    const refusal$ = this.#pool.refuse$<T>(new AsyncNotEnabledError());
    if (action === undefined) return refusal$;
    return new Observable<T>((subscriber) => {
      if (this.#events.listening) {
        const trace = new CallTrace(this.#tracing, action);
        trace.queued();
        trace.failed(new AsyncNotEnabledError());
      }
      return refusal$.subscribe(subscriber);
    });
  }

  /** Runs a call built by `build` through this client's pool, as {@link admitCall$} says. */
  protected admit$<T>(
    action: string,
    build: (trace: CallTrace | undefined) => Subscribable<T>,
    signal: AbortSignal | undefined,
  ): Observable<T> {
    return admitCall$(this.#pool, action, build, signal, this.config.budget, this.#tracing);
  }

  /**
   * The policy of one call: `options` (already checked) over `config` (see {@link callPolicy});
   * shared by the calls that give no options.
   *
   * @example
   * const policy = this.policyOf(this.config, checkCallOptions(options), isReadOnlyAction(action));
   */
  protected policyOf(config: Config, options: CallOptions, safeByDefault: boolean): CallPolicy {
    // The method is no part of the policy: a GET action's default options share the cached one.
    if (options !== NO_CALL_OPTIONS && options !== GET_CALL_OPTIONS)
      return callPolicy(config, options, safeByDefault);
    if (this.#policyConfig !== config) {
      this.#policyConfig = config;
      this.#policies = [undefined, undefined];
    }
    const index = safeByDefault ? 1 : 0;
    return (this.#policies[index] ??= Object.freeze(callPolicy(config, options, safeByDefault)));
  }

  /** What a call of this client is sent with, worked out once per client (a getter: not an own field). */
  protected get sending(): Sending {
    return this.#sending;
  }
}

/**
 * @internal The event hub of `client`'s pool, for the SDK's own entries (`alicloud-rx/otel`
 * adds its header hook there); not part of the public API.
 */
export function eventHubOf(client: ApiClient): EventHub {
  return hubOf(client);
}
