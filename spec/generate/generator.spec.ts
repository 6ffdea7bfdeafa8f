// The generator: its committed output is what a fresh run writes (reproducible, formatted), its
// package-mode output for a user's project type-checks against alicloud-rx's public entry, and
// it refuses what is no official product package.
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { generate } from '../../src/generate/cli.js';
import { FILLED_PARAMS } from '../../src/generate/emit-product.js';
import { REGION_NAMES, TOKEN_NAMES } from '../../src/clients/filled-params.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository, so that a fresh run formats with the repository's Prettier settings.
const CACHE = join(ROOT, 'node_modules/.cache/alicloud-rx-generate-spec');

function scratch(): string {
  mkdirSync(CACHE, { recursive: true });
  return mkdtempSync(join(CACHE, 'run-'));
}

describe('alicloud-rx-generate', () => {
  it('makes optional exactly the parameters the clients fill in', () => {
    expect([...FILLED_PARAMS].sort()).toEqual([...REGION_NAMES, ...TOKEN_NAMES].sort());
  });

  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('writes exactly the committed files for STS (RPC) and Container Service (ROA)', async () => {
    const out = scratch();
    dirs.push(out);
    const written = await generate([
      '--out',
      out,
      '--repo',
      '@alicloud/sts20150401=Sts',
      '@alicloud/cs20151215=Cs',
    ]);
    expect(written.map((file) => `${basename(dirname(file))}/${basename(file)}`).sort()).toEqual([
      'cs/cs-actions.ts',
      'cs/cs-client.ts',
      'cs/cs-endpoints.ts',
      'cs/cs-types.ts',
      'cs/index.ts',
      'sts/index.ts',
      'sts/sts-actions.ts',
      'sts/sts-client.ts',
      'sts/sts-endpoints.ts',
      'sts/sts-types.ts',
    ]);
    for (const file of written) {
      const committed = join(ROOT, 'src/clients', basename(dirname(file)), basename(file));
      expect([file, readFileSync(file, 'utf8') === readFileSync(committed, 'utf8')]).toEqual([file, true]);
    }
  }, 60_000);

  it("writes, for a user's project, a client that imports only alicloud-rx and type-checks against its entry", async () => {
    const out = scratch();
    dirs.push(out);
    const written = await generate(['--out', out, '@alicloud/sts20150401']);
    for (const file of written) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const specifier of imports)
        expect([basename(file), specifier]).toEqual([
          basename(file),
          expect.stringMatching(/^(alicloud-rx|\.\/sts-[a-z]+\.js|\.\/sts\/index\.js)$/),
        ]);
    }
    const use = join(out, 'use.ts');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      use,
      [
        "import { AccessKeyCredential, Config } from 'alicloud-rx';",
        "import { StsClient, type AssumeRoleResponseBody } from './sts/index.js';",
        "const sts = new StsClient('cn-hangzhou', new Config(), new AccessKeyCredential('id', 'secret'));",
        "export const answer: Promise<AssumeRoleResponseBody> = sts.assumeRole({ RoleArn: 'a', RoleSessionName: 's' });",
        '// @ts-expect-error RoleSessionName is required',
        "export const bad = sts.assumeRole({ RoleArn: 'a' });",
      ].join('\n'),
    );
    const program = ts.createProgram([use], {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      baseUrl: ROOT,
      paths: { 'alicloud-rx': ['./src/index.ts'] },
    });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
  }, 60_000);

  it('refuses what is not an official product package, and a package that is not installed', async () => {
    await expect(generate([])).rejects.toThrow('Name at least one official package');
    await expect(generate(['lodash'])).rejects.toThrow('Not an official product package: lodash');
    await expect(generate(['@alicloud/nothing20990101'])).rejects.toThrow(/Cannot find module/);
    await expect(generate(['--outdir', 'x'])).rejects.toThrow('Unknown option --outdir');
  });
});
