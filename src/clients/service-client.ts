import type { Observable } from 'rxjs';
import type { CallOptions } from '../call/call-options.js';
import type { Config } from '../config.js';
import type { CredentialProvider } from '../credentials/credential.js';
import type { EndpointRule } from '../endpoint.js';
import { ClientError } from '../errors/client-error.js';
import type { CallCallback, CallbackResult } from './call-forms.js';
import { actionForms, boundForm, defineActions, type CheckedActionTable } from './define-actions.js';
import { RpcClient } from './rpc-client.js';

export { actionParams } from './action-params.js';
export { defineActions } from './define-actions.js';
export type {
  ActionMethodName,
  CheckedActionTable,
  CollidingActions,
  RpcClientClass,
  WithActions,
} from './define-actions.js';

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

/** Options of a {@link serviceClient} class beyond region, config and credential. */
export interface ServiceClientOptions {
  /** Send calls through the pool of another client (one concurrency limit over many regions). */
  sharePoolWith?: RpcClient;
}

/** A typed client of one product: an {@link RpcClient} with `forRegion` and the four call forms of every action in `A`. */
export type ServiceClient<A extends ActionShapes> = RpcClient & {
  /**
   * A client for another region with the same config and credential, sharing this client's pool:
   * all regions together stay within one `poolSize`.
   */
  forRegion(regionId: string): ServiceClient<A>;
} & ServiceMethods<A>;

/** The class {@link serviceClient} returns. */
export interface ServiceClientClass<A extends ActionShapes> {
  new (
    regionId: string,
    config: Config | undefined,
    credential: CredentialProvider,
    options?: ServiceClientOptions,
  ): ServiceClient<A>;
  readonly prototype: ServiceClient<A>;
}

/** What {@link serviceClient} builds a product's client from. */
export interface ServiceClientDefinition<T> {
  /** The class name, e.g. `'EcsClient'` (shown by `inspect` and in errors). */
  name: string;
  /** Product code, e.g. `'ecs'`. */
  product: string;
  /** API version, e.g. `'2014-05-26'`. */
  version: string;
  /** One row per action. */
  actions: T;
  /** How the endpoint follows from the region, from the product's official SDK. @default regional */
  endpoints?: EndpointRule;
}

// Members of every serviceClient class, for the type-level collision check.
type ServiceClientMembers = RpcClient & { forRegion: unknown };

/**
 * The class of a product's typed client, from its table of actions: `new Client(regionId, config,
 * credential, options?)`, `forRegion(regionId)`, and the four call forms of every action defined
 * once on its prototype (see {@link defineActions}). A generated `src/clients/<product>/` folder is
 * a table plus this one call (marked `@__PURE__`, so that bundlers drop a client nobody uses).
 *
 * @example
 * // src/clients/vpc/vpc-client.ts
 * import { serviceClient, type ServiceClient } from '../service-client.js';
 * import { VPC_ACTIONS, VPC_API_VERSION, type VpcActions } from './vpc-actions.js';
 * export const VpcClient = serviceClient({
 *   name: 'VpcClient', product: 'vpc', version: VPC_API_VERSION, actions: VPC_ACTIONS,
 * });
 * export type VpcClient = ServiceClient<VpcActions>;
 */
export function serviceClient<A extends ActionShapes>(
  definition: ServiceClientDefinition<CheckedActionTable<A, ServiceClientMembers>>,
): ServiceClientClass<A> {
  const { name, product, version, actions, endpoints } = definition;
  class Client extends RpcClient {
    constructor(
      regionId: string,
      config: Config | undefined,
      credential: CredentialProvider,
      options?: ServiceClientOptions,
    ) {
      // No config with sharePoolWith: RpcClient takes the other client's.
      super({
        product,
        version,
        regionId,
        endpoints,
        config,
        credential,
        sharePoolWith: options?.sharePoolWith,
      });
    }

    forRegion(regionId: string): ServiceClient<A> {
      return new Typed(regionId, this.config, this.credentialProvider, { sharePoolWith: this });
    }
  }
  Object.defineProperty(Client, 'name', { value: name });
  const Typed = defineActions(Client, actions) as unknown as ServiceClientClass<A>;
  return Typed;
}

/**
 * Gives one client the four call forms of every action of `table` as its own bound functions.
 * Throws `ClientError` (`SDK.InvalidParam`) when a method would hide a member of the client.
 *
 * @deprecated Makes four closures per action on every client it is given (52 for ECS, ~8 KB per
 * client); use {@link serviceClient} or {@link defineActions}, which define them once per class.
 */
export function bindActions(client: RpcClient, table: { readonly [action: string]: ActionSpec }): void {
  const target = client as unknown as Record<string, unknown>;
  const rows = Object.entries(table).flatMap(([action, spec]) =>
    actionForms(action, spec).map(([key, form, arity]) => [action, key, form, arity] as const),
  );
  for (const [action, key] of rows) {
    if (key in target) {
      throw new ClientError(
        'SDK.InvalidParam',
        `bindActions cannot give the client the action ${action}: its method ${key} would hide the client's member ${key}.`,
      );
    }
  }
  for (const [, key, form, arity] of rows) target[key] = boundForm(form, arity, client);
}
