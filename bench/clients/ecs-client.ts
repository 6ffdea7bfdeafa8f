// Bytes per EcsClient instance and ns per `ecs.describeRegions$({})` (the Observable is built, not
// subscribed), for src's EcsClient and for the way it was built before (a copy of the old
// bindActions below: four own closures per action on every instance, 52 for ECS).
// Run: node --expose-gc --import tsx bench/clients/ecs-client.ts
// Memory: heap growth over 10,000 instances (after gc), for new clients and for forRegion() clients
// (which share one pool). Time: the contenders' rounds alternate in one process, each through its own
// call site, so a busy machine slows them alike; the minimum is the steadiest figure on a loaded box.
import { lastValueFrom } from 'rxjs';
import type { CallOptions } from '../../src/call/call-options.js';
import { Config } from '../../src/config.js';
import type { CallCallback } from '../../src/clients/call-forms.js';
import { EcsClient } from '../../src/clients/ecs/ecs-client.js';
import { ECS_ACTIONS, ECS_API_VERSION } from '../../src/clients/ecs/ecs-actions.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import { actionParams, type ActionSpec } from '../../src/clients/service-client.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import type { CredentialProvider } from '../../src/credentials/credential.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

interface Client {
  describeRegions$(request: object): unknown;
  forRegion(regionId: string): Client;
}

/** bindActions as it was (commit eafd591): four own closures per action on the client. */
function bindActionsBefore(client: RpcClient, table: { readonly [action: string]: ActionSpec }): void {
  const target = client as unknown as Record<string, unknown>;
  for (const [action, spec] of Object.entries(table)) {
    const name = action.charAt(0).toLowerCase() + action.slice(1);
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

/** EcsClient as it was built before: its constructor called bindActions(this, ECS_ACTIONS). */
class ClosureEcsClient extends RpcClient {
  constructor(regionId: string, config: Config, credential: CredentialProvider, sharePoolWith?: RpcClient) {
    super({ product: 'ecs', version: ECS_API_VERSION, regionId, config, credential, sharePoolWith });
    bindActionsBefore(this, ECS_ACTIONS);
  }

  forRegion(regionId: string): ClosureEcsClient {
    return new ClosureEcsClient(regionId, this.config, this.credentialProvider, this);
  }
}

const config = new Config();
const credential = new AccessKeyCredential('testid', 'testsecret');
const contenders: [string, () => Client][] = [
  ['EcsClient (src)', () => new EcsClient('cn-hangzhou', config, credential) as unknown as Client],
  [
    'own closures (before)',
    () => new ClosureEcsClient('cn-hangzhou', config, credential) as unknown as Client,
  ],
];

const INSTANCES = 10_000;
const METHODS = Object.keys(ECS_ACTIONS).flatMap((action) => {
  const name = action.charAt(0).toLowerCase() + action.slice(1);
  return [`${name}$`, name, `${name}WithChan`, `${name}WithCallback`];
});

function heapUsed(): number {
  for (let i = 0; i < 4; i++) gc!();
  return process.memoryUsage().heapUsed;
}

/** Bytes of heap each of INSTANCES objects made by `make` holds. */
function bytesEach(make: () => unknown): number {
  const keep: unknown[] = new Array(INSTANCES);
  make(); // first-use allocations (hidden classes, code) are not the instances' own
  const before = heapUsed();
  for (let i = 0; i < INSTANCES; i++) keep[i] = make();
  const after = heapUsed();
  if (keep.length !== INSTANCES) throw new Error('lost instances');
  return (after - before) / INSTANCES;
}

console.log(`Heap per instance, over ${INSTANCES} instances (node ${process.version}):`);
{
  const options = { product: 'ecs', version: ECS_API_VERSION, regionId: 'cn-hangzhou', config, credential };
  const parent = new RpcClient(options);
  const fresh = bytesEach(() => new RpcClient(options));
  const sibling = bytesEach(
    () => new RpcClient({ ...options, regionId: 'cn-shanghai', sharePoolWith: parent }),
  );
  console.log(
    `  ${'RpcClient (no actions)'.padEnd(22)} new: ${fresh.toFixed(0)} B   forRegion: ${sibling.toFixed(0)} B`,
  );
}
for (const [name, make] of contenders) {
  const fresh = bytesEach(make);
  const parent = make();
  const sibling = bytesEach(() => parent.forRegion('cn-shanghai'));
  const used = bytesEach(() => {
    const client = make();
    client.describeRegions$({});
    return client;
  });
  const all = bytesEach(() => {
    const client = make() as unknown as Record<string, unknown>;
    for (const name of METHODS) if (typeof client[name] !== 'function') throw new Error(`no ${name}`);
    return client;
  });
  console.log(
    `  ${name.padEnd(22)} new: ${fresh.toFixed(0)} B   forRegion: ${sibling.toFixed(0)} B   ` +
      `after one describeRegions$: ${used.toFixed(0)} B   after reading all 52 methods: ${all.toFixed(0)} B`,
  );
}

const CALLS = 200_000;
const ROUNDS = 41;
// One compiled loop per contender (new Function gives each its own call site and feedback).
const loops = contenders.map(
  () =>
    new Function(
      'client',
      'calls',
      `let built = 0;
       const start = process.hrtime.bigint();
       for (let i = 0; i < calls; i++) if (client.describeRegions$({})) built++;
       const ns = Number(process.hrtime.bigint() - start) / calls;
       if (built !== calls) throw new Error('a call built nothing');
       return ns;`,
    ) as (client: Client, calls: number) => number,
);
const clients = contenders.map(([, make]) => make());
for (let w = 0; w < 5; w++) clients.forEach((client, i) => loops[i]!(client, CALLS)); // warm-up
const times = contenders.map((): number[] => []);
for (let r = 0; r < ROUNDS; r++) {
  // ABBA order: a contender is first in one round and last in the next.
  const order = r % 2 ? [...clients.keys()].reverse() : [...clients.keys()];
  for (const i of order) times[i]!.push(loops[i]!(clients[i]!, CALLS));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

console.log(`ecs.describeRegions$({}) built, not subscribed; ${ROUNDS} rounds of ${CALLS} calls:`);
contenders.forEach(([name], i) => {
  const sorted = [...times[i]!].sort((a, b) => a - b);
  console.log(
    `  ${name.padEnd(22)} median ${median(times[i]!).toFixed(1)} ns/call, ` +
      `p25 ${sorted[ROUNDS >> 2]!.toFixed(1)}, min ${sorted[0]!.toFixed(1)}`,
  );
});
// Each round's src time over the same round's time before: drift on a busy machine cancels out.
const ratios = times[0]!.map((ns, r) => ns / times[1]![r]!);
const [low, high] = [...ratios]
  .sort((a, b) => a - b)
  .filter((_, k) => k === ROUNDS >> 2 || k === (3 * ROUNDS) >> 2);
console.log(
  `  src / before, per round: median ${median(ratios).toFixed(3)} (quartiles ${low!.toFixed(3)}–${high!.toFixed(3)})`,
);
