import { count, defer, from, lastValueFrom, of, tap, toArray } from 'rxjs';
import { poolFrom, withPool } from '../../src/operators/with-pool.js';
import { fakeClient, letters, pooled, scheduler } from './pool-fixtures.js';

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
      expect(ahead).toBeGreaterThanOrEqual(2 + 3); // the pool was kept full
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
    const results = await lastValueFrom(
      out$.pipe(
        tap(() => completed++),
        toArray(),
      ),
    );

    const all = Array.from({ length: 200 }, (_, i) => i);
    expect(started).toEqual(all);
    expect([...results].sort((a, b) => a - b)).toEqual(all);
    expect(ahead).toBeLessThanOrEqual(3 + 4 + 1);
    expect(ahead).toBeGreaterThanOrEqual(3 + 4);
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
    const fromSource = await lastValueFrom(
      from(items()).pipe(
        withPool(client, (i) => of(i)),
        count(),
      ),
    );
    expect(fromSource).toBe(100_000);
  });
});

describe('withPool and poolFrom when user code throws', () => {
  it('errors the output of withPool when project throws on a later item, like mergeMap', () => {
    scheduler().run((helpers) => {
      const { pool, client } = fakeClient({ poolSize: 1, maxTaskQueueSize: 0 });
      const failure = new Error('project failed');
      const { project } = pooled(helpers, pool, '--(x|)');
      const throwing = (item: string) => {
        if (item === 'c') throw failure;
        return project(item);
      };
      helpers
        .expectObservable(from(letters(4)).pipe(withPool(client, throwing)))
        .toBe('--a-(b#)', { a: 'a', b: 'b' }, failure);
    });
  });

  it('errors the output of poolFrom when the generator throws on a later item', () => {
    scheduler().run((helpers) => {
      const { pool, client } = fakeClient({ poolSize: 1, maxTaskQueueSize: 0 });
      const failure = new Error('generator failed');
      const { project } = pooled(helpers, pool, '--(x|)');
      function* items() {
        yield 'a';
        yield 'b';
        throw failure;
      }
      helpers
        .expectObservable(poolFrom(items(), client, project))
        .toBe('--a-(b#)', { a: 'a', b: 'b' }, failure);
    });
  });
});
