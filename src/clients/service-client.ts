import { lastValueFrom, type Observable } from 'rxjs';
import type { CallOptions } from '../call/call-options.js';
import type { RpcParams } from '../call/rpc-params.js';
import { ClientError, invalidParam } from '../errors/client-error.js';
import type { CallCallback, CallbackResult } from './call-forms.js';
import type { RpcClient } from './rpc-client.js';

/** How one action's request goes on the wire. */
export interface ActionSpec {
  /** Parameters that must be present (`SDK.MissingParam` before anything is sent). */
  readonly required?: readonly string[];
  /** List parameters sent as one JSON array string (`InstanceIds=["i-1"]`) rather than `Name.N`. */
  readonly json?: readonly string[];
  /** Fill `RegionId` from the client when the request has none. */
  readonly regionId?: boolean;
  /** Generate a `ClientToken` when the request has none (one per logical call, kept across retries). */
  readonly clientToken?: boolean;
}

/** Request and response types per action name. */
export type ActionShapes = { [action: string]: { request: object; response: object } };

/** The table a typed client is built from: one row per action. */
export type ActionTable<A extends ActionShapes> = { readonly [K in keyof A]: ActionSpec };

type Req<A extends ActionShapes, K extends keyof A> = A[K]['request'];
type Res<A extends ActionShapes, K extends keyof A> = A[K]['response'];

/** The four call forms of every action in `A`, named like the Go SDK's (`describeInstances$`, …). */
export type ServiceMethods<A extends ActionShapes> = {
  [K in keyof A & string as `${Uncapitalize<K>}$`]: (
    request: Req<A, K>,
    options?: CallOptions,
  ) => Observable<Res<A, K>>;
} & {
  [K in keyof A & string as Uncapitalize<K>]: (
    request: Req<A, K>,
    options?: CallOptions,
  ) => Promise<Res<A, K>>;
} & {
  [K in keyof A & string as `${Uncapitalize<K>}WithChan`]: (
    request: Req<A, K>,
    options?: CallOptions,
  ) => [Promise<Res<A, K> | undefined>, Promise<Error | undefined>];
} & {
  [K in keyof A & string as `${Uncapitalize<K>}WithCallback`]: (
    request: Req<A, K>,
    callback: CallCallback<Res<A, K>>,
    options?: CallOptions,
  ) => Promise<CallbackResult>;
};

/** Turns a typed request into RPC parameters as the action's row says. Throws `ClientError`. */
export function actionParams(
  client: RpcClient,
  action: string,
  spec: ActionSpec,
  request: object,
): RpcParams {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw invalidParam('request', request, `an object of ${action} parameters`);
  }
  const params: Record<string, unknown> = { ...request };
  if (spec.regionId && params.RegionId === undefined) params.RegionId = client.regionId;
  if (spec.clientToken && (params.ClientToken === undefined || params.ClientToken === '')) {
    params.ClientToken = globalThis.crypto.randomUUID();
  }
  for (const name of spec.required ?? []) {
    const value = params[name];
    if (value === undefined || value === null || value === '') {
      throw new ClientError('SDK.MissingParam', `${action} needs the parameter ${name}.`);
    }
    if (Array.isArray(value) && value.length === 0) {
      throw new ClientError('SDK.MissingParam', `${action} needs the parameter ${name}: got an empty list.`);
    }
  }
  for (const name of spec.json ?? []) {
    const value = params[name];
    if (value === undefined) continue;
    if (!Array.isArray(value)) throw invalidParam(name, value, 'an array of strings');
    params[name] = JSON.stringify(value);
  }
  return params as RpcParams;
}

/**
 * Gives a client the four call forms of every action of `table`, as own bound functions (so
 * `paginate(ecs.describeInstances$, req)` and destructuring work): a typed client is one table
 * row plus its types per action.
 */
export function bindActions(client: RpcClient, table: { readonly [action: string]: ActionSpec }): void {
  const target = client as unknown as Record<string, unknown>;
  for (const [action, spec] of Object.entries(table)) {
    const name = action.charAt(0).toLowerCase() + action.slice(1);
    // Parameters are built per subscription (a fresh ClientToken per logical call, kept across
    // its retries); a bad request is refused and counted like any other admission error.
    const call$ = (request: object, options?: CallOptions) =>
      client.request$(action, () => actionParams(client, action, spec, request), options);
    target[`${name}$`] = call$;
    target[name] = (request: object, options?: CallOptions) => lastValueFrom(call$(request, options));
    target[`${name}WithChan`] = (request: object, options?: CallOptions) =>
      client.withChan(call$(request, options));
    target[`${name}WithCallback`] = (
      request: object,
      callback: CallCallback<unknown>,
      options?: CallOptions,
    ) => client.withCallback(call$(request, options), callback);
  }
}
