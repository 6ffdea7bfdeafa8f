/**
 * defineActions and serviceClient: the methods of a table of actions, defined once per class, and
 * refused when one would hide a member. The `@ts-expect-error` lines are checked by `tsc --noEmit`.
 */
import { expectTypeOf } from 'expect-type';
import { lastValueFrom, type Observable } from 'rxjs';
import { RoaClient } from '../../src/clients/roa-client.js';
import { RpcClient, type RpcClientOptions } from '../../src/clients/rpc-client.js';
import {
  bindActions,
  defineActions,
  serviceClient,
  type ActionTable,
  type ServiceClient,
} from '../../src/clients/service-client.js';
import { Config, type FetchLike } from '../../src/config.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import type { ClientError } from '../../src/errors/client-error.js';
import { clientErrorOf } from '../helpers/client-error-of.js';

type Call = { request: { Name?: string; Ids?: string[] }; response: { RequestId: string } };
type ThingActions = { DescribeThings: Call; CreateThing: Call };
const THING_ACTIONS: ActionTable<ThingActions> = {
  DescribeThings: { regionId: true, json: ['Ids'] },
  CreateThing: { clientToken: true, required: ['Name'] },
};

const credential = new AccessKeyCredential('testid', 'testsecret');

/** A config whose fetch records each request's action and query, and answers `{ RequestId }`. */
function recording(): { config: Config; sent: { action: string | null; query: URLSearchParams }[] } {
  const sent: { action: string | null; query: URLSearchParams }[] = [];
  const fetch: FetchLike = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    sent.push({ action: request.headers.get('x-acs-action'), query: new URL(request.url).searchParams });
    return Response.json({ RequestId: `r-${sent.length}` });
  };
  return { config: new Config().withEndpoint('http://things.fake.local').withFetch(fetch), sent };
}

/** A table with one action per name, for run-time checks of names the types would refuse. */
function table(...actions: string[]): ActionTable<ThingActions> {
  return Object.fromEntries(actions.map((action) => [action, {}])) as unknown as ActionTable<ThingActions>;
}

const definitionError = (define: () => unknown): ClientError => clientErrorOf(define);

// Never called: each line must fail to type-check, or tsc reports an unused directive.
export function misuses(): void {
  type Bad<K extends string> = { [P in K]: Call };
  class Plain extends RpcClient {
    ping(): number {
      return 1;
    }
  }
  // @ts-expect-error Shutdown would define shutdown, a member of RpcClient
  defineActions(Plain, THING_ACTIONS as ActionTable<Bad<'Shutdown' | 'DescribeThings'>>);
  // @ts-expect-error Request would define request$ and request
  defineActions(Plain, {} as ActionTable<Bad<'Request'>>);
  // @ts-expect-error PoolStats would define poolStats$, an RpcClient field
  defineActions(Plain, {} as ActionTable<Bad<'PoolStats'>>);
  // @ts-expect-error Ping would define ping, a member of the class given
  defineActions(Plain, {} as ActionTable<Bad<'Ping'>>);
  // @ts-expect-error ToString would define toString, a member of every object
  defineActions(Plain, {} as ActionTable<Bad<'ToString'>>);
  // @ts-expect-error ForRegion would define forRegion, a member of every serviceClient class
  serviceClient({ name: 'X', product: 'x', version: 'v', actions: {} as ActionTable<Bad<'ForRegion'>> });
  // @ts-expect-error a bare literal does not say the actions' request and response types
  serviceClient({ name: 'X', product: 'x', version: 'v', actions: { DescribeThings: {} } });
}

