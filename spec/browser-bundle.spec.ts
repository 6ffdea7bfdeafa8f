// The browser entries ('alicloud-rx' and 'alicloud-rx/testing') must bundle for the browser with no
// Node built-in, and stay small. esbuild (what Vite used to pre-bundle dependencies) builds them with
// platform 'browser', which refuses to resolve `node:*` and bare built-ins ('fs', 'http', …); the
// metafile is checked as well, so a Node-only import fails this spec either way. Sizes are bytes, not
// timings: they do not depend on the machine. `npx jest spec/browser-bundle.spec.ts` prints them.
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { BROWSER_BUILD, ROOT } from './helpers/browser-build-options.js';

const ENTRIES = [
  { name: 'alicloud-rx', in: 'src/index.ts', out: 'index' },
  { name: 'alicloud-rx/testing', in: 'src/testing/index.ts', out: 'testing/index' },
] as const;
type EntryName = (typeof ENTRIES)[number]['name'];

/** Upper bounds, minified + gzipped, in bytes: about 2.5× the size measured when this was written. */
const BUDGET: Record<EntryName, { full: number; ours: number }> = {
  // EcsClient is in the main entry: its generated table (380 actions, ~10 kB min+gz) counts here; a
  // bundle that does not use EcsClient drops it (spec/clients/products/product-bundles.spec.ts).
  'alicloud-rx': { full: 70_000, ours: 42_000 },
  'alicloud-rx/testing': { full: 35_000, ours: 35_000 },
};

const OPTIONS: BuildOptions = BROWSER_BUILD;

interface EntryBundle {
  name: EntryName;
  text: string;
  minified: number;
  gzipped: number;
  /** Every input of this output, paths relative to the repository root. */
  inputs: string[];
}

interface Bundle {
  entries: EntryBundle[];
  metafile: Metafile;
}

async function bundle(external: string[]): Promise<Bundle> {
  const result = await build({
    ...OPTIONS,
    entryPoints: ENTRIES.map((e) => ({ in: e.in, out: e.out })),
    external,
  });
  const metafile = result.metafile!;
  const entries = ENTRIES.map((entry): EntryBundle => {
    const path = `browser-bundle/${entry.out}.js`;
    const file = result.outputFiles!.find((f) => f.path === `${ROOT}${path}`);
    const output = metafile.outputs[path];
    if (!file || !output) throw new Error(`no output for ${entry.in}`);
    return {
      name: entry.name,
      text: file.text,
      minified: file.contents.byteLength,
      gzipped: gzipSync(file.contents, { level: 9 }).byteLength,
      inputs: Object.keys(output.inputs),
    };
  });
  return { entries, metafile };
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]!);
}

/** Source files that import a Node built-in: none of them may reach a browser bundle. */
function nodeOnlySources(): string[] {
  const files = readdirSync(`${ROOT}src`, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `src/${f.replaceAll('\\', '/')}`);
  return files.filter((f) =>
    /\bfrom\s+['"](node:[^'"]+|fs|fs\/promises|http|https|net|os|path|url|zlib)['"]/.test(
      readFileSync(`${ROOT}${f}`, 'utf8'),
    ),
  );
}

/** Node-only by design (exported from 'alicloud-rx/node' or 'alicloud-rx/testing/server' only). */
const NODE_ONLY = [
  'src/node.ts',
  'src/index.node.ts', // 'alicloud-rx' under the `node` condition
  'src/http/node-http-transport.ts',
  'src/signing/node-crypto-backend.ts',
  'src/credentials/environment-credential-provider.ts',
  'src/credentials/profile-credential-provider.ts',
  'src/credentials/cli-config-credential-provider.ts',
  'src/credentials/ecs-ram-role-credential-provider.ts',
  'src/credentials/ram-role-arn-credential-provider.ts',
  'src/credentials/default-credential-provider.ts',
  'src/credentials/node-credential-options.ts',
  'src/credentials/profile-fields.ts',
  'src/credentials/ecs-metadata.ts',
  'src/testing/server.ts',
  'src/testing/cli.ts',
];

