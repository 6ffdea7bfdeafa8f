// README code blocks marked `<!-- snippet: path -->` must be byte-identical to that file, which
// `npm run typecheck` compiles: the README cannot show code that no longer type-checks.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const README = readFileSync(`${ROOT}README.md`, 'utf8');

interface Snippet {
  path: string;
  code: string;
  line: number;
}

/** `<!-- snippet: path -->`, an optional blank line, then a fenced block: its body, verbatim. */
function snippets(markdown: string): Snippet[] {
  const marker = /^<!-- snippet: (\S+) -->\n(?:\n)?(`{3,})[^\n]*\n([\s\S]*?)^\2[ \t]*$/gm;
  return [...markdown.matchAll(marker)].map((m) => ({
    path: m[1]!,
    code: m[3]!,
    line: markdown.slice(0, m.index).split('\n').length,
  }));
}

/** A `## heading` section, up to the next `## `. */
function section(markdown: string, heading: string): string | undefined {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return undefined;
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

const found = snippets(README);
const ANGULAR_DIR = 'examples/angular-dashboard/src/app';
const angularFiles = readdirSync(`${ROOT}${ANGULAR_DIR}`)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `${ANGULAR_DIR}/${f}`);
// The files "Using it from Angular" shows of the dashboard: its providers, credentials, state, gauge.
const SHOWN = ['app.config.ts', 'fleet-store.ts', 'pool-gauge.ts', 'sts-credentials.ts'].map(
  (f) => `${ANGULAR_DIR}/${f}`,
);

describe('README snippets', () => {
  it('every snippet marker is followed by a fenced block', () => {
    const markers = README.match(/<!-- snippet: /g) ?? [];
    expect(found).toHaveLength(markers.length);
  });

  it('shows the dashboard\'s providers, credentials, state and gauge once each, in "Using it from Angular"', () => {
    const angular = section(README, 'Using it from Angular');
    expect(angular).toBeDefined();
    const shown = snippets(angular ?? '').map((s) => s.path);
    expect(shown.sort()).toEqual(SHOWN);
    for (const path of shown) expect(angularFiles).toContain(path);
  });

  it.each(found.map((s) => [s.path, s] as const))(
    '%s is byte-identical to the README block',
    (path, snippet) => {
      const file = readFileSync(`${ROOT}${path}`, 'utf8');
      // The file's text; a mismatch names the README line where the block starts.
      expect({ line: snippet.line, code: snippet.code }).toEqual({ line: snippet.line, code: file });
    },
  );
});