describe('defineActions', () => {
  it('returns a subclass whose prototype holds the four forms of every action, named from the action', () => {
    class ThingClientBase extends RpcClient {}
    const ThingClient = defineActions(ThingClientBase, THING_ACTIONS);
    expect(ThingClient.name).toBe('ThingClientBase');
    expect(ThingClient.prototype).toBeInstanceOf(ThingClientBase);
    const names = ['describeThings', 'createThing'].flatMap((n) => [
      `${n}$`,
      n,
      `${n}WithChan`,
      `${n}WithCallback`,
    ]);
    expect(names.filter((name) => Object.hasOwn(ThingClient.prototype, name))).toEqual(names);
    expect(names.filter((name) => Object.hasOwn(ThingClientBase.prototype, name))).toEqual([]);
  });

  it('sends each action with its row applied: RegionId, JSON lists, ClientToken, required parameters', async () => {
    const { config, sent } = recording();
    class ThingClientBase extends RpcClient {}
    const ThingClient = defineActions(ThingClientBase, THING_ACTIONS);
    const options: RpcClientOptions = {
      product: 'things',
      version: '2020-01-01',
      regionId: 'cn-hangzhou',
      config,
      credential,
    };
    const things = new ThingClient(options);

    await lastValueFrom(things.describeThings$({ Ids: ['a', 'b'] }));
    await things.createThing({ Name: 'n' });
    await expect(things.createThing({})).rejects.toMatchObject({ code: 'SDK.MissingParam' });

    expect(sent.map((s) => s.action)).toEqual(['DescribeThings', 'CreateThing']);
    expect(sent[0]!.query.get('RegionId')).toBe('cn-hangzhou');
    expect(sent[0]!.query.get('Ids')).toBe('["a","b"]');
    expect(sent[1]!.query.get('ClientToken')).toMatch(/^[0-9a-f-]{36}$/);
    await things.shutdown();
  });

  it.each([
    ['Shutdown', 'shutdown', 'ApiClient.prototype'],
    ['Request', 'request$', 'RpcClient.prototype'],
    ['EnableAsync', 'enableAsync', 'ApiClient.prototype'],
    ['Config', 'config', 'ApiClient.prototype'],
    ['WithChan', 'withChan', 'ApiClient.prototype'],
    ['CredentialProvider', 'credentialProvider', 'ApiClient.prototype'],
    ['PoolStats', 'poolStats$', 'every RpcClient (an own field)'],
    ['Endpoint', 'endpoint', 'every RpcClient (an own field)'],
    ['ToString', 'toString', 'Object.prototype'],
    ['HasOwnProperty', 'hasOwnProperty', 'Object.prototype'],
    ['Ping', 'ping', 'PingClient.prototype'],
  ])(
    'refuses the action %s when the class is defined: its method %s would hide a member of %s',
    (action, member, owner) => {
      class PingClient extends RpcClient {
        ping(): number {
          return 1;
        }
      }
      const error = definitionError(() => defineActions(PingClient, table('DescribeThings', action)));
      expect(error.code).toBe('SDK.InvalidParam');
      expect(error.message).toBe(
        `PingClient cannot have the action ${action}: its method ${member} would hide the member ${member} ` +
          `of ${owner}. Leave ${action} out of the table and call it with client.request$('${action}', params).`,
      );
      expect(Object.hasOwn(PingClient.prototype, 'describeThings$')).toBe(false);
    },
  );

  it('refuses every action whose method would hide an own field of a real client', () => {
    const client = new RpcClient({ product: 'things', version: 'v', regionId: 'cn-hangzhou', credential });
    const fields = Object.getOwnPropertyNames(client);
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) {
      const stem = field.endsWith('$') ? field.slice(0, -1) : field;
      const action = stem.charAt(0).toUpperCase() + stem.slice(1);
      const error = definitionError(() => defineActions(class extends RpcClient {}, table(action)));
      expect([field, error.message]).toEqual([
        field,
        expect.stringContaining(`would hide the member ${field} `),
      ]);
    }
    return client.shutdown();
  });

  it('refuses a row of the other API style at definition: a ROA row on an RPC client, an RPC row on a RoaClient', () => {
    const roaRow = { GetThing: { method: 'GET', path: '/things/[Id]', params: 'p.Id:s!' } } as never;
    expect(definitionError(() => defineActions(class RpcThings extends RpcClient {}, roaRow)).message).toBe(
      'The row of GetThing in RpcThings is a ROA row (with a path), but RpcThings is not a RoaClient.',
    );
    expect(
      definitionError(() => defineActions(class RoaThings extends RoaClient {}, table('DescribeThings')))
        .message,
    ).toBe(
      'The row of DescribeThings in RoaThings is an RPC row (without a path), but RoaThings is a RoaClient.',
    );
    const noMethod = { GetThing: { path: '/things', params: '' } } as never;
    expect(definitionError(() => defineActions(class RoaThings extends RoaClient {}, noMethod)).message).toBe(
      'The row of GetThing in RoaThings names no method, path and params.',
    );
  });

  it('refuses two actions that would define the same method, and names that are not action names', () => {
    class ThingClientBase extends RpcClient {}
    expect(
      definitionError(() => defineActions(ThingClientBase, table('Thing', 'ThingWithChan'))).message,
    ).toBe(
      'ThingClientBase cannot have both actions Thing and ThingWithChan: both would define the method thingWithChan.',
    );
    expect(definitionError(() => defineActions(ThingClientBase, table('Describe-Things'))).message).toContain(
      'Invalid value for an action name of ThingClientBase: got "Describe-Things"',
    );
    expect(() => defineActions(Object as never, THING_ACTIONS as never)).toThrow(
      /ClientClass.*a subclass of RpcClient/,
    );
  });

  it('types the methods from the table and keeps the members of the class given', () => {
    class PingClient extends RpcClient {
      ping(): number {
        return 1;
      }
    }
    const ThingClient = defineActions(PingClient, THING_ACTIONS);
    type Thing = InstanceType<typeof ThingClient>;
    expect(ThingClient.prototype).toBeInstanceOf(PingClient);
    expectTypeOf<Thing['describeThings$']>().returns.toEqualTypeOf<Observable<{ RequestId: string }>>();
    expectTypeOf<Thing['createThingWithChan']>()
      .parameter(0)
      .toEqualTypeOf<{ Name?: string; Ids?: string[] }>();
    expectTypeOf<Thing['ping']>().toEqualTypeOf<() => number>();
    expect(misuses).toBeInstanceOf(Function);
  });
});

