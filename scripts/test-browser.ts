/**
 * `npm run test:browser`: builds the static Storybook and the Angular dashboard
 * (`examples/angular-dashboard`, `npm run build:dashboard`), serves both on 127.0.0.1, and drives
 * Debian's Chromium (playwright-core, never a downloaded browser) through every story and docs
 * page, and through the dashboard, with the tests of `browser-tests/*.browser.ts`, saving a
 * screenshot of each in `storybook-screenshots/`. Any request that would leave 127.0.0.1 is
 * blocked and fails the run. Ends with `N passed, N failed`.
 *
 * Environment: `SKIP_STORYBOOK_BUILD=1` reuses `storybook-static/`, `SKIP_DASHBOARD_BUILD=1` the
 * dashboard's `dist/`; `CHROMIUM` overrides `/usr/bin/chromium`; `TEST_FILTER` runs only the tests
 * whose id or name contains it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BrowserTest } from '../browser-tests/support.js';

const root = resolve(import.meta.dirname, '..');
const staticDir = join(root, 'storybook-static');
const dashboardDir = join(root, 'examples', 'angular-dashboard');
const dashboardDist = join(dashboardDir, 'dist', 'browser');
const screenshotDir = join(root, 'storybook-screenshots');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TEST_TIMEOUT_MS = 60_000;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs a build of `what` (a bin of node_modules/.bin) unless `skip` and its output exists. */
function buildOnce(
  what: string,
  bin: string,
  args: string[],
  cwd: string,
  output: string,
  skip: boolean,
): void {
  if (skip && existsSync(output)) return;
  log(`building ${what}…`);
  const started = Date.now();
  const result = spawnSync(join(root, 'node_modules', '.bin', bin), args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', NG_CLI_ANALYTICS: 'false' },
  });
  if (result.status !== 0) {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    throw new Error(`${what}: build failed (exit ${result.status})`);
  }
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function buildStorybook(): void {
  const args = ['build', '--quiet', '--disable-telemetry', '--loglevel', 'warn', '-o', staticDir];
  const skip = process.env.SKIP_STORYBOOK_BUILD === '1';
  buildOnce('the static Storybook', 'storybook', args, root, join(staticDir, 'index.json'), skip);
}

function buildDashboard(): void {
  const skip = process.env.SKIP_DASHBOARD_BUILD === '1';
  buildOnce('the Angular dashboard', 'ng', ['build'], dashboardDir, join(dashboardDist, 'index.html'), skip);
}

/** A tiny static file server for a folder (`storybook-static/`, the dashboard) on 127.0.0.1, port 0. */
async function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir + sep)) file = join(dir, 'missing');
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        response.end(body);
      },
      () => {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not found');
      },
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function loadTests(): Promise<BrowserTest[]> {
  const dir = join(root, 'browser-tests');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.browser.ts'))
    .sort();
  const modules = await Promise.all(
    files.map((f) => import(pathToFileURL(join(dir, f)).href) as Promise<{ tests: BrowserTest[] }>),
  );
  return modules.flatMap((m) => m.tests);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runTest(
  browser: Browser,
  origins: { storybook: string; dashboard: string },
  test: BrowserTest,
  offsite: string[],
): Promise<void> {
  const origin = test.app === 'dashboard' ? origins.dashboard : origins.storybook;
  const context = await browser.newContext({
    viewport: { width: 1200, height: 900 },
    serviceWorkers: 'block',
  });
  // Nothing may leave the loopback server: the fake cloud lives in the page.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    offsite.push(url);
    return route.abort('blockedbyclient');
  });
  const page: Page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  let shot = false;
  const screenshot = async () => {
    shot = true;
    await page.screenshot({ path: join(screenshotDir, `${test.id}.png`), fullPage: true });
  };
  try {
    if (test.app === 'dashboard') {
      await page.goto(`${origin}${test.path ?? '/'}`);
      await page.waitForSelector('app-root[ng-version]', { timeout: 15_000 });
    } else {
      const docs = test.id.endsWith('--docs');
      await page.goto(`${origin}/iframe.html?id=${test.id}&viewMode=${docs ? 'docs' : 'story'}`);
      await page.waitForSelector(docs ? '#storybook-docs .sbdocs-content' : '#storybook-root > *', {
        timeout: 15_000,
      });
    }
    await test.run({ page, screenshot });
    if (!shot) await screenshot();
    if (problems.length > 0) throw new Error(problems.join('\n'));
  } catch (error) {
    if (!shot) await screenshot().catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

async function main(): Promise<number> {
  buildStorybook();
  buildDashboard();
  const index = JSON.parse(await readFile(join(staticDir, 'index.json'), 'utf8')) as {
    entries: Record<string, { id: string; type: 'story' | 'docs' }>;
  };
  let tests = await loadTests();
  // Every story and docs page must have a test, and every test a story.
  const entries = Object.values(index.entries).map((e) => e.id);
  const untested = entries.filter((id) => !tests.some((t) => t.id === id));
  const unknown = tests.filter((t) => t.app !== 'dashboard' && !entries.includes(t.id)).map((t) => t.id);
  const filter = process.env.TEST_FILTER;
  if (filter) tests = tests.filter((t) => t.id.includes(filter) || t.name.includes(filter));

  await rm(screenshotDir, { recursive: true, force: true });
  await mkdir(screenshotDir, { recursive: true });
  const { server, origin } = await serve(staticDir);
  const dashboard = await serve(dashboardDist);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  log(
    `serving ${origin} and the dashboard at ${dashboard.origin}; ${tests.length} tests over ${entries.length} stories and docs pages and the dashboard`,
  );
  let passed = 0;
  let failed = 0;
  const offsite: string[] = [];
  const record = (ok: boolean, name: string, ms: number, error?: unknown) => {
    if (ok) passed++;
    else failed++;
    log(`${ok ? '✓' : '✗'} ${name} (${ms} ms)`);
    if (error)
      log(
        `    ${String(error instanceof Error ? (error.stack ?? error.message) : error).replace(/\n/g, '\n    ')}`,
      );
  };
  try {
    if (!filter) {
      const missing = [
        ...untested.map((id) => `no test for ${id}`),
        ...unknown.map((id) => `no story ${id}`),
      ];
      record(
        missing.length === 0,
        'every story and docs page has a browser test',
        0,
        missing.join('; ') || undefined,
      );
    }
    for (const test of tests) {
      const started = Date.now();
      try {
        await withTimeout(
          runTest(browser, { storybook: origin, dashboard: dashboard.origin }, test, offsite),
          TEST_TIMEOUT_MS,
          test.name,
        );
        record(true, test.name, Date.now() - started);
      } catch (error) {
        record(false, test.name, Date.now() - started, error);
      }
    }
    const blocked = [...new Set(offsite)];
    record(blocked.length === 0, 'no request left 127.0.0.1', 0, blocked.join('\n') || undefined);
  } finally {
    await browser.close();
    server.close();
    dashboard.server.close();
  }
  log(`screenshots in ${screenshotDir}`);
  log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    log('0 passed, 1 failed');
    process.exit(1);
  },
);
