/**
 * One sample of the end-to-end benchmark, in a process of its own (bundled by esbuild, run with
 * plain `node --expose-gc`): load one contender, warm it up, then time `n` calls submitted at once
 * behind `C` slots, and print one JSON line (see {@link Sample}). CPU time is this process's
 * `process.cpuUsage()` delta (user + system, every thread: libuv's pool, where Web Crypto works,
 * included); RSS is sampled every 5 ms during the timed run.
 *
 * Usage: node worker.mjs --contender ID --c C --n N --warmup W --url URL --dist DIR
 */
import { parseArgs } from 'node:util';
import { CONTENDERS, load, type ContenderId, type Times } from './contenders.js';

/** What a worker prints. */
export interface Sample {
  contender: ContenderId;
  concurrency: number;
  n: number;
  wallMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Highest RSS sampled during the timed run, and right before it. */
  peakRssBytes: number;
  startRssBytes: number;
  failures: number;
}

const { values } = parseArgs({
  options: {
    contender: { type: 'string' },
    c: { type: 'string' },
    n: { type: 'string' },
    warmup: { type: 'string', default: '0' },
    url: { type: 'string' },
    dist: { type: 'string' },
  },
});
const id = values.contender as ContenderId;
if (!(id in CONTENDERS)) throw new Error(`unknown contender ${values.contender}`);
const concurrency = Number(values.c);
const n = Number(values.n);
const warmup = Number(values.warmup);
const run = await load(id, {
  url: values.url!,
  concurrency,
  maxCalls: Math.max(n, warmup),
  dist: values.dist!,
});

const times = (size: number): Times => ({ starts: new Float64Array(size), ends: new Float64Array(size) });
const quantile = (sorted: Float64Array, q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

let warmupFailures = 0;
if (warmup > 0) warmupFailures = await run(warmup, times(warmup));
globalThis.gc?.();

const t = times(n);
const startRssBytes = process.memoryUsage.rss();
let peakRssBytes = startRssBytes;
const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss())), 5);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const failures = await run(n, t);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());

const latencies = new Float64Array(n);
for (let i = 0; i < n; i++) latencies[i] = t.ends[i]! - t.starts[i]!;
latencies.sort();
const sample: Sample = {
  contender: id,
  concurrency,
  n,
  wallMs,
  cpuUserMs: cpu.user / 1000,
  cpuSystemMs: cpu.system / 1000,
  p50Ms: quantile(latencies, 0.5),
  p99Ms: quantile(latencies, 0.99),
  peakRssBytes,
  startRssBytes,
  failures: failures + warmupFailures,
};
console.log(JSON.stringify(sample));
// The official SDK's and node:http's keep-alive sockets would hold the process open.
process.exit(0);
