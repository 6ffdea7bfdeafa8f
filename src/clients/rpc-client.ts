import { Observable, lastValueFrom } from 'rxjs';
import { Config } from '../config.js';
import type { CallOptions } from '../call/call-options.js';
import { checkCallOptions } from '../call/call-options.js';
import { callPolicy } from '../call/call-policy.js';
import { checkHeaderValue } from '../call/header-value.js';
import { transportOf } from '../call/ky-transport.js';
import type { Transport } from '../call/transport.js';
import { isReadOnlyAction } from '../call/retry-policy.js';
import { rpcCall$, type CallEnvironment, type RpcCallSpec } from '../call/rpc-call.js';
import { flattenParams, type RpcParams } from '../call/rpc-params.js';
import { checkNonEmptyString } from '../checks.js';
import type { CredentialProvider } from '../credentials/credential.js';
import { resolveEndpoint } from '../endpoint.js';
import { AsyncNotEnabledError } from '../errors/async-not-enabled-error.js';
import { ClientError, describeValue, invalidParam } from '../errors/client-error.js';
import type { PoolStats } from '../pool/pool-stats.js';
import { TaskPool, type PoolLimits } from '../pool/task-pool.js';
import { randomNonce } from '../signing/web-crypto.js';
import { userAgentOf } from '../version.js';
import { admitCall$ } from './admit-call.js';
import { toCallback, toChan, type CallCallback, type CallbackResult } from './call-forms.js';
import { checkSharedPool, configWithLimits, limitsOf } from './pool-config.js';

/** What an {@link RpcClient} is built from. */
export interface RpcClientOptions {
  /** Product code, e.g. `'ecs'` (gives the endpoint `ecs.<regionId>.aliyuncs.com`). */
  product: string;
  /** API version, e.g. `'2014-05-26'`. */
  version: string;
  regionId: string;
  /** @default new Config(), or with `sharePoolWith` the other client's config */
  config?: Config;
  credential: CredentialProvider;
  /**
   * Send this client's calls through the pool of another client (for example the clients of
   * several regions under one concurrency limit). A `config` whose pool settings (`enableAsync`,
   * `goRoutinePoolSize`, `maxTaskQueueSize`) differ from that pool's is a `ClientError`.
   * @default a pool of its own
   */
  sharePoolWith?: RpcClient;
}

const ACTION = /^[A-Za-z][A-Za-z0-9]*$/;
const DEFAULT_ENVIRONMENT: CallEnvironment = {
  now: () => new Date(),
  nonce: randomNonce,
  random: Math.random,
};

/**
 * The generic client of any RPC-style Alibaba Cloud API. Every call form goes through one pool
 * (when async is on) and one call pipeline: sign → send (ky) → parse → retry.
 *
 * @example
 * import { Config, RpcClient, AccessKeyCredential } from 'alicloud-rx';
 * const client = new RpcClient({
 *   product: 'ecs', version: '2014-05-26', regionId: 'cn-hangzhou',
 *   config: new Config().withEnableAsync(true).withPoolSize(10),
 *   credential: new AccessKeyCredential(id, secret),
 * });
 * client.request$('DescribeRegions', {}).subscribe((res) => console.log(res));
 */
export class RpcClient {
  readonly product: string;
  readonly version: string;
  readonly regionId: string;
  /** The base URL calls go to. */
  readonly endpoint: string;
  /** Live pool statistics: the current value on subscribe, then every change. */
  readonly poolStats$: Observable<PoolStats>;
  readonly #credential: CredentialProvider;
  readonly #pool: TaskPool;
  // The config as last read, and the pool limits it says: rebuilt when the pool's limits change.
  #config: Config;
  #configLimits: PoolLimits | null;
  readonly #environment: CallEnvironment;
  // From the (immutable) config, once per client rather than once per call.
  readonly #userAgent: string;
  readonly #transport: Transport;

  /** The credential provider, for subclasses that make sibling clients (a getter: not an own field, so inspect and JSON never show it). */
  protected get credentialProvider(): CredentialProvider {
    return this.#credential;
  }

