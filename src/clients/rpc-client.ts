import { lastValueFrom, type Observable, type Observer, type Subscribable, type Unsubscribable } from 'rxjs';
import type { CallOptions } from '../call/call-options.js';
import { checkCallOptions } from '../call/call-options.js';
import { isReadOnlyAction } from '../call/retry-policy.js';
import { buildRpcRequest } from '../call/build-rpc-request.js';
import { callPipeline$, type CallSpec } from '../call/call-pipeline.js';
import { flattenParams, type RpcParams } from '../call/rpc-params.js';
import { ClientError, describeValue, invalidParam } from '../errors/client-error.js';
import { ApiClient, CALLBACK_OF, CHAN_OF, type ApiClientOptions } from './api-client.js';
import type { CallCallback, CallbackResult } from './call-forms.js';
import type { CallTrace } from '../events/call-trace.js';

/** What an {@link RpcClient} is built from (see {@link ApiClientOptions}). */
export type RpcClientOptions = ApiClientOptions;

const ACTION = /^[A-Za-z][A-Za-z0-9]*$/;
const PIPELINE = Symbol('pipeline$');

/**
 * A checked call waiting for its slot: subscribing it builds and runs the call's pipeline. What
 * the pool holds for every queued call, so it holds only what the pipeline will need, and its
 * parameters as one list `[name, value, name, value, …]` rather than an array per pair (~100
 * bytes less for two parameters); the pairs are made again, briefly, when the call starts.
 */
class RpcTask<T> implements Subscribable<T> {
  private readonly params: readonly string[];

  constructor(
    private readonly client: RpcClient,
    private readonly action: string,
    pairs: readonly (readonly [string, string])[],
    private readonly options: CallOptions,
    private readonly trace: CallTrace | undefined,
  ) {
    const params = new Array<string>(pairs.length * 2);
    for (let i = 0; i < pairs.length; i++) {
      params[2 * i] = pairs[i]![0];
      params[2 * i + 1] = pairs[i]![1];
    }
    this.params = params;
  }

  subscribe(observer: Partial<Observer<T>>): Unsubscribable {
    const params = this.params;
    const pairs = new Array<readonly [string, string]>(params.length / 2);
    for (let i = 0; i < pairs.length; i++) pairs[i] = [params[2 * i]!, params[2 * i + 1]!];
    return this.client[PIPELINE]<T>(this.action, pairs, this.options, this.trace).subscribe(observer);
  }
}

/**
 * The generic client of any RPC-style Alibaba Cloud API. Every call form goes through one pool
 * (when async is on) and one call pipeline: sign → send (ky) → parse → retry. Everything but
 * building an RPC call's request comes from {@link ApiClient}.
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
export class RpcClient extends ApiClient {
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
    return this.admit$(
      String(action),
      (trace) => this.#call$<T>(action, params, options, trace),
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
    return this[CHAN_OF](String(action), this.request$<T>(action, params, options));
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
    return this[CALLBACK_OF](String(action), this.request$<T>(action, params, options), callback);
  }

  #call$<T>(
    action: string,
    params: RpcParams | (() => RpcParams),
    callOptions: CallOptions | undefined,
    trace: CallTrace | undefined,
  ): Subscribable<T> {
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
    // queued call holds little more than its parameters: one small object, not an Observable with
    // its closure and context (~100 bytes less per queued call; `defer` would cost ~100 more).
    return new RpcTask<T>(this, action, flat, options, trace);
  }

  /** @internal The call's pipeline, built when it gets its slot (see {@link RpcTask}). */
  [PIPELINE]<T>(
    action: string,
    flat: readonly (readonly [string, string])[],
    options: CallOptions,
    trace: CallTrace | undefined,
  ): Observable<T> {
    const config = this.config;
    const sending = this.sending;
    const hasClientToken = flat.some(([name, value]) => name === 'ClientToken' && value !== '');
    const endpoint = this.endpoint;
    const version = this.version;
    const method = options.method ?? 'POST';
    const algorithm = config.signatureAlgorithm;
    const spec: CallSpec = {
      action,
      build: (credential, date, nonce) =>
        buildRpcRequest({
          endpoint,
          method,
          action,
          version,
          params: flat,
          algorithm,
          userAgent: sending.userAgent,
          credential,
          date,
          nonce,
        }),
      credential: this.credentialProvider,
      transport: sending.transport,
      secrets: options.secrets,
      budget: config.budget,
      trace,
      policy: this.policyOf(config, options, isReadOnlyAction(action) || hasClientToken),
    };
    return callPipeline$<T>(spec, sending.environment);
  }
}
