/** Shared set-up of the withPool / poolFrom specs: a PoolAware client around a real TaskPool. */
import { defer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { PoolAware } from '../../src/operators/pooled-runner.js';
import type { PoolStats } from '../../src/pool/pool-stats.js';
import { TaskPool, type PoolLimits } from '../../src/pool/task-pool.js';

export type Helpers = Parameters<Parameters<TestScheduler['run']>[0]>[0];

export function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** A client as the operators see it, around a real TaskPool; it records the pool's high-water marks. */
export function fakeClient(limits: PoolLimits | null) {
  const pool = new TaskPool(limits);
  const client: PoolAware = {
    get poolLimits() {
      return pool.limits;
    },
    hasRoom: () => pool.hasRoom(),
    poolRoom$: pool.room$,
  };
  const marks = { admitted: 0, active: 0, rejected: 0 };
  const log: PoolStats[] = [];
  pool.stats$.subscribe((s) => {
    log.push(s);
    marks.admitted = Math.max(marks.admitted, s.active + s.queued);
    marks.active = Math.max(marks.active, s.active);
    marks.rejected = s.rejected;
  });
  return { pool, client, marks, log };
}

/** `n` letters as items: a, b, c, … */
export const letters = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i));

/**
 * A project that runs each item as a pool call of `marble` (its value is the item) and logs the
 * order in which the pool starts the calls.
 */
export function pooled(
  helpers: Helpers,
  pool: TaskPool,
  marble: string | ((item: string) => string),
  error?: unknown,
) {
  const started: string[] = [];
  const colds = new Map<string, ReturnType<Helpers['cold']>>();
  const project = (item: string): Observable<string> => {
    const cold = helpers.cold(typeof marble === 'string' ? marble : marble(item), { x: item }, error);
    colds.set(item, cold);
    return pool.run$(defer(() => (started.push(item), cold)));
  };
  return { project, started, colds };
}
