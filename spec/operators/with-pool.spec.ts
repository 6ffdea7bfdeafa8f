import { count, defer, from, lastValueFrom, of, tap, toArray, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { poolFrom, withPool } from '../../src/operators/with-pool.js';
import type { PoolAware } from '../../src/operators/pooled-runner.js';
import type { PoolStats } from '../../src/pool/pool-stats.js';
import { TaskPool, type PoolLimits } from '../../src/pool/task-pool.js';

type Helpers = Parameters<Parameters<TestScheduler['run']>[0]>[0];

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** A client as the operators see it, around a real TaskPool; it records the pool's high-water marks. */
function fakeClient(limits: PoolLimits | null) {
  const pool = new TaskPool(limits);
  const client: PoolAware = {
    get poolLimits() {
      return pool.limits;
    },
    hasRoom: () => pool.hasRoom(),
    poolStats$: pool.stats$,
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
const letters = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i));

/**
 * A project that runs each item as a pool call of `marble` (its value is the item) and logs the
 * order in which the pool starts the calls.
 */
function pooled(helpers: Helpers, pool: TaskPool, marble: string | ((item: string) => string)) {
  const started: string[] = [];
  const colds = new Map<string, ReturnType<Helpers['cold']>>();
  const project = (item: string): Observable<string> => {
    const cold = helpers.cold(typeof marble === 'string' ? marble : marble(item), { x: item });
    colds.set(item, cold);
    return pool.run$(defer(() => (started.push(item), cold)));
  };
  return { project, started, colds };
}

describe('withPool timing (marbles)', () => {
  it('admits at most poolSize + queue items of ours, never meets QueueFullError, and starts them in order', () => {
    scheduler().run((helpers) => {
      const { pool, client, marks } = fakeClient({ poolSize: 2, maxTaskQueueSize: 3 });
      const { project, started } = pooled(helpers, pool, '----(x|)');
      const items = letters(8);
      const out$ = from(items).pipe(withPool(client, project));
      helpers.expectObservable(out$).toBe('----(ab)(cd)(ef)(gh|)', Object.fromEntries(items.map((i) => [i, i])));
      helpers.flush();
      expect(marks).toEqual({ admitted: 5, active: 2, rejected: 0 });
      expect(started).toEqual(items);
    });
  });

  it('takes items that arrive over time as room allows and completes when the source and every call have ended', () => {
    scheduler().run((helpers) => {
      const { pool, client } = fakeClient({ poolSize: 1, maxTaskQueueSize: 0 });
      const { project } = pooled(helpers, pool, '---(x|)');
      const source = helpers.cold('a-b-c|');
      helpers.expectObservable(source.pipe(withPool(client, project))).toBe('---a--b--(c|)');
      helpers.expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });

  it('completes when the source completes, once no call is left running', () => {
    scheduler().run((helpers) => {
      const { pool, client } = fakeClient({ poolSize: 5, maxTaskQueueSize: 5 });
      const { project } = pooled(helpers, pool, '-(x|)');
      helpers.expectObservable(helpers.cold('a-------|').pipe(withPool(client, project))).toBe('-a------|');
    });
  });

  it('errors the output with the error of a call and unsubscribes the calls still running or waiting', () => {
    scheduler().run((helpers) => {
      const { pool, client, log } = fakeClient({ poolSize: 2, maxTaskQueueSize: 2 });
      const failure = new Error('c failed');
      const { project, colds } = pooled(helpers, pool, (item) => (item === 'c' ? '-#' : '----(x|)'));
      const source = helpers.cold('(abcdef|)');
      helpers.expectObservable(source.pipe(withPool(client, project))).toBe('----(ab)#', { a: 'a', b: 'b' }, failure);
      helpers.flush();
      // c and d start at 4; c fails at 5, and d is unsubscribed at that moment.
      helpers.expectSubscriptions(colds.get('d')!.subscriptions).toBe('----^!');
      expect(colds.has('f')).toBe(false);
      expect(log.at(-1)).toMatchObject({ active: 0, queued: 0, completed: 2, failed: 1, cancelled: 2 });
    });
  });

  it('unsubscribing the output stops the source, the running and the waiting calls, and takes no more items', () => {
    scheduler().run((helpers) => {
      const { pool, client, log } = fakeClient({ poolSize: 2, maxTaskQueueSize: 1 });
      const { project, colds } = pooled(helpers, pool, '----(x|)');
      const source = helpers.cold('abcdef|');
      helpers.expectObservable(source.pipe(withPool(client, project)), '^--!').toBe('---');
      helpers.expectSubscriptions(source.subscriptions).toBe('^--!');
      helpers.flush();
      helpers.expectSubscriptions(colds.get('a')!.subscriptions).toBe('^--!');
      expect([...colds.keys()]).toEqual(['a', 'b', 'c']);
      expect(log.at(-1)).toMatchObject({ active: 0, queued: 0, completed: 0, cancelled: 3 });
    });
  });

  it('waits while other users fill the pool and resumes when poolStats$ shows room', () => {
    scheduler().run((helpers) => {
      const { pool, client, marks } = fakeClient({ poolSize: 1, maxTaskQueueSize: 1 });
      const other1 = helpers.cold('-----(z|)');
      const other2 = helpers.cold('---(y|)');
      helpers.expectObservable(pool.run$(other1)).toBe('-----(z|)');
      helpers.expectObservable(pool.run$(other2)).toBe('--------(y|)');
      const { project, colds } = pooled(helpers, pool, '--(x|)');
      helpers.expectObservable(from(['a', 'b']).pipe(withPool(client, project))).toBe('----------a-(b|)');
      helpers.flush();
      helpers.expectSubscriptions(colds.get('a')!.subscriptions).toBe('--------^-!');
      helpers.expectSubscriptions(colds.get('b')!.subscriptions).toBe('----------^-!');
      expect(marks.rejected).toBe(0);
    });
  });

  it('keeps to the default 5 in flight on a client whose async is off', () => {
    scheduler().run((helpers) => {
      const { pool, client, marks } = fakeClient(null);
      const { project } = pooled(helpers, pool, '--(x|)');
      helpers.expectObservable(from(letters(12)).pipe(withPool(client, project), toArray())).toBe(
        '------(x|)',
        { x: letters(12) },
      );
      helpers.flush();
      expect(marks.active).toBe(5);
    });
  });
});

describe('poolFrom', () => {
  it('pulls a sync generator lazily: never more than poolSize + queue + 1 items ahead of completed calls', () => {
    scheduler().run((helpers) => {
      const { pool, client, marks } = fakeClient({ poolSize: 2, maxTaskQueueSize: 3 });
      const { project, started } = pooled(helpers, pool, '---(x|)');
      let yielded = 0;
      let completed = 0;
      let ahead = 0;
      function* items() {
        for (let i = 0; i < 40; i++) {
          yielded++;
          ahead = Math.max(ahead, yielded - completed);
          yield `i${i}`;
        }
      }
      const out$ = poolFrom(items(), client, project);
      expect(yielded).toBe(0);
      out$.subscribe(() => completed++);
      helpers.flush();
      expect(completed).toBe(40);
      expect(started).toEqual(Array.from({ length: 40 }, (_, i) => `i${i}`));
      expect(ahead).toBeLessThanOrEqual(2 + 3 + 1);
      expect(marks).toMatchObject({ admitted: 5, rejected: 0 });
    });
  });

  it('pulls an async generator lazily and runs every item through the pool, in order', async () => {
    const { pool, client, marks } = fakeClient({ poolSize: 3, maxTaskQueueSize: 4 });
    let yielded = 0;
    let completed = 0;
    let ahead = 0;
    async function* items() {
      for (let i = 0; i < 200; i++) {
        yielded++;
        ahead = Math.max(ahead, yielded - completed);
        yield i;
      }
    }
    const started: number[] = [];
    // Each call answers on a later turn of the event loop, as a request would.
    const call$ = (i: number) =>
      pool.run$(defer(() => (started.push(i), new Promise<number>((resolve) => setImmediate(resolve, i)))));

    const out$ = poolFrom(items(), client, call$);
    expect(yielded).toBe(0);
    const results = await lastValueFrom(out$.pipe(tap(() => completed++), toArray()));

    const all = Array.from({ length: 200 }, (_, i) => i);
    expect(started).toEqual(all);
    expect([...results].sort((a, b) => a - b)).toEqual(all);
    expect(ahead).toBeLessThanOrEqual(3 + 4 + 1);
    expect(marks).toMatchObject({ active: 3, rejected: 0 });
  });

  it('copes with calls that end synchronously, for a long source, without growing the stack', async () => {
    const { pool, client } = fakeClient({ poolSize: 10, maxTaskQueueSize: 100 });
    function* items() {
      for (let i = 0; i < 100_000; i++) yield i;
    }
    const direct = await lastValueFrom(poolFrom(items(), client, (i) => of(i)).pipe(count()));
    expect(direct).toBe(100_000);
    const throughPool = await lastValueFrom(poolFrom(items(), client, (i) => pool.run$(of(i))).pipe(count()));
    expect(throughPool).toBe(100_000);
    const fromSource = await lastValueFrom(from(items()).pipe(withPool(client, (i) => of(i)), count()));
    expect(fromSource).toBe(100_000);
  });
});
