import { asapScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { QueueFullError } from '../../src/errors/queue-full-error.js';
import { ClientClosedError } from '../../src/errors/client-closed-error.js';
import { TaskPool } from '../../src/pool/task-pool.js';

// A task is one call: it emits its response and completes in the same frame, `(a|)`.
function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('TaskPool timing (marbles)', () => {
  it('runs at most poolSize tasks at once and starts waiting ones in subscription order', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const pool = new TaskPool({ poolSize: 2, maxTaskQueueSize: 10 });
      const a = cold('---(a|)');
      const b = cold('-----(b|)');
      const c = cold('--(c|)');
      const d = cold('-(d|)');
      expectObservable(pool.run$(a)).toBe('---(a|)');
      expectObservable(pool.run$(b)).toBe('-----(b|)');
      expectObservable(pool.run$(c)).toBe('-----(c|)');
      expectObservable(pool.run$(d)).toBe('------(d|)');
      expectSubscriptions(a.subscriptions).toBe('^--!');
      expectSubscriptions(b.subscriptions).toBe('^----!');
      expectSubscriptions(c.subscriptions).toBe('---^-!');
      expectSubscriptions(d.subscriptions).toBe('-----^!');
    });
  });

  it('rejects the call that finds the queue full at once, without subscribing its task', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 1 });
      const refused = cold('(c|)');
      expectObservable(pool.run$(cold('----(a|)'))).toBe('----(a|)');
      expectObservable(pool.run$(cold('(b|)'))).toBe('----(b|)');
      expectObservable(pool.run$(refused)).toBe('#', undefined, new QueueFullError(1, 1));
      expectSubscriptions(refused.subscriptions).toBe([]);
    });
  });

  it('drops a queued task at once when its subscriber leaves, so it is never started', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 5 });
      const leaves = cold('(b|)');
      const next = cold('(c|)');
      expectObservable(pool.run$(cold('----(a|)'))).toBe('----(a|)');
      expectObservable(pool.run$(leaves), '^-!').toBe('---');
      expectObservable(pool.run$(next)).toBe('----(c|)');
      expectSubscriptions(leaves.subscriptions).toBe([]);
      expectSubscriptions(next.subscriptions).toBe('----(^!)');
    });
  });

  it('unsubscribes an in-flight task when its subscriber leaves and hands the slot to the next', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      // The hand-on after a cancel is deferred (a microtask by default); asapScheduler runs it in
      // virtual time, in the frame of the cancel.
      const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 5 }, asapScheduler);
      const long = cold('--------(a|)');
      const next = cold('--(b|)');
      expectObservable(pool.run$(long), '^--!').toBe('---');
      expectObservable(pool.run$(next)).toBe('-----(b|)');
      expectSubscriptions(long.subscriptions).toBe('^--!');
      expectSubscriptions(next.subscriptions).toBe('---^-!');
    });
  });

  it('frees the slot of a task that fails and starts the next', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 5 });
      expectObservable(pool.run$(cold('--#', undefined, new Error('boom')))).toBe(
        '--#',
        undefined,
        new Error('boom'),
      );
      expectObservable(pool.run$(cold('-(x|)'))).toBe('---(x|)');
    });
  });

  it('runs everything at once while async is off (no limits)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const pool = new TaskPool(null);
      for (let i = 0; i < 50; i++) expectObservable(pool.run$(cold('--(a|)'))).toBe('--(a|)');
    });
  });

  it('refuses new calls after shutdown while admitted ones finish', () => {
    scheduler().run(({ cold, expectObservable, flush }) => {
      const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 5 });
      expectObservable(pool.run$(cold('--(a|)'))).toBe('--(a|)');
      expectObservable(pool.run$(cold('--(b|)'))).toBe('----(b|)');
      let idle = false;
      cold('-x').subscribe(() => void pool.shutdown().then(() => (idle = true)));
      expectObservable(pool.run$(cold('(c|)')), '--^').toBe('--#', undefined, new ClientClosedError());
      flush();
      expect(pool.stats()).toMatchObject({ active: 0, queued: 0, completed: 2, rejected: 1 });
      return Promise.resolve().then(() => expect(idle).toBe(true));
    });
  });

  it('counts a call whose consumer unsubscribes on its value as completed, not cancelled', () => {
    scheduler().run(({ cold, flush }) => {
      const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 5 });
      const subscription = pool.run$(cold('-(a|)')).subscribe(() => subscription.unsubscribe());
      flush();
      expect(pool.stats()).toMatchObject({ completed: 1, cancelled: 0, active: 0 });
    });
  });

  it('widens the pool for waiting calls when the limits grow (enableAsync on a running pool)', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 5 });
      const b = cold('-(b|)');
      expectObservable(pool.run$(cold('----(a|)'))).toBe('----(a|)');
      expectObservable(pool.run$(b)).toBe('---(b|)');
      cold('--x').subscribe(() => pool.setLimits({ poolSize: 2, maxTaskQueueSize: 5 }));
      expectSubscriptions(b.subscriptions).toBe('--^(!)');
    });
  });
});
