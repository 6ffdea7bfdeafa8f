import { from, toArray } from 'rxjs';
import { withPool } from '../../src/operators/with-pool.js';
import { fakeClient, letters, pooled, scheduler } from './pool-fixtures.js';

describe('withPool timing (marbles)', () => {
  it('admits at most poolSize + queue items of ours, never meets QueueFullError, and starts them in order', () => {
    scheduler().run((helpers) => {
      const { pool, client, marks } = fakeClient({ poolSize: 2, maxTaskQueueSize: 3 });
      const { project, started } = pooled(helpers, pool, '----(x|)');
      const items = letters(8);
      const out$ = from(items).pipe(withPool(client, project));
      helpers
        .expectObservable(out$)
        .toBe('----(ab)(cd)(ef)(gh|)', Object.fromEntries(items.map((i) => [i, i])));
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
      helpers.expectSubscriptions(source.subscriptions).toBe('^----!');
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
      const marble = (item: string) => ({ a: '----(x|)', b: '----(x|)', c: '----#' })[item] ?? '--------(x|)';
      const { project, colds } = pooled(helpers, pool, marble, failure);
      const source = helpers.cold('(abcdef|)');
      helpers
        .expectObservable(source.pipe(withPool(client, project)))
        .toBe('----(ab)#', { a: 'a', b: 'b' }, failure);
      helpers.flush();
      // c and d start at 4 (e and f wait in the queue); c fails at 8 and d is unsubscribed then.
      // The pool hands c's slot to e before the error reaches us, so e is started and dropped in
      // the same frame (its request is aborted before it is sent); f never starts.
      helpers.expectSubscriptions(colds.get('d')!.subscriptions).toBe('----^---!');
      helpers.expectSubscriptions(colds.get('e')!.subscriptions).toBe('--------(^!)');
      helpers.expectSubscriptions(colds.get('f')!.subscriptions).toBe([]);
      expect(log.at(-1)).toMatchObject({ active: 0, queued: 0, completed: 2, failed: 1, cancelled: 3 });
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
      helpers.expectSubscriptions(colds.get('b')!.subscriptions).toBe('-^-!');
      // c was waiting in the pool: it leaves the queue without ever being started.
      helpers.expectSubscriptions(colds.get('c')!.subscriptions).toBe([]);
      expect([...colds.keys()]).toEqual(['a', 'b', 'c']);
      expect(log.at(-1)).toMatchObject({ active: 0, queued: 0, completed: 0, cancelled: 3 });
    });
  });

  it('waits while other users fill the pool and resumes when the pool says room may have appeared', () => {
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
      helpers
        .expectObservable(from(letters(12)).pipe(withPool(client, project), toArray()))
        .toBe('------(x|)', { x: letters(12) });
      helpers.flush();
      expect(marks.active).toBe(5);
    });
  });
});
