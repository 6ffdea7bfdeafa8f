// The folders of src/ are layers and data flows one way (DESIGN.md §4): each folder may import
// only the folders listed for it below, and no module imports itself back at run time through a
// chain of others. Imports are read with the TypeScript parser, so multi-line and type-only
// imports are told apart exactly.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** The top-level files that, with their folder-less peers, form the config layer. */
const CONFIG = ['config', 'config-checks', 'retry-policy-options', 'endpoint', 'version'];

/** The entry points: they may import anything. */
const ENTRIES = ['index', 'index.node', 'node'];

/** Folder (or config layer) → what it may import besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  errors: [],
  checks: ['errors'],
  signing: ['errors', 'checks'],
  http: ['errors', 'checks'],
  // A budget knows nothing of HTTP or clients: leases and tokens (its waiting line is the pool's queue).
  budget: ['errors', 'checks', 'pool'],
  // Call events: what the pool and the pipeline tell, and the sinks that turn them into log lines.
  events: ['errors', 'checks', 'http'],
  config: ['errors', 'checks', 'http', 'budget', 'events'],
  credentials: ['errors', 'checks', 'http', 'signing', 'config'],
  call: ['errors', 'checks', 'http', 'signing', 'config', 'credentials', 'budget', 'events'],
  // The pool knows nothing of HTTP, signing or credentials.
  pool: ['errors', 'checks'],
  clients: [
    'errors',
    'checks',
    'http',
    'signing',
    'config',
    'credentials',
    'call',
    'pool',
    'budget',
    'events',
  ],
  operators: ['errors', 'checks', 'pool', 'clients'],
  // The fake cloud verifies signatures with the signers but sends nothing through the SDK's own pipeline.
  testing: ['errors', 'checks', 'http', 'signing'],
  // The generator (a Node tool) reads official packages and writes clients; it runs none of the SDK.
  generate: [],
  // The Redis budget (Node): a Budget over Redis; no client, call or HTTP.
  redis: ['errors', 'checks', 'pool', 'budget'],
  // The Angular entry: providers and signals over clients; nothing below needs it.
  angular: ['errors', 'checks', 'pool', 'clients', 'operators'],
  // OpenTelemetry (optional peer): spans and metrics from a client's events and pool statistics.
  otel: ['errors', 'checks', 'http', 'config', 'pool', 'events', 'clients'],
};

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: Import[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    let typeOnly: boolean;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      const named = clause?.namedBindings;
      typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
    } else {
      typeOnly = statement.isTypeOnly;
    }
    const to = normalize(join(dirname(file), specifier.text.replace(/\.js$/, '.ts')));
    found.push({ from: file, to, typeOnly });
  }
  return found;
}

function layerOf(file: string): string {
  const [head, ...rest] = relative(SRC, file).split(/[\\/]/);
  if (rest.length > 0) return head!;
  const name = head!.replace(/\.ts$/, '');
  return CONFIG.includes(name) ? 'config' : name;
}

const files = sourceFiles(SRC);
const imports = files.flatMap(importsOf);
const show = (file: string) => relative(SRC, file);

describe('layers of src/', () => {
  it('finds the imports it checks (a parser that saw none would pass anything)', () => {
    expect(files.length).toBeGreaterThan(80);
    expect(imports.length).toBeGreaterThan(200);
    expect(
      imports.some((i) => show(i.from) === 'clients/rpc-client.ts' && show(i.to) === 'call/call-pipeline.ts'),
    ).toBe(true);
  });

  it('has a rule for every folder and top-level file', () => {
    const layers = new Set(files.map(layerOf));
    const unruled = [...layers].filter((l) => !(l in ALLOWED) && !ENTRIES.includes(l));
    expect(unruled).toEqual([]);
  });

  it('imports only downwards: each folder from the folders listed for it (credentials/ never from clients/ or call/)', () => {
    const wrong = imports
      .filter(({ from, to }) => {
        const [a, b] = [layerOf(from), layerOf(to)];
        return a !== b && !ENTRIES.includes(a) && !ALLOWED[a]!.includes(b);
      })
      .map(({ from, to }) => `${show(from)} -> ${show(to)}`);
    expect(wrong).toEqual([]);
  });

  it('has no import cycle at run time (type-only imports aside)', () => {
    const graph = new Map<string, string[]>();
    for (const { from, to, typeOnly } of imports) {
      if (!typeOnly) graph.set(from, [...(graph.get(from) ?? []), to]);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      path.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open')
          cycles.push([...path.slice(path.indexOf(next)), next].map(show).join(' -> '));
        else if (!state.has(next)) visit(next);
      }
      path.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