describe('serviceClient', () => {
  const ThingClient = serviceClient({
    name: 'ThingClient',
    product: 'things',
    version: '2020-01-01',
    actions: THING_ACTIONS,
  });
  type ThingClient = ServiceClient<ThingActions>;

  it('builds a product client from a table: (regionId, config, credential), forRegion, the four forms', async () => {
    const { config, sent } = recording();
    const things: ThingClient = new ThingClient('cn-hangzhou', config, credential);
    const shanghai = things.forRegion('cn-shanghai');
    expectTypeOf(shanghai).toEqualTypeOf<ThingClient>();
    expect(ThingClient.name).toBe('ThingClient');
    expect(shanghai).toBeInstanceOf(ThingClient);
    expect([things.product, things.version]).toEqual(['things', '2020-01-01']);

    await lastValueFrom(shanghai.describeThings$({}));
    const [response, error] = things.describeThingsWithChan({});
    expect(await error).toMatchObject({ code: 'SDK.AsyncFunctionNotEnabled' });
    expect(await response).toBeUndefined();
    expect(sent.map((s) => s.query.get('RegionId'))).toEqual(['cn-shanghai']);
    await things.shutdown();
  });

  it('refuses ForRegion, a member of every serviceClient class', () => {
    const error = definitionError(() =>
      serviceClient({
        name: 'ThingClient',
        product: 'things',
        version: 'v',
        actions: table('ForRegion') as never,
      }),
    );
    expect(error.message).toContain(
      'its method forRegion would hide the member forRegion of ThingClient.prototype',
    );
  });
});

describe('bindActions (deprecated)', () => {
  it('still gives one client its own bound methods', async () => {
    const { config, sent } = recording();
    const client = new RpcClient({
      product: 'things',
      version: 'v',
      regionId: 'cn-hangzhou',
      config,
      credential,
    });
    bindActions(client, THING_ACTIONS);
    const { describeThings } = client as unknown as { describeThings: (req: object) => Promise<unknown> };
    await describeThings({});
    expect(Object.hasOwn(client, 'describeThings$')).toBe(true);
    expect(sent.map((s) => s.action)).toEqual(['DescribeThings']);
    await client.shutdown();
  });

  it('refuses a method that would hide a member of the client (Request used to overwrite request$)', async () => {
    const client = new RpcClient({ product: 'things', version: 'v', regionId: 'cn-hangzhou', credential });
    expect(() => bindActions(client, table('DescribeThings', 'Request'))).toThrow(
      "bindActions cannot give the client the action Request: its method request$ would hide the client's member request$.",
    );
    expect(Object.hasOwn(client, 'describeThings$')).toBe(false);
    await client.shutdown();
  });
});
