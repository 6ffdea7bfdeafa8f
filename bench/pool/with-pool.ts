/**
 * What `withPool` costs per item over our TaskPool (10 slots, a queue of 100), each call ending one
 * microtask after it starts: one pipeline alone, and several pipelines sharing the pool (one waits
 * whenever the others fill it); then one pipeline waiting beside a full pool while the pool counts
 * N retries, the case where waiting by re-checking on every stats change cost a check per change.
 * Also counts the pipelines' `hasRoom()` checks.
 *
 * Usage: node --expose-gc --import tsx bench/pool/with-pool.ts [--dist | --root <dir>] [--n <items>]
 * `--dist` measures the tsc build in dist/ (`npm run build` first); `--root <dir>` a build elsewhere
 * (e.g. of an older commit, to compare); neither: src through tsx.
 */
import os from 'node:os';
import { Observable, range } from 'rxjs';
import type { withPool as WithPool } from '../../src/operators/with-pool.js';
import type { PoolAware } from '../../src/operators/pooled-runner.js';
import type { TaskPool as TaskPoolClass } from '../../src/pool/task-pool.js';
import { collectGarbage, median } from './measure.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const N = Number(option('--n') ?? 100_000);
const RUNS = 5;
const WARMUP_RUNS = 3;
const root =
  option('--root') ?? (args.includes('--dist') ? new URL('../../dist', import.meta.url).pathname : undefined);
const load = async <M>(path: string): Promise<M> =>
  (await import(root ? `${root}/${path}.js` : `../../src/${path}.js`)) as M;
const { TaskPool } = await load<{ TaskPool: typeof TaskPoolClass }>('pool/task-pool');
const { withPool } = await load<{ withPool: typeof WithPool }>('operators/with-pool');

const task = new Observable<number>((subscriber) =>
  queueMicrotask(() => {
    subscriber.next(1);
    subscriber.complete();
  }),
);

/** The pool seen as a client, counting hasRoom() checks; `poolStats$` too, for builds older than room$. */
function clientOf(pool: TaskPoolClass) {
  const counter = { checks: 0 };
  const client = {
    get poolLimits() {
      return pool.limits;
    },
    hasRoom: () => (counter.checks++, pool.hasRoom()),
    poolRoom$: pool.room$,
    poolStats$: pool.stats$,
    get closed() {
      return pool.closed;
    },
  } as PoolAware;
  return { client, counter };
}

/** `pipelines` withPool pipelines sharing one pool, N items in all; ms and hasRoom() checks. */
async function run(pipelines: number): Promise<{ ms: number; checks: number }> {
  const pool = new TaskPool({ poolSize: 10, maxTaskQueueSize: 100 });
  const { client, counter } = clientOf(pool);
  const each = N / pipelines;
  const start = performance.now();
  await Promise.all(
    Array.from(
      { length: pipelines },
      () =>
        new Promise<void>((resolve, reject) => {
          range(0, each)
            .pipe(withPool(client, () => pool.run$(task)))
            .subscribe({ complete: resolve, error: reject });
        }),
    ),
  );
  const ms = performance.now() - start;
  const stats = pool.stats();
  if (stats.completed !== N || stats.rejected !== 0) throw new Error(`bad run: ${JSON.stringify(stats)}`);
  return { ms, checks: counter.checks };
}

/**
 * A pipeline waiting beside a pool full of never-ending calls while the pool counts N retries
 * (each one a stats change that makes no room): ms for the N changes, and hasRoom() checks.
 */
function waitingBesideRetries(): { ms: number; checks: number } {
  const pool = new TaskPool({ poolSize: 10, maxTaskQueueSize: 100 });
  const never = new Observable<never>(() => undefined);
  const others = Array.from({ length: 110 }, () => pool.run$(never).subscribe());
  const { client, counter } = clientOf(pool);
  const waiting = range(0, 10)
    .pipe(withPool(client, () => pool.run$(task)))
    .subscribe();
  counter.checks = 0;
  const start = performance.now();
  for (let i = 0; i < N; i++) pool.countRetry();
  const ms = performance.now() - start;
  waiting.unsubscribe();
  for (const other of others) other.unsubscribe();
  return { ms, checks: counter.checks };
}

console.log(
  `node ${process.version}, ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown'}); ` +
    `withPool from ${root ?? 'src (through tsx)'}; N=${N.toLocaleString('en')}, median of ${RUNS}`,
);
for (const pipelines of [1, 2, 4]) {
  for (let i = 0; i < WARMUP_RUNS; i++) await run(pipelines);
  const samples: number[] = [];
  let checks = 0;
  for (let i = 0; i < RUNS; i++) {
    collectGarbage();
    const result = await run(pipelines);
    samples.push(result.ms);
    checks = result.checks;
  }
  const ms = median(samples);
  console.log(
    `${pipelines > 1 ? `${pipelines} pipelines sharing the pool` : '1 pipeline alone'}: ${ms.toFixed(1)} ms ` +
      `(${((ms * 1000) / N).toFixed(2)} µs/item), ${(checks / N).toFixed(2)} hasRoom() checks/item`,
  );
}
{
  for (let i = 0; i < WARMUP_RUNS; i++) waitingBesideRetries();
  const samples: number[] = [];
  let checks = 0;
  for (let i = 0; i < RUNS; i++) {
    collectGarbage();
    const result = waitingBesideRetries();
    samples.push(result.ms);
    checks = result.checks;
  }
  const ms = median(samples);
  console.log(
    `1 pipeline waiting while the full pool counts ${N.toLocaleString('en')} retries: ${ms.toFixed(1)} ms ` +
      `(${((ms * 1e6) / N).toFixed(0)} ns/retry), ${checks.toLocaleString('en')} hasRoom() checks`,
  );
}
