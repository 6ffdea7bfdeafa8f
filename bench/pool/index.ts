/**
 * Per-call overhead of our TaskPool against p-limit, p-queue and a plain RxJS mergeMap:
 * N trivial async calls submitted all at once behind 10 slots. Also what N queued calls cost
 * to cancel and to hold, and what one parent Subscription costs to cancel 100k calls queued behind
 * 20 never-ending ones, in subscription order and in reverse. Usage: npm run bench:pool [-- --quick]
 * [-- --json]
 *
 * `--calls` measures real EcsClient calls instead (bench/pool/calls.ts): `npm run bench:pool:calls`
 * (10k and 100k calls, 100k queued and cancelled; about a minute) or `npm run bench:pool:calls --
 * --full` (also 1M calls and 500k queued: about 5 minutes). With --json it writes
 * bench/pool/results-calls.json.
 *
 * `npm run bench:pool` builds first and passes --dist: ours is measured from the tsc build
 * (dist/pool/task-pool.js), the code users get. Without --dist ours comes from src through tsx,
 * whose esbuild transform (keepNames) wraps each closure in a `__name()` call that the
 * contenders in node_modules do not pay for.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import prettier from 'prettier';
import { TaskPool } from '../../src/pool/task-pool.js';
import { measureCalls } from './calls.js';
import { contendersWith, CONCURRENCY, type PoolClass } from './contenders.js';
import {
  CASCADE_SLOTS,
  measureCascade,
  measureQueued,
  median,
  timeRun,
  type CascadeResult,
  type QueuedResult,
} from './measure.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const dist = args.includes('--dist');
const SIZES = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const QUEUED_SIZES = quick ? [100_000] : [100_000, 1_000_000];
const CASCADE_QUEUED = 100_000;
const RUNS = 3;
const WARMUP_RUNS = 5;
const TIMEOUT_MS = 40_000;

interface Cell {
  readonly samplesMs: number[];
  timedOut: boolean;
}

const version = (pkg: string): string =>
  (
    JSON.parse(readFileSync(new URL(`../../node_modules/${pkg}/package.json`, import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;
const label = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
const usPerCall = (cell: Cell, n: number): number | undefined =>
  cell.samplesMs.length ? (median(cell.samplesMs) * 1000) / n : undefined;

const DIST_POOL = new URL('../../dist/pool/task-pool.js', import.meta.url);
const Pool: PoolClass = dist
  ? ((await import(DIST_POOL.href)) as { TaskPool: PoolClass }).TaskPool
  : TaskPool;
const poolSource = dist ? 'dist/pool/task-pool.js (tsc build)' : 'src/pool/task-pool.ts (through tsx)';
const contenders = contendersWith(Pool);
const loadavg = (): string => os.loadavg()[0]!.toFixed(2);

const machine = {
  node: process.version,
  nproc: os.availableParallelism(),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  platform: `${os.platform()} ${os.arch()}`,
  versions: { rxjs: version('rxjs'), 'p-limit': version('p-limit'), 'p-queue': version('p-queue') },
};
console.log(
  `node ${machine.node}, ${machine.nproc} CPUs (${machine.cpu}), ${machine.platform}; ` +
    Object.entries(machine.versions)
      .map(([name, v]) => `${name} ${v}`)
      .join(', '),
);
console.log(`ours from ${poolSource}; load average ${loadavg()}`);

if (args.includes('--calls')) {
  const full = args.includes('--full');
  const began = performance.now();
  console.log(`real EcsClient calls through a pool of 10, in-process handler${full ? ' (--full)' : ''}:`);
  const calls = await measureCalls({ dist, full });
  const seconds = (performance.now() - began) / 1000;
  console.log(
    `flatness: µs per call at ${label(calls.sizes.at(-1)!.n)} / at ${label(calls.sizes[0]!.n)} = ` +
      `${calls.flatness.toFixed(2)}×; ${calls.verified} signatures checked, none refused; ` +
      `total ${seconds.toFixed(0)} s; load average ${loadavg()}`,
  );
  if (args.includes('--json')) {
    const file = new URL('./results-calls.json', import.meta.url);
    const results = { date: new Date().toISOString(), machine, source: dist ? 'dist' : 'src', ...calls };
    const options = await prettier.resolveConfig(file);
    writeFileSync(file, await prettier.format(JSON.stringify(results), { ...options, parser: 'json' }));
    console.log(`wrote ${file.pathname}`);
  }
  process.exit(0);
}

const began = performance.now();
for (const contender of contenders) {
  for (let i = 0; i < WARMUP_RUNS; i++) await timeRun(contender, SIZES[0]!, TIMEOUT_MS);
}

// Runs are interleaved (N, then run, then contender) so drift hits every contender alike.
const cells = new Map(
  contenders.map((c) => [c.name, new Map(SIZES.map((n) => [n, { samplesMs: [], timedOut: false } as Cell]))]),
);
for (const n of SIZES) {
  for (let run = 0; run < RUNS; run++) {
    for (const contender of contenders) {
      const cell = cells.get(contender.name)!.get(n)!;
      if (cell.timedOut) continue;
      const ms = await timeRun(contender, n, TIMEOUT_MS);
      if (ms === undefined) cell.timedOut = true;
      else cell.samplesMs.push(ms);
    }
  }
  console.log(`  measured N=${label(n)} (${((performance.now() - began) / 1000).toFixed(0)} s)`);
}
const queued: QueuedResult[] = QUEUED_SIZES.map((n) => measureQueued(Pool, n));
const cascade: CascadeResult[] = [
  await measureCascade(Pool, CASCADE_QUEUED, 'forward', RUNS),
  await measureCascade(Pool, CASCADE_QUEUED, 'reverse', RUNS),
];

// --- report ---
const ours = cells.get(contenders[0]!.name)!;
const oursUs = (n: number): number => usPerCall(ours.get(n)!, n)!;
const fmt = (us: number): string => (us < 10 ? us.toFixed(3) : us.toFixed(1));
const text = (row: Map<number, Cell>, n: number, isOurs: boolean): string => {
  const cell = row.get(n)!;
  const us = usPerCall(cell, n);
  if (cell.timedOut) {
    // A lower bound per call; if it is at least twice the cost at the previous N, the cost per
    // call grows with N, i.e. the total grows faster than linearly.
    const atLeast = (TIMEOUT_MS * 1000) / n;
    const prevN = SIZES[SIZES.indexOf(n) - 1];
    const previous = prevN === undefined ? undefined : usPerCall(row.get(prevN)!, prevN);
    const shape = previous !== undefined && atLeast >= 2 * previous ? 'quadratic' : 'timeout';
    return `> ${TIMEOUT_MS / 1000} s (${shape}, >${(atLeast / oursUs(n)).toFixed(1)}×)`;
  }
  return isOurs ? fmt(us!) : `${fmt(us!)} (${(us! / oursUs(n)).toFixed(2)}×)`;
};

const width = 28;
console.log(
  `\nµs per call, median of ${RUNS} (contender / ours: > 1 is slower than ours); ${CONCURRENCY} slots, all N queued at once`,
);
console.log('contender'.padEnd(18) + SIZES.map((n) => `N=${label(n)}`.padStart(width)).join(''));
for (const [name, row] of cells) {
  console.log(name.padEnd(18) + SIZES.map((n) => text(row, n, row === ours).padStart(width)).join(''));
}
const big = SIZES.at(-1)!;
const flatness = oursUs(big) / oursUs(SIZES[0]!);
console.log(`flatness: ours at ${label(big)} / ours at ${label(SIZES[0]!)} = ${flatness.toFixed(2)}×`);
for (const q of queued) {
  const perCall = (q.cancelMs * 1e6) / (q.n - CONCURRENCY);
  console.log(
    `ours, N=${label(q.n)} queued: cancel all ${q.cancelMs.toFixed(1)} ms (${perCall.toFixed(0)} ns/call), ` +
      `${q.bytesPerQueuedCall.toFixed(0)} bytes per queued call`,
  );
}
console.log(
  `\none parent Subscription cancels ${label(CASCADE_QUEUED)} queued calls behind ${CASCADE_SLOTS} ` +
    `never-ending running ones, median of ${RUNS}`,
);
console.log('order'.padEnd(18) + 'cancel ms'.padStart(width) + 'tasks started'.padStart(width));
for (const c of cascade) {
  const name = c.order === 'forward' ? 'subscription' : 'reverse';
  console.log(name.padEnd(18) + c.cancelMs.toFixed(1).padStart(width) + String(c.started).padStart(width));
}
console.log(`total ${((performance.now() - began) / 1000).toFixed(0)} s; load average ${loadavg()}`);

if (args.includes('--json')) {
  const results = {
    date: new Date().toISOString(),
    machine,
    pool: poolSource,
    concurrency: CONCURRENCY,
    runs: RUNS,
    timeoutMs: TIMEOUT_MS,
    sizes: SIZES,
    overhead: [...cells].flatMap(([contender, row]) =>
      SIZES.map((n) => {
        const cell = row.get(n)!;
        const us = usPerCall(cell, n);
        return {
          contender,
          n,
          usPerCall: cell.timedOut ? null : us,
          ratioToOurs: cell.timedOut || us === undefined ? null : us / oursUs(n),
          timedOut: cell.timedOut,
          samplesMs: cell.samplesMs,
        };
      }),
    ),
    flatness,
    queued: queued.map((q) => ({ ...q, cancelNsPerCall: (q.cancelMs * 1e6) / (q.n - CONCURRENCY) })),
    cascade: cascade.map((c) => ({ ...c, slots: CASCADE_SLOTS })),
  };
  const file = new URL('./results.json', import.meta.url);
  // Formatted like the rest of the repo, so `prettier --check .` stays green after a run.
  const options = await prettier.resolveConfig(file);
  writeFileSync(file, await prettier.format(JSON.stringify(results), { ...options, parser: 'json' }));
  console.log(`wrote ${file.pathname}`);
}
