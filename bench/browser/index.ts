/**
 * Browser benchmark ("Fast by default"): the same calls in Debian's Chromium on the in-browser fake
 * cloud, alicloud-rx defaults against hand-signed `fetch` + p-limit, as a ratio (target ≥ 0.8×).
 *
 * Usage: npx tsx bench/browser/index.ts [--quick] [--rounds N] [--c 1,10,50] [--latency-ms 5]
 *        [--no-write] [--cpu-prof DIR] (a V8 CPU profile of each timed run, for Chrome DevTools)
 *
 * bench/browser/page.ts (alicloud-rx from src/, the fake cloud, p-limit) is bundled with esbuild
 * and injected into a blank page (served by a route at http://127.0.0.1/, a secure context); Chromium is playwright-core driving `CHROMIUM` (default
 * /usr/bin/chromium), never a downloaded browser. Every sample gets a fresh browser context and
 * page with ONE in-page fake cloud (answering after --latency-ms, checking every signature): it
 * warms its contender up (n/5 calls), then times n calls submitted at once behind C slots. Samples
 * alternate contenders within a round (A B, then B A in the next round); figures are medians over
 * the rounds and the ratio is alicloud-rx's median calls/s over the hand-signed one's, both run in
 * this process and browser: no wall-clock thresholds. "main thread" is the renderer's busy time
 * (DevTools' TaskDuration) during the timed calls, per call: the fake cloud's own work (verifying
 * signatures, building answers) is in it too, for both contenders alike; "peak in flight" is the
 * most calls the fake cloud held at once. Any failed call (or retried request) fails the run.
 * Writes bench/browser/results.json unless --quick or --no-write.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import prettier from 'prettier';
import type { ContenderId, RunOptions, RunResult } from './page.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    c: { type: 'string' },
    'latency-ms': { type: 'string', default: '5' },
    'no-write': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const quick = args.quick;
const ROUNDS = Number(args.rounds ?? (quick ? 1 : 3));
const LATENCY_MS = Number(args['latency-ms']);
const LEVELS = (args.c ?? '1,10,50').split(',').map(Number);
const TARGET = 0.8;
for (const value of [ROUNDS, LATENCY_MS, ...LEVELS]) {
  if (!Number.isFinite(value) || value < 0) throw new Error(`bad option value ${value}`);
}

/** Timed calls and untimed warm-up calls per sample, by concurrency. */
const plan = (c: number): { n: number; warmup: number } => {
  const full = c === 1 ? 200 : c <= 10 ? 1000 : 2000;
  const n = quick ? Math.ceil(full / 5) : full;
  return { n, warmup: Math.ceil(n / 5) };
};

const CONTENDERS: Record<ContenderId, string> = {
  rx: 'alicloud-rx defaults',
  fetch: 'fetch + p-limit, hand-signed',
};
const ORDER: readonly ContenderId[] = ['rx', 'fetch'];

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Never reaches a server: the context's route answers it with a blank page. */
const PAGE_URL = 'http://127.0.0.1/bench.html';

