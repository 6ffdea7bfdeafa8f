/**
 * Cold import of a generated client, and the generator's wall time.
 *
 * Usage: npm run build && node --import tsx bench/products/cold-import.ts [--runs 10] [--no-generate]
 *
 * Import: every sample is a fresh `node` process (no tsx, no loader) that times one dynamic import
 * with performance.now(), inside the process: the tsc build's 'alicloud-rx/ecs'
 * (dist/clients/ecs/index.js, what `import('alicloud-rx/ecs')` loads), the main Node entry alone
 * (dist/index.node.js), both (what an app writes), rxjs alone for scale, and the official
 * @alicloud/ecs20140526 (CommonJS) through import() and through require(). Dependencies (rxjs, ky;
 * @alicloud/openapi-client and the rest of the official tree) load as part of the import: that is what
 * a cold start pays.
 * Samples alternate contender by contender within a round, after one discarded round that warms the
 * OS file cache; each figure is the median over the rounds. "process" is the child's wall time seen
 * by this process (node start-up included).
 *
 * Generator: `node --import tsx src/generate/cli.ts --out <temp dir> --repo` once (no product: all
 * eight, as `npm run generate`), into node_modules/.cache/, removed afterwards; its files are compared
 * with src/clients/ (ecs-refined.ts is copied in first, as the generator reads it).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    'no-generate': { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1)
  throw new Error(`--runs must be a positive integer, not ${args.runs}`);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dist = (path: string) => pathToFileURL(join(ROOT, 'dist', path)).href;
for (const file of ['clients/ecs/index.js', 'index.node.js'])
  if (!existsSync(join(ROOT, 'dist', file)))
    throw new Error(`dist/${file} is missing: run npm run build first`);

interface Contender {
  name: string;
  /** Module code run before the clock starts (may define what `load` uses). */
  setup?: string;
  /** An expression awaited between the two performance.now() calls. */
  load: string;
}

const OFFICIAL = '@alicloud/ecs20140526';
const load = (specifier: string) => `import(${JSON.stringify(specifier)})`;
const CONTENDERS: Contender[] = [
  { name: 'alicloud-rx/ecs (EcsClient)', load: load(dist('clients/ecs/index.js')) },
  { name: 'alicloud-rx (Node entry)', load: load(dist('index.node.js')) },
  {
    name: 'alicloud-rx + alicloud-rx/ecs',
    load: `Promise.all([${load(dist('index.node.js'))}, ${load(dist('clients/ecs/index.js'))}])`,
  },
  { name: 'rxjs (a dependency, alone)', load: load('rxjs') },
  { name: `${OFFICIAL} import()`, load: load(OFFICIAL) },
  {
    name: `${OFFICIAL} require()`,
    setup: `const { createRequire } = await import('node:module'); const require = createRequire(${JSON.stringify(pathToFileURL(join(ROOT, 'package.json')).href)});`,
    load: `require(${JSON.stringify(OFFICIAL)})`,
  },
];
const BASELINE = `${OFFICIAL} import()`;

// The child's environment without NODE_OPTIONS: no loader (tsx) or flag of the caller's reaches it.
const childEnv = { ...process.env };
delete childEnv.NODE_OPTIONS;

interface Sample {
  importMs: number;
  processMs: number;
}

function sample(c: Contender): Sample {
  const code = `${c.setup ?? ''}
const t0 = performance.now();
await ${c.load};
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms }));`;
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT, // the official package resolves from the repository's node_modules
    env: childEnv,
    encoding: 'utf8',
  });
  const processMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`${c.name}: exit ${child.status}\n${child.stderr}`);
  return { importMs: (JSON.parse(child.stdout) as { ms: number }).ms, processMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (value: number) => value.toFixed(1).padStart(7);

function coldImports(): void {
  for (const c of CONTENDERS) sample(c); // warms the OS file cache; discarded
  const samples = new Map<string, Sample[]>(CONTENDERS.map((c) => [c.name, []]));
  for (let round = 0; round < RUNS; round++) for (const c of CONTENDERS) samples.get(c.name)!.push(sample(c));

  const baseline = median(samples.get(BASELINE)!.map((s) => s.importMs));
  const width = Math.max(...CONTENDERS.map((c) => c.name.length));
  console.log(
    `cold import, node ${process.version}: median of ${RUNS} fresh processes, ms inside the process around import()\n`,
  );
  console.log(`  ${'module'.padEnd(width)}   import     min   process   × ${BASELINE}`);
  for (const c of CONTENDERS) {
    const list = samples.get(c.name)!;
    const imported = median(list.map((s) => s.importMs));
    const min = Math.min(...list.map((s) => s.importMs));
    const proc = median(list.map((s) => s.processMs));
    console.log(
      `  ${c.name.padEnd(width)} ${ms(imported)} ${ms(min)}   ${ms(proc)}   ${(imported / baseline).toFixed(2)}×`,
    );
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
}

function generator(): void {
  const out = join(ROOT, 'node_modules/.cache/alicloud-rx-bench', `generate-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'ecs'), { recursive: true });
  // The generator reads the hand-written refinements to type the refined actions (as in src/clients/).
  copyFileSync(join(ROOT, 'src/clients/ecs/ecs-refined.ts'), join(out, 'ecs/ecs-refined.ts'));
  try {
    const started = performance.now();
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/generate/cli.ts', '--out', relative(ROOT, out), '--repo'],
      { cwd: ROOT, env: childEnv, encoding: 'utf8' },
    );
    const wall = performance.now() - started;
    if (run.status !== 0) throw new Error(`generator: exit ${run.status}\n${run.stderr}`);
    const written = filesUnder(out).filter((f) => !f.endsWith('-refined.ts'));
    const differing = written.filter(
      (f) =>
        !existsSync(join(ROOT, 'src/clients', f)) ||
        readFileSync(join(ROOT, 'src/clients', f), 'utf8') !== readFileSync(join(out, f), 'utf8'),
    );
    console.log(
      `\ngenerator (node --import tsx src/generate/cli.ts --out <temp> --repo, all eight products):`,
    );
    for (const line of run.stdout.trim().split('\n')) console.log(`  ${line}`);
    console.log(`  wall time: ${(wall / 1000).toFixed(1)} s (process start, tsx and prettier included)`);
    console.log(
      `  ${written.length - differing.length} of ${written.length} files equal to src/clients/` +
        (differing.length ? `; differing: ${differing.join(', ')}` : ''),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

coldImports();
if (!args['no-generate']) generator();
