import { lastValueFrom, type Observable } from 'rxjs';
import { GET_CALL_OPTIONS, type CallOptions } from '../call/call-options.js';
import { AnonymousCredential } from '../credentials/anonymous-credential.js';
import { ClientError, invalidParam } from '../errors/client-error.js';
import { actionParams, roaActionRequest } from './action-params.js';
import { ApiClient, CALLBACK_OF, CHAN_OF } from './api-client.js';
import type { CallCallback } from './call-forms.js';
import { RoaClient } from './roa-client.js';
import { RpcClient } from './rpc-client.js';
import type { ActionShapes, ActionSpec, ActionTable, ServiceMethods } from './service-client.js';

/** A class whose instances are {@link RpcClient}s (or {@link RoaClient}s): what {@link defineActions} adds the actions to. */
export type RpcClientClass = new (...args: never[]) => ApiClient;

/** The four method names of action `K`: `describeInstances$`, `describeInstances`, `…WithChan`, `…WithCallback`. */
export type ActionMethodName<K extends string> =
  `${Uncapitalize<K>}$` | Uncapitalize<K> | `${Uncapitalize<K>}WithChan` | `${Uncapitalize<K>}WithCallback`;

// Members every object has, and RpcClient's protected ones (which `keyof` does not list).
type ObjectMember =
  | 'constructor'
  | 'toString'
  | 'toLocaleString'
  | 'valueOf'
  | 'hasOwnProperty'
  | 'isPrototypeOf'
  | 'propertyIsEnumerable'
  | 'credentialProvider';

/** The actions of `A` one of whose methods would hide a member of `Base` (or of every object). */
export type CollidingActions<A extends ActionShapes, Base> = {
  [K in keyof A & string]: [ActionMethodName<K> & (keyof Base | ObjectMember)] extends [never] ? never : K;
}[keyof A & string];

/**
 * `ActionTable<A>` when no action's methods would hide a member of `Base`; otherwise a type that
 * names each colliding action, so that tsc reports the table where it is passed. A table whose
 * type does not say its actions (a bare literal) is refused too: give it `ActionTable<YourActions>`.
 */
export type CheckedActionTable<A extends ActionShapes, Base> = string extends keyof A
  ? 'type the table as ActionTable<YourActions>, so that every action has its request and response types'
  : [CollidingActions<A, Base>] extends [never]
    ? ActionTable<A>
    : ActionTable<A> & {
        readonly [
          K in CollidingActions<A, Base>
        ]: `${K}: a method of this action would hide a member of the client class`;
      };

/** The class `C` whose instances also have the four call forms of every action in `A`. */
export type WithActions<C extends RpcClientClass, A extends ActionShapes> = Omit<C, 'prototype'> & {
  new (...args: ConstructorParameters<C>): InstanceType<C> & ServiceMethods<A>;
  readonly prototype: InstanceType<C> & ServiceMethods<A>;
};

// RpcClient's own fields: set on each instance, so not found on any prototype. A spec checks this
// list against a real instance (spec/clients/service-client.define-actions.spec.ts).
const RPC_CLIENT_FIELDS: readonly string[] = ['product', 'version', 'regionId', 'endpoint', 'poolStats$'];
const ACTION = /^[A-Za-z][A-Za-z0-9]*$/;

type Method = (this: ApiClient, ...args: never[]) => unknown;

/** `DescribeInstances` → `describeInstances`, as the official SDKs name their methods. */
function methodName(action: string): string {
  return action.charAt(0).toLowerCase() + action.slice(1);
}

/** One call form of an action, as a function of the client it runs on. */
type Form = (client: ApiClient, ...args: never[]) => unknown;

// Each client's unsigned twin (same product, region, endpoint and pool), for anonymous actions.
const twins = new WeakMap<RpcClient, RpcClient>();

function anonymousTwin(client: RpcClient): RpcClient {
  let twin = twins.get(client);
  if (!twin) {
    twin = new RpcClient({
      product: client.product,
      version: client.version,
      regionId: client.regionId,
      // The client's own endpoint (its config's scheme, or its config's endpoint, apply again).
      endpoints: { rule: 'regional', map: { [client.regionId]: new URL(client.endpoint).host } },
      credential: new AnonymousCredential(),
      sharePoolWith: client,
    });
    twins.set(client, twin);
  }
  return twin;
}