interface Sample {
  contender: ContenderId;
  c: number;
  n: number;
  round: number;
  wallMs: number;
  callsPerSecond: number;
  /** Renderer main-thread busy time (DevTools' TaskDuration) during the timed calls. */
  mainThreadMs: number;
  jsHeapUsedMiB: number;
  peakInFlight: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(here, 'page.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
    // With --cpu-prof, DevTools maps the profiles back to src/ and node_modules/.
    ...(args['cpu-prof'] ? { sourcemap: 'inline' as const } : {}),
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output');
  return `${file.text}\n//# sourceURL=bench-browser-page.js\n`;
}

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

let profileCount = 0;

/** One sample: a fresh context and page, one fake cloud, warm-up, then n timed calls. */
async function sample(
  browser: Browser,
  script: string,
  contender: ContenderId,
  c: number,
  round: number,
): Promise<Sample> {
  const { n, warmup } = plan(c);
  const context = await browser.newContext();
  const offsite: string[] = [];
  // The blank page comes from the route below, at a loopback origin: a secure context (Web Crypto),
  // which about:blank with setContent is not. The fake cloud lives in the page: nothing else may
  // go to the network.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === PAGE_URL) {
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' });
    }
    offsite.push(url);
    return route.abort('blockedbyclient');
  });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(PAGE_URL);
    await page.addScriptTag({ content: script, type: 'module' });
    await page.waitForFunction(() => typeof window.runOne === 'function');
    const secure = await page.evaluate(() => window.isSecureContext && typeof crypto.subtle === 'object');
    if (!secure) throw new Error('the page is not a secure context: no crypto.subtle');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const options: RunOptions = { contender, n, c, latencyMs: LATENCY_MS };
    const warm = await page.evaluate((o) => window.warmUp(o), { ...options, warmup });
    if (warm.failed > 0) {
      throw new Error(`${CONTENDERS[contender]}: ${warm.failed} warm-up calls failed: ${warm.firstError}`);
    }
    if (args['cpu-prof']) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const before = await metrics(cdp);
    const result: RunResult = await page.evaluate((o) => window.runOne(o), options);
    const after = await metrics(cdp);
    if (args['cpu-prof']) {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(args['cpu-prof'], { recursive: true });
      const file = join(args['cpu-prof'], `${++profileCount}-${contender}-c${c}-r${round}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
    }
    // No retries are expected: every call is exactly one request, answered OK.
    if (result.failed > 0 || result.cloud.ok !== n || result.cloud.requests !== n) {
      throw new Error(
        `${CONTENDERS[contender]} at C=${c}: ${result.failed} of ${n} calls failed ` +
          `(the fake cloud answered ${result.cloud.ok} OK of ${result.cloud.requests}): ${result.firstError}`,
      );
    }
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    if (offsite.length > 0) throw new Error(`requests left the page: ${offsite.join(', ')}`);
    const delta = (name: string) => ((after[name] ?? NaN) - (before[name] ?? NaN)) * 1000;
    return {
      contender,
      c,
      n,
      round,
      wallMs: result.ms,
      callsPerSecond: (n / result.ms) * 1000,
      mainThreadMs: delta('TaskDuration'),
      jsHeapUsedMiB: (after.JSHeapUsedSize ?? NaN) / 2 ** 20,
      peakInFlight: result.cloud.peakInFlight,
    };
  } finally {
    await context.close();
  }
}

const pad = (text: string, width: number) => text.padEnd(width);
const padL = (text: string, width: number) => text.padStart(width);

async function main(): Promise<number> {
  const started = Date.now();
  const script = await bundle();
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
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
    ],
  });
  const version = browser.version();
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const cores = os.cpus().length;
  console.log(
    `Chromium ${version} on ${cpu} (${cores} cores); fake cloud latency ${LATENCY_MS} ms; ` +
      `${ROUNDS} round(s); bundle ${(script.length / 1024).toFixed(0)} KiB`,
  );
  const samples: Sample[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of LEVELS) {
        const order = round % 2 === 0 ? ORDER : [...ORDER].reverse();
        for (const contender of order) {
          const s = await sample(browser, script, contender, c, round);
          samples.push(s);
          console.log(
            `  round ${round + 1} C=${c} ${pad(CONTENDERS[contender], 30)} ` +
              `${padL(s.callsPerSecond.toFixed(0), 6)} calls/s (${s.wallMs.toFixed(0)} ms)`,
          );
        }
      }
    }
  } finally {
    await browser.close();
  }

  const rows = LEVELS.flatMap((c) =>
    ORDER.map((contender) => {
      const mine = samples.filter((s) => s.c === c && s.contender === contender);
      const m = (pick: (s: Sample) => number) => median(mine.map(pick));
      return {
        contender,
        name: CONTENDERS[contender],
        concurrency: c,
        n: plan(c).n,
        callsPerSecond: m((s) => s.callsPerSecond),
        mainThreadUsPerCall: m((s) => (s.mainThreadMs / s.n) * 1000),
        mainThreadBusy: m((s) => s.mainThreadMs / s.wallMs),
        peakInFlight: Math.max(...mine.map((s) => s.peakInFlight)),
        samples: mine,
      };
    }),
  );
  const ratios: Record<string, number> = {};
  console.log('');
  for (const c of LEVELS) {
    const { n, warmup } = plan(c);
    console.log(`C=${c} (n=${n}, warm-up ${warmup}, median of ${ROUNDS})`);
    console.log(
      `  ${pad('contender', 30)} ${padL('calls/s', 8)} ${padL('main thread µs/call', 20)} ` +
        `${padL('busy', 5)} ${padL('peak in flight', 15)}`,
    );
    for (const row of rows.filter((r) => r.concurrency === c)) {
      console.log(
        `  ${pad(row.name, 30)} ${padL(row.callsPerSecond.toFixed(0), 8)} ` +
          `${padL(row.mainThreadUsPerCall.toFixed(0), 20)} ` +
          `${padL(`${(row.mainThreadBusy * 100).toFixed(0)}%`, 5)} ${padL(String(row.peakInFlight), 15)}`,
      );
    }
    const rate = (id: ContenderId) =>
      rows.find((r) => r.concurrency === c && r.contender === id)!.callsPerSecond;
    ratios[c] = rate('rx') / rate('fetch');
    console.log(`  ratio alicloud-rx / hand-signed: ${ratios[c].toFixed(2)}×\n`);
  }
  const met = LEVELS.every((c) => ratios[c]! >= TARGET);
  console.log(
    `targets: alicloud-rx defaults ≥ ${TARGET}× hand-signed fetch + p-limit at every C ` +
      `(${LEVELS.map((c) => `C=${c}: ${ratios[c]!.toFixed(2)}×`).join(', ')}): ${met ? 'met' : 'MISSED'}`,
  );
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);

  if (!quick && !args['no-write']) {
    const pkg = (name: string) =>
      (
        JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
    const results = {
      date: new Date().toISOString(),
      command: `npx tsx bench/browser/index.ts ${process.argv.slice(2).join(' ')}`.trim(),
      machine: {
        cpu,
        cores,
        chromium: version,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        versions: { ky: pkg('ky'), 'p-limit': pkg('p-limit'), rxjs: pkg('rxjs'), esbuild: pkg('esbuild') },
      },
      cloud: {
        where: 'in the page: createFakeCloud() from src/testing, one per sample, every signature verified',
        latencyMs: LATENCY_MS,
        call: 'ECS DescribeInstances, RegionId=cn-hangzhou, MaxResults=2',
      },
      contenders: {
        rx: 'describeInstances() on new Config().withEnableAsync(true).withPoolSize(C).withMaxTaskQueueSize(n).withFetch(cloud.fetch): ky over that fetch, Web Crypto signing',
        fetch:
          'p-limit(C) around cloud.fetch(url, { method: "POST", headers }) signed by hand with ACS3-HMAC-SHA256 on crypto.subtle (HMAC key imported once), res.json(), no Code',
      },
      rounds: ROUNDS,
      plan: Object.fromEntries(LEVELS.map((c) => [c, plan(c)])),
      rows,
      ratios,
      targets: { ratioAtLeast: TARGET, met },
    };
    const file = join(here, 'results.json');
    const options = await prettier.resolveConfig(file);
    writeFileSync(file, await prettier.format(JSON.stringify(results), { ...options, parser: 'json' }));
    console.log(`wrote ${file}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