  constructor(options: RpcClientOptions) {
    if (typeof options !== 'object' || options === null) throw invalidParam('options', options, 'an object');
    // Printable Latin-1: the version goes in the x-acs-version header; the product (the endpoint's
    // host, or only a label under withEndpoint) is held to the same rule.
    this.product = checkHeaderValue('product', checkNonEmptyString('product', options.product, "'ecs'"));
    this.version = checkHeaderValue(
      'version',
      checkNonEmptyString('version', options.version, "'2014-05-26'"),
    );
    const shared = options.sharePoolWith;
    if (shared !== undefined && !(shared instanceof RpcClient)) {
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
    this.endpoint = resolveEndpoint(this.product, options.regionId, config);
    this.#userAgent = userAgentOf(config);
    this.#transport = transportOf(config);
    this.#pool = shared ? shared.#pool : new TaskPool(limitsOf(config));
    this.#configLimits = this.#pool.limits;
    this.#environment = { ...DEFAULT_ENVIRONMENT, onRetry: () => this.#pool.countRetry() };
    this.poolStats$ = this.#pool.stats$;
  }

  /**
   * The client's configuration. Its pool settings (`enableAsync`, `goRoutinePoolSize`,
   * `maxTaskQueueSize`) always say what the pool runs, also after {@link RpcClient.enableAsync}
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
   * completes at once). Wait on it, then check {@link RpcClient.hasRoom}, instead of re-checking on
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
   * One call as a cold Observable: nothing is sent until you subscribe; each subscription is one
   * call; unsubscribing cancels it (a queued call leaves the queue, an in-flight one is aborted).
   *
   * @example
   * client.request$<{ Regions: unknown }>('DescribeRegions', {}).subscribe({ next: console.log, error: console.error });
   */
  request$<T = Record<string, unknown>>(
    action: string,
    params: RpcParams | (() => RpcParams) = {},
    options?: CallOptions,
  ): Observable<T> {
    return admitCall$(
      this.#pool,
      String(action),
      () => this.#call$<T>(action, params, options),
      options?.signal,
    );
  }

  /**
   * The same call as a Promise.
   *
   * @example
   * const regions = await client.request('DescribeRegions', {});
   */
  request<T = Record<string, unknown>>(
    action: string,
    params: RpcParams = {},
    options?: CallOptions,
  ): Promise<T> {
    return lastValueFrom(this.request$<T>(action, params, options));
  }

  /**
   * Go's `FooWithChan`: starts the call now (async must be on) and returns `[response, error]`
   * promises that never reject; exactly one holds a value, the other `undefined`.
   *
   * @example
   * const [response, error] = client.requestWithChan('DescribeRegions', {});
   * const err = await error; if (!err) console.log(await response);
   */
  requestWithChan<T = Record<string, unknown>>(
    action: string,
    params: RpcParams = {},
    options?: CallOptions,
  ): [Promise<T | undefined>, Promise<Error | undefined>] {
    return this.withChan(this.request$<T>(action, params, options));
  }

  /**
   * Go's `FooWithCallback`: starts the call now (async must be on), calls `callback(response, error)`
   * exactly once, then resolves 1 (success) or 0 (failure).
   *
   * @example
   * const ok = await client.requestWithCallback('DescribeRegions', {}, (res, err) => console.log(res ?? err));
   */
  requestWithCallback<T = Record<string, unknown>>(
    action: string,
    params: RpcParams,
    callback: CallCallback<T>,
    options?: CallOptions,
  ): Promise<CallbackResult> {
    return this.withCallback(this.request$<T>(action, params, options), callback);
  }

  /**
   * Go's `WithChan` form of any call Observable of this client (async must be on): subscribes
   * now; the two promises never reject and exactly one holds a value.
   *
   * @example
   * const [response, error] = client.withChan(client.request$('DescribeRegions', {}));
   */
  withChan<T>(call$: Observable<T>): [Promise<T | undefined>, Promise<Error | undefined>] {
    return toChan(this.#async$(call$));
  }

  /**
   * Go's `WithCallback` form of any call Observable of this client (async must be on): subscribes
   * now, calls `callback` exactly once, then resolves 1 (success) or 0 (failure).
   *
   * @example
   * const ok = await client.withCallback(client.request$('DescribeRegions', {}), (res, err) => log(res ?? err));
   */
  withCallback<T>(call$: Observable<T>, callback: CallCallback<T>): Promise<CallbackResult> {
    if (typeof callback !== 'function') {
      throw invalidParam('callback', callback, 'a function (response, error) => void');
    }
    return toCallback(this.#async$(call$), callback);
  }

  /**
   * Refuses new calls (`ClientClosedError`) and resolves once queued and in-flight calls have
   * ended. Safe to call twice; leaves no timer behind.
   *
   * @example
   * await client.shutdown();
   */
  shutdown(): Promise<void> {
    return this.#pool.shutdown();
  }

  #async$<T>(call$: Observable<T>): Observable<T> {
    if (!this.#pool.closed && !this.#pool.limits) return this.#pool.refuse$<T>(new AsyncNotEnabledError());
    return call$;
  }

  #call$<T>(
    action: string,
    params: RpcParams | (() => RpcParams),
    callOptions: CallOptions | undefined,
  ): Observable<T> {
    if (typeof action !== 'string' || action === '') {
      throw new ClientError(
        'SDK.MissingParam',
        `The action is missing: got ${describeValue(action)}; expected a name such as 'DescribeRegions'.`,
      );
    }
    if (!ACTION.test(action))
      throw invalidParam('action', action, "letters and digits, such as 'DescribeRegions'");
    const options = checkCallOptions(callOptions);
    const flat = flattenParams(typeof params === 'function' ? params() : params);
    // Checked now (a bad call fails at once); the rest is built when the call gets its slot, so a
    // queued call holds little more than its parameters.
    // `defer` would do the same, at ~100 bytes and ~2 µs more per queued call (measured).
    return new Observable<T>((subscriber) => this.#pipeline$<T>(action, flat, options).subscribe(subscriber));
  }

  #pipeline$<T>(
    action: string,
    flat: readonly (readonly [string, string])[],
    options: CallOptions,
  ): Observable<T> {
    const config = this.config;
    const hasClientToken = flat.some(([name, value]) => name === 'ClientToken' && value !== '');
    const spec: RpcCallSpec = {
      endpoint: this.endpoint,
      version: this.version,
      action,
      params: flat,
      method: options.method ?? 'POST',
      algorithm: config.signatureAlgorithm,
      userAgent: this.#userAgent,
      credential: this.#credential,
      transport: this.#transport,
      ...callPolicy(config, options, isReadOnlyAction(action) || hasClientToken),
    };
    return rpcCall$<T>(spec, this.#environment);
  }
}