/** The call of `action` as a cold Observable: RPC, unsigned RPC or ROA as its row says. */
function actionCall$(
  action: string,
  spec: ActionSpec,
): (client: ApiClient, request: object, options?: CallOptions) => Observable<unknown> {
  if (spec.path !== undefined) {
    return (client, request, options) =>
      (client as RoaClient).request$(action, () => roaActionRequest(client, action, spec, request), options);
  }
  const get = spec.method === 'GET';
  // A GET action's call with no options takes one shared frozen object (its policy stays cached).
  const withMethod = (options: CallOptions | undefined): CallOptions | undefined =>
    !get || options?.method !== undefined
      ? options
      : options === undefined
        ? GET_CALL_OPTIONS
        : { ...options, method: 'GET' };
  // Parameters are built per subscription (a fresh ClientToken per logical call, kept across its
  // retries); a bad request is refused and counted like any other admission error.
  return spec.anonymous
    ? (client, request, options) =>
        anonymousTwin(client as RpcClient).request$(
          action,
          () => actionParams(client, action, spec, request),
          withMethod(options),
        )
    : (client, request, options) =>
        (client as RpcClient).request$(
          action,
          () => actionParams(client, action, spec, request),
          withMethod(options),
        );
}

/**
 * The four call forms of one action (made once per action and shared by every client), each with
 * its method name and its number of parameters.
 */
export function actionForms(action: string, spec: ActionSpec): [key: string, form: Form, arity: 2 | 3][] {
  const name = methodName(action);
  const call$ = actionCall$(action, spec);
  const promise = (client: ApiClient, request: object, options?: CallOptions) =>
    lastValueFrom(call$(client, request, options));
  const chan = (client: ApiClient, request: object, options?: CallOptions) =>
    client[CHAN_OF](action, call$(client, request, options));
  const callback = (client: ApiClient, request: object, cb: CallCallback<unknown>, options?: CallOptions) =>
    client[CALLBACK_OF](action, call$(client, request, options), cb);
  return [
    [`${name}$`, call$, 2],
    [name, promise, 2],
    [`${name}WithChan`, chan, 2],
    [`${name}WithCallback`, callback, 3],
  ];
}

/**
 * `form` bound to `client`: a closure of the method's arity, a third of the size of a
 * `Function.prototype.bind` copy (~100 B against ~340 B on Node 20).
 */
export function boundForm(form: Form, arity: 2 | 3, client: ApiClient): Method {
  const run = form as (client: ApiClient, a: unknown, b: unknown, c?: unknown) => unknown;
  return arity === 3
    ? (a: unknown, b: unknown, c: unknown) => run(client, a, b, c)
    : (a: unknown, b: unknown) => run(client, a, b);
}

/** Where `name` is already a member of instances of the class with prototype `proto`, if it is. */
function memberOwner(proto: object, name: string): string | undefined {
  for (let p: object | null = proto; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    if (!Object.hasOwn(p, name)) continue;
    if (p === Object.prototype) return 'Object.prototype';
    const owner = Object.hasOwn(p, 'constructor') ? (p.constructor as { name?: unknown }).name : undefined;
    return `${typeof owner === 'string' && owner ? owner : 'a class'}.prototype`;
  }
  return RPC_CLIENT_FIELDS.includes(name) ? 'every RpcClient (an own field)' : undefined;
}

/** One method to define: the action, the method's name, its form and arity. */
type Row = [action: string, key: string, form: Form, arity: 2 | 3];

/** Every method of `table`, after checking that none hides a member of the class or another method. */
function checkedRows(
  className: string,
  proto: object,
  table: { readonly [action: string]: ActionSpec },
): Row[] {
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    throw invalidParam(`the action table of ${className}`, table, 'an object with one row per action');
  }
  const rows: Row[] = [];
  const actionOf = new Map<string, string>();
  for (const [action, spec] of Object.entries(table)) {
    if (!ACTION.test(action)) {
      throw invalidParam(
        `an action name of ${className}`,
        action,
        "letters and digits, such as 'DescribeRegions'",
      );
    }
    if (typeof spec !== 'object' || spec === null) {
      throw invalidParam(`the row of ${action} in ${className}`, spec, 'an ActionSpec object such as {}');
    }
    // A row's style is its class's: a ROA row (with a path) on a RoaClient, with its method and
    // params; an RPC row on any other client. Checked once here, not on every call.
    const roaClass = proto instanceof RoaClient;
    if ((spec.path !== undefined) !== roaClass)
      throw new ClientError(
        'SDK.InvalidParam',
        `The row of ${action} in ${className} is ${spec.path === undefined ? 'an RPC' : 'a ROA'} row (with${spec.path === undefined ? 'out' : ''} a path), but ${className} is ${roaClass ? 'a RoaClient' : 'not a RoaClient'}.`,
      );
    if (roaClass && (spec.method === undefined || spec.params === undefined))
      throw new ClientError(
        'SDK.InvalidParam',
        `The row of ${action} in ${className} names no method, path and params.`,
      );
    for (const [key, form, arity] of actionForms(action, spec)) {
      const owner = memberOwner(proto, key);
      if (owner) {
        throw new ClientError(
          'SDK.InvalidParam',
          `${className} cannot have the action ${action}: its method ${key} would hide the member ${key} ` +
            `of ${owner}. Leave ${action} out of the table and call it with client.request$('${action}', params).`,
        );
      }
      const other = actionOf.get(key);
      if (other !== undefined) {
        throw new ClientError(
          'SDK.InvalidParam',
          `${className} cannot have both actions ${other} and ${action}: both would define the method ${key}.`,
        );
      }
      actionOf.set(key, action);
      rows.push([action, key, form, arity]);
    }
  }
  return rows;
}

