// 'alicloud-rx' under Node's `node` export condition: the same exports as the browser entry, with
// node:crypto signing and nodeHttpTransport() as the defaults of a plain `new Config()`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as browserEntry from '../src/index.js';
import * as nodeEntry from '../src/index.node.js';
import { hashBackend } from '../src/signing/web-crypto.js';
import { accessKey, rejectionOf } from './clients/wire.js';
import { startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';

const { Config, RpcClient, kyTransport } = nodeEntry;
const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe("'alicloud-rx' in Node (index.node.ts)", () => {
  let server: LoopbackServer;
  beforeEach(async () => (server = await startLoopbackServer()));
  afterEach(() => server.close());

  const client = (config: InstanceType<typeof Config>) =>
    new RpcClient({
      product: 'ecs',
      version: '2014-05-26',
      regionId: 'cn-hangzhou',
      config: config.withEndpoint(server.url),
      credential: accessKey(),
    });

  it('exports exactly what the browser entry exports, the same objects', () => {
    expect(Object.keys(nodeEntry).sort()).toEqual(Object.keys(browserEntry).sort());
    expect(nodeEntry.Config).toBe(browserEntry.Config); // one class: instanceof holds across entries
  });

  it('signs with node:crypto by default', () => {
    expect(hashBackend().name).toBe('node:crypto');
  });

  it('sends a plain new Config() through node:http, and ky over fetch when asked (withTransport(kyTransport()))', async () => {
    await client(new Config()).request('DescribeRegions', {});
    await client(new Config().withTransport(kyTransport())).request('DescribeRegions', {});
    const [byDefault, byKy] = server.requests;
    // Node's fetch (undici) adds the Fetch metadata headers to every request; node:http does not.
    expect(byKy!.headers['sec-fetch-mode']).toBe('cors');
    expect(byDefault!.headers['sec-fetch-mode']).toBeUndefined();
    expect([byDefault!.signatureValid, byKy!.signatureValid]).toEqual([true, true]);
  });

  it('keeps every Config rule of the browser entry (a bad value is the same ClientError)', async () => {
    const error = await rejectionOf(Promise.resolve().then(() => new Config({ goRoutinePoolSize: 0 })));
    expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
  });

  it("is what package.json's exports give Node, after every condition of a runtime that keeps ky (browsers, workers, Deno, Bun)", () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
      exports: Record<string, Record<string, string>>;
      sideEffects: string[];
    };
    const conditions = Object.entries(pkg.exports['.']!);
    const target = (condition: string) => conditions.find(([c]) => c === condition)?.[1];
    expect(target('node')).toBe('./dist/index.node.js');
    for (const runtime of ['browser', 'worker', 'deno', 'bun', 'default'])
      expect(target(runtime)).toBe('./dist/index.js');
    // The first matching condition wins: Deno and Bun also match `node`, so theirs come first.
    const order = conditions.map(([c]) => c);
    for (const runtime of ['browser', 'worker', 'deno', 'bun'])
      expect(order.indexOf(runtime)).toBeLessThan(order.indexOf('node'));
    // The entry installs its defaults at load: bundlers must keep it.
    expect(pkg.sideEffects).toContain('./dist/index.node.js');
  });
});