function kB(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

describe('browser bundle', () => {
  let full: Bundle;
  let ours: Bundle;

  beforeAll(async () => {
    full = await bundle([]); // rxjs and ky bundled too: what a browser app ships
    ours = await bundle(['rxjs', 'ky']); // our code only
    const rows = ENTRIES.map((_, i) => {
      const f = full.entries[i]!;
      const o = ours.entries[i]!;
      return (
        `  ${f.name.padEnd(20)} with rxjs+ky: ${kB(f.minified)} min, ${kB(f.gzipped)} min+gz` +
        ` | ours only: ${kB(o.minified)} min, ${kB(o.gzipped)} min+gz`
      );
    });
    // eslint-disable-next-line no-console -- the measurement is the point of this spec
    console.log(`browser bundle (esbuild, platform browser, esm, minified; gzip -9):\n${rows.join('\n')}`);
  });

  it('a Node built-in in the graph fails the build (platform browser)', async () => {
    const leak = (contents: string) =>
      build({
        ...OPTIONS,
        metafile: false,
        stdin: { contents, resolveDir: `${ROOT}src`, loader: 'ts', sourcefile: 'leak.ts' },
      });
    await expect(leak(`import { readFile } from 'node:fs/promises'; export { readFile };`)).rejects.toThrow(
      /Could not resolve "node:fs\/promises"/,
    );
    await expect(leak(`import { request } from 'http'; export { request };`)).rejects.toThrow(
      /Could not resolve "http"/,
    );
    await expect(leak(`export { ProfileCredentialProvider } from './node.js';`)).rejects.toThrow(
      /Could not resolve "node:/,
    );
  });

  it('has no Node built-in among the inputs or their imports', () => {
    for (const { metafile } of [full, ours]) {
      const inputs = Object.keys(metafile.inputs);
      expect(inputs.filter(isNodeBuiltin)).toEqual([]);
      expect(inputs.filter((p) => /(^|\/)node_modules\/(@types\/node|undici|node-fetch)\//.test(p))).toEqual(
        [],
      );
      const imports = Object.entries(metafile.inputs).flatMap(([from, input]) =>
        input.imports.filter((i) => isNodeBuiltin(i.path)).map((i) => `${from} → ${i.path}`),
      );
      expect(imports).toEqual([]);
    }
  });

  it('pulls in no Node-only source file', () => {
    const nodeOnly = [...new Set([...NODE_ONLY, ...nodeOnlySources()])];
    for (const file of NODE_ONLY) expect(() => readFileSync(`${ROOT}${file}`)).not.toThrow(); // the list is current
    for (const entry of [...full.entries, ...ours.entries]) {
      expect({ entry: entry.name, nodeOnly: entry.inputs.filter((p) => nodeOnly.includes(p)) }).toEqual({
        entry: entry.name,
        nodeOnly: [],
      });
    }
  });

  it('uses no Node global (Buffer, process, require, __dirname) in the output', () => {
    for (const entry of full.entries) {
      const found = [
        /\bBuffer\.(from|alloc|concat|isBuffer|byteLength)\b/,
        /\bprocess\.(env|nextTick|versions|platform|hrtime)\b/,
        /\b(__dirname|__filename|setImmediate)\b/,
        /\brequire\(["']/,
        /Dynamic require of/,
      ].filter((re) => re.test(entry.text));
      expect({ entry: entry.name, found }).toEqual({ entry: entry.name, found: [] });
    }
  });

  it('bundles rxjs and ky into the full build and leaves them out of ours', () => {
    const full0 = full.entries[0]!.inputs;
    expect(full0.some((p) => p.includes('node_modules/rxjs/'))).toBe(true);
    expect(full0.some((p) => p.includes('node_modules/ky/'))).toBe(true);
    const ours0 = ours.entries[0]!.inputs;
    expect(ours0.filter((p) => p.includes('node_modules/'))).toEqual([]);
  });

  it.each(ENTRIES.map((e, i) => [e.name, i] as const))(
    '%s stays within its size budget (minified + gzipped)',
    (name, i) => {
      expect(full.entries[i]!.gzipped).toBeLessThan(BUDGET[name].full);
      expect(ours.entries[i]!.gzipped).toBeLessThan(BUDGET[name].ours);
    },
  );

  it('ships less than 150 kB (min+gz) from both entries together, rxjs and ky included', () => {
    expect(full.entries.reduce((sum, e) => sum + e.gzipped, 0)).toBeLessThan(150_000);
  });
});
