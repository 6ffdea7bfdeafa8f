// A browser app that uses one generated client ships that product's action table and no other's: each
// product is its own entry ('alicloud-rx/ecs', 'alicloud-rx/vpc', …) and its client is a
// `/* @__PURE__ */ serviceClient(…)`, so a bundler drops every table nobody calls — EcsClient's too,
// though the main entry exports it. esbuild bundles a small app written against the sources (as
// spec/browser-bundle.spec.ts does: platform browser, esm, minified, rxjs and ky included).
// Two checks per bundle: the metafile (no byte of another product's folder reached the output) and the
// text (no distinctive action name or API version of another product; each marker below is an action
// of its product only, and occurs nowhere in the SDK's own code).
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { BROWSER_BUILD, ROOT } from '../../helpers/browser-build-options.js';

interface Product {
  folder: string;
  version: string;
  /** Actions of this product only (in no other product's table), named nowhere in the SDK's code. */
  actions: string[];
}

const PRODUCTS: Product[] = [
  // Not DescribeVpcs: ECS has that action as well.
  { folder: 'ecs', version: '2014-05-26', actions: ['DescribeInstances', 'AcceptInquiredSystemEvent'] },
  { folder: 'vpc', version: '2016-04-28', actions: ['DescribeVpcAttribute', 'CreateVpnGateway'] },
  { folder: 'cms', version: '2019-01-01', actions: ['DescribeMetricList'] },
  { folder: 'rds', version: '2014-08-15', actions: ['DescribeDBInstances'] },
  { folder: 'ram', version: '2015-05-01', actions: ['CreateUser'] },
  // Not AssumeRole: the SDK's own STS call (credential providers) names it.
  { folder: 'sts', version: '2015-04-01', actions: ['GetCallerIdentity', 'AssumeRoleWithSAML'] },
  // Not DescribeClusterDetail: RoaClient's error hint names it.
  { folder: 'cs', version: '2015-12-15', actions: ['DescribeClusterNodePools'] },
  { folder: 'bssopenapi', version: '2017-12-14', actions: ['QueryAccountBalance'] },
];

const product = (folder: string): Product => PRODUCTS.find((p) => p.folder === folder)!;

const APPS = {
  ecs: `
    import { EcsClient } from './src/clients/ecs/index.ts';
    import { AccessKeyCredential, Config } from './src/index.ts';
    new EcsClient('cn-hangzhou', new Config(), new AccessKeyCredential('a', 'b')).describeRegions({}).catch(() => {});`,
  vpc: `
    import { VpcClient } from './src/clients/vpc/index.ts';
    import { AccessKeyCredential, Config } from './src/index.ts';
    new VpcClient('cn-hangzhou', new Config(), new AccessKeyCredential('a', 'b')).describeVpcs({}).catch(() => {});`,
  // Untyped: the app names product, version and action itself, so the ECS version is in its own text.
  core: `
    import { AccessKeyCredential, Config, RpcClient } from './src/index.ts';
    const ecs = new RpcClient({ product: 'ecs', version: '2014-05-26', regionId: 'cn-hangzhou', config: new Config(), credential: new AccessKeyCredential('a', 'b') });
    ecs.request$('DescribeRegions', {}).subscribe({ error: () => {} });`,
} as const;
type App = keyof typeof APPS;

/** Upper bounds, minified + gzipped, rxjs and ky included (measured when written: 36.9, 35.4, 22.2 kB). */
const BUDGET: Record<App, number> = { ecs: 60_000, vpc: 60_000, core: 40_000 };

interface AppBundle {
  text: string;
  gzipped: number;
  /** Inputs that put at least one byte in the output, paths relative to the repository root. */
  inputs: string[];
}

async function bundle(app: App): Promise<AppBundle> {
  const result = await build({
    ...BROWSER_BUILD,
    stdin: { contents: APPS[app], resolveDir: ROOT, loader: 'ts', sourcefile: `${app}-app.ts` },
  });
  const [file] = result.outputFiles!;
  const outputs = Object.values((result.metafile as Metafile).outputs);
  if (!file || outputs.length !== 1) throw new Error(`expected one output for ${app}`);
  return {
    text: file.text,
    gzipped: gzipSync(file.contents, { level: 9 }).byteLength,
    inputs: Object.entries(outputs[0]!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  };
}

/** The products whose folder put bytes in the bundle. */
function productsIn(b: AppBundle): string[] {
  return PRODUCTS.filter((p) => b.inputs.some((path) => path.startsWith(`src/clients/${p.folder}/`))).map(
    (p) => p.folder,
  );
}

// ApiClient's error hint quotes the ECS version as an example ("'2014-05-26'"), in every bundle: a
// version in single quotes is that hint, not a table, and is not counted.
function mentions(b: AppBundle, marker: string): boolean {
  return b.text.replaceAll(`'${marker}'`, '').includes(marker);
}

/** The markers (actions and version) of `p` found in the bundle. */
function markersOf(b: AppBundle, p: Product, { version = true } = {}): string[] {
  return [...p.actions, ...(version ? [p.version] : [])].filter((m) => mentions(b, m));
}

describe('product bundles (esbuild, platform browser, esm, minified; gzip -9)', () => {
  const bundles = {} as Record<App, AppBundle>;

  beforeAll(async () => {
    const built = await Promise.all(
      (Object.keys(APPS) as App[]).map(async (app) => [app, await bundle(app)]),
    );
    Object.assign(bundles, Object.fromEntries(built));
  });

  it('an app using EcsClient ships the ECS table and no other product', () => {
    const ecs = bundles.ecs;
    expect(productsIn(ecs)).toEqual(['ecs']);
    expect(markersOf(ecs, product('ecs'))).toEqual([...product('ecs').actions, '2014-05-26']);
    for (const other of PRODUCTS.filter((p) => p.folder !== 'ecs'))
      expect({ product: other.folder, found: markersOf(ecs, other) }).toEqual({
        product: other.folder,
        found: [],
      });
  });

  it('an app using VpcClient ships the VPC table and no other product (not the ECS table of the main entry)', () => {
    const vpc = bundles.vpc;
    expect(productsIn(vpc)).toEqual(['vpc']);
    expect(markersOf(vpc, product('vpc'))).toEqual([...product('vpc').actions, '2016-04-28']);
    for (const other of PRODUCTS.filter((p) => p.folder !== 'vpc'))
      expect({ product: other.folder, found: markersOf(vpc, other) }).toEqual({
        product: other.folder,
        found: [],
      });
  });

  it('an app calling RpcClient untyped ships no product table', () => {
    const core = bundles.core;
    expect(productsIn(core)).toEqual([]);
    expect(core.inputs.filter((p) => /^src\/clients\/[^/]+\//.test(p))).toEqual([]); // no product folder
    expect(mentions(core, 'DescribeRegions')).toBe(true); // the app's own action, kept: the text is searched
    for (const p of PRODUCTS)
      // the ECS version is in the app's own code
      expect({ product: p.folder, found: markersOf(core, p, { version: p.folder !== 'ecs' }) }).toEqual({
        product: p.folder,
        found: [],
      });
  });

  it('each app stays within its size budget (minified + gzipped, rxjs and ky included)', () => {
    expect(bundles.ecs.gzipped).toBeLessThan(BUDGET.ecs);
    expect(bundles.vpc.gzipped).toBeLessThan(BUDGET.vpc);
    expect(bundles.core.gzipped).toBeLessThan(BUDGET.core);
    // the table is what a product adds to the core (ECS: ~15 kB min+gz when written)
    expect(bundles.ecs.gzipped).toBeGreaterThan(bundles.core.gzipped + 5_000);
  });
});
