import type { Observable } from 'rxjs';
import type { CallOptions } from '../call/call-options.js';
import type { Config } from '../config.js';
import type { CredentialProvider } from '../credentials/credential.js';
import type { EndpointRule } from '../endpoint.js';
import type { HttpMethod } from '../http/transport.js';
import { ClientError, invalidParam } from '../errors/client-error.js';
import type { ApiClient, ApiClientOptions } from './api-client.js';
import type { CallCallback, CallbackResult } from './call-forms.js';
import { actionForms, boundForm, defineActions, type CheckedActionTable } from './define-actions.js';
import { RoaClient } from './roa-client.js';
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
  /**
   * Every parameter of the action, as the generator writes it: `Name:kind` separated by spaces,
   * `!` after a required one, and for ROA the place first (`p.` path, `q.` query, `b.` body, `h.`
   * header). Kinds: `s` string, `n` number, `b` boolean, `a` list and `o` object (flattened as
   * `Tag.1.Key` in a query or form), `j` JSON text, `c` comma-joined list, `u` any, `B` the whole
   * body. With it, a listed parameter of the wrong type is refused (`SDK.InvalidParam`), one not
   * listed is sent as given, `RegionId` is filled from the client and `ClientToken` generated when
   * the action has them.
   */
  readonly params?: string;
  /** The HTTP method. @default 'POST' for RPC; required for ROA */
  readonly method?: HttpMethod;
  /** ROA: the path, with `[Name]` for each path parameter. Its presence makes the row a ROA call. */
  readonly path?: string;
  /** ROA: the body is a form (`application/x-www-form-urlencoded`), not JSON. */
  readonly form?: boolean;
  /** Sent unsigned, as the official SDK sends it (STS `AssumeRoleWithOIDC`). */
  readonly anonymous?: boolean;
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
  /** Send calls through the pool of another client (one concurrency limit over many regions and products). */
  sharePoolWith?: ApiClient;
}

/**
 * A typed client of one product: an {@link RpcClient} (or, for a ROA product, a
 * {@link RoaClient}) with `forRegion` and the four call forms of every action in `A`.
 */
export type ServiceClient<A extends ActionShapes, Base extends ApiClient = RpcClient> = Base & {
  /**
   * A client for another region with the same config and credential, sharing this client's pool:
   * all regions together stay within one `poolSize`.
   */
  forRegion(regionId: string): ServiceClient<A, Base>;
} & ServiceMethods<A>;

/** The class {@link serviceClient} returns. */
export interface ServiceClientClass<A extends ActionShapes, Base extends ApiClient = RpcClient> {
  new (
    regionId: string,
    config: Config | undefined,
    credential: CredentialProvider,
    options?: ServiceClientOptions,
  ): ServiceClient<A, Base>;
  readonly prototype: ServiceClient<A, Base>;
}

/** What {@link serviceClient} builds a product's client from. */
export interface ServiceClientDefinition<T> {
  /** The class name, e.g. `'EcsClient'` (shown by `inspect` and in errors). */
  name: string;
  /** Product code, e.g. `'ecs'`. */
  product: string;
  /** API version, e.g. `'2014-05-26'`. */
  version: string;
  /** `'ROA'` for a REST-style product (Container Service): the client is a {@link RoaClient}. @default 'RPC' */
  style?: 'RPC' | 'ROA';
  /** One row per action. */
  actions: T;
  /** How the endpoint follows from the region, from the product's official SDK. @default regional */
  endpoints?: EndpointRule;
}

// Members of every serviceClient class, for the type-level collision check.
type ServiceClientMembers = RpcClient & { forRegion: unknown };

type ClientBase = new (options: ApiClientOptions) => ApiClient;

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
  definition: ServiceClientDefinition<CheckedActionTable<A, ServiceClientMembers>> & { style?: 'RPC' },
): ServiceClientClass<A>;
export function serviceClient<A extends ActionShapes>(
  definition: ServiceClientDefinition<CheckedActionTable<A, ServiceClientMembers>> & { style: 'ROA' },
): ServiceClientClass<A, RoaClient>;
export function serviceClient<A extends ActionShapes>(
  definition: ServiceClientDefinition<CheckedActionTable<A, ServiceClientMembers>>,
): ServiceClientClass<A, ApiClient> {
  const { name, product, version, actions, endpoints, style } = definition;
  if (style !== undefined && style !== 'RPC' && style !== 'ROA')
    throw invalidParam('style', style, "'RPC' or 'ROA'");
  const Base: ClientBase = style === 'ROA' ? RoaClient : RpcClient;
  class Client extends Base {
    constructor(
      regionId: string,
      config: Config | undefined,
      credential: CredentialProvider,
      options?: ServiceClientOptions,
    ) {
      // No config with sharePoolWith: the client takes the other client's.
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

    forRegion(regionId: string): ServiceClient<A, ApiClient> {
      return new Typed(regionId, this.config, this.credentialProvider, { sharePoolWith: this });
    }
  }
  Object.defineProperty(Client, 'name', { value: name });
  const Typed = defineActions(Client, actions as never) as unknown as ServiceClientClass<A, ApiClient>;
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