/**
 * A subclass of `ClientClass` (same name, same constructor) with the four call forms of every
 * action of `table` defined once, on its prototype: `DescribeInstances` gives
 * `describeInstances$(req, options?)` (cold Observable), `describeInstances(req, options?)`
 * (Promise), `describeInstancesWithChan(req, options?)` and
 * `describeInstancesWithCallback(req, callback, options?)`.
 *
 * Throws `ClientError` (`SDK.InvalidParam`) naming the action and the member when a method would
 * hide a member of the class (`Shutdown` → `shutdown`, `Request` → `request$`, …), of
 * `Object.prototype`, or another action's method; tsc reports the same for the members it sees.
 * Nothing is defined then.
 *
 * Each is an accessor on the prototype: a read from a client gives that client's own bound copy,
 * made on its first read and kept (`ecs.describeInstances$ === ecs.describeInstances$`), so
 * `paginate(ecs.describeInstances$, req)` and destructuring work. A client holds no copy until it
 * reads a method, and then only of the methods it reads. Assigning one (a stub in a test) gives
 * that client its own value. A read from the prototype gives the method unbound.
 *
 * For a product's client with the usual constructor and `forRegion`, use {@link serviceClient};
 * this is for a client class of its own.
 *
 * @example
 * // src/clients/vpc/vpc-client.ts
 * import { RpcClient } from '../rpc-client.js';
 * import { defineActions } from '../service-client.js';
 * class VpcClientBase extends RpcClient {}
 * export const VpcClient = defineActions(VpcClientBase, VPC_ACTIONS); // VPC_ACTIONS: ActionTable<VpcActions>
 * new VpcClient({ product: 'vpc', version: '2016-04-28', regionId: 'cn-hangzhou', credential }).describeVpcs$({});
 */
export function defineActions<C extends RpcClientClass, A extends ActionShapes>(
  ClientClass: C,
  table: CheckedActionTable<A, InstanceType<C>>,
): WithActions<C, A> {
  const proto: unknown = typeof ClientClass === 'function' ? ClientClass.prototype : undefined;
  if (typeof proto !== 'object' || proto === null || !(proto instanceof ApiClient)) {
    throw invalidParam('ClientClass', ClientClass, 'a subclass of RpcClient or RoaClient');
  }
  const rows = checkedRows(
    ClientClass.name || 'the client class',
    proto,
    table as unknown as { readonly [action: string]: ActionSpec },
  );
  // Each client's copies of the methods it has read, by row: a field, so a read costs no lookup.
  let copiesOf!: (client: object) => (Method | undefined)[];
  class Typed extends (ClientClass as RpcClientClass) {
    #copies: (Method | undefined)[] | undefined = undefined;
    static {
      copiesOf = (client) => ((client as Typed).#copies ??= new Array(rows.length));
    }
  }
  Object.defineProperty(Typed, 'name', { value: ClientClass.name });
  const prototype = Typed.prototype;
  rows.forEach(([, key, form, arity], slot) => {
    const method = function (this: ApiClient, ...args: never[]) {
      return form(this, ...args);
    };
    Object.defineProperty(method, 'name', { value: key });
    Object.defineProperty(prototype, key, {
      configurable: true,
      enumerable: false,
      get(this: ApiClient): Method {
        if (this === prototype) return method;
        let copies: (Method | undefined)[];
        try {
          copies = copiesOf(this);
        } catch {
          return method; // not a client of this class (a subclass's prototype): the unbound method
        }
        return (copies[slot] ??= boundForm(form, arity, this));
      },
      set(this: ApiClient, value: unknown) {
        Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      },
    });
  });
  return Typed as unknown as WithActions<C, A>;
}
