import { Observable, from, type Subscription } from 'rxjs';
import { ClientClosedError } from '../../src/errors/client-closed-error.js';
import { poolFrom, withPool } from '../../src/operators/with-pool.js';
import type { PoolAware } from '../../src/operators/pooled-runner.js';
import { TaskPool } from '../../src/pool/task-pool.js';
import { fakeClient } from './pool-fixtures.js';
import { microtask } from '../pool/pool-tasks.js';

// withPool and poolFrom wait for a pool full of other calls by sleeping on the pool's room$:
// they re-check hasRoom() when room may have appeared, not on every change of the pool's stats.

/** Tasks that end only when told; `ends[i]()` completes the i-th one started. */
function controlled() {
  const ends: Array<() => void> = [];
  const task = new Observable<string>((subscriber) => void ends.push(() => subscriber.complete()));
  return { task, ends };
}

/** The fixture's client, counting its hasRoom() calls. */
function countingClient(pool: TaskPool) {
  let checks = 0;
  const client: PoolAware = {
    get poolLimits() {
      return pool.limits;
    },
    hasRoom: () => (checks++, pool.hasRoom()),
    poolRoom$: pool.room$,
  };
  return { client, checks: () => checks };
}

/** A withPool pipeline of ours over `n` items; `admitted()` counts its calls subscribed so far. */
function ours(client: PoolAware, pool: TaskPool, n = 10) {
  let admitted = 0;
  const errors: unknown[] = [];
  const subscription = from(Array.from({ length: n }, (_, i) => i))
    .pipe(withPool(client, () => (admitted++, pool.run$(controlled().task))))
    .subscribe({ error: (error: unknown) => errors.push(error) });
  return { admitted: () => admitted, errors, subscription };
}

describe('withPool and poolFrom wait on the pool, not on its stats', () => {
  it('re-checks for room a bounded number of times while the full pool retries, queues and refuses 3,000 times', () => {
    const pool = new TaskPool({ poolSize: 2, maxTaskQueueSize: 1 });
    const others = controlled();
    for (let i = 0; i < 3; i++) pool.run$(others.task).subscribe();
    const { client, checks } = countingClient(pool);
    const mine = ours(client, pool);
    const before = checks();
    let statsChanges = -1; // stats$ gives the current value on subscribe
    const stats = pool.stats$.subscribe(() => statsChanges++);

    for (let i = 0; i < 1000; i++) {
      pool.countRetry();
      pool.run$(others.task).subscribe({ error: () => undefined }); // QueueFullError
      pool.refuse$(new Error('refused'), 'cancelled').subscribe({ error: () => undefined });
    }
    expect(statsChanges).toBe(3000);
    expect(checks() - before).toBe(0);
    expect(mine.admitted()).toBe(0);

    others.ends[0]!(); // a slot frees: one wake, and our first item is admitted
    expect(mine.admitted()).toBe(1);
    expect(checks() - before).toBeLessThanOrEqual(3);
    expect(mine.errors).toEqual([]);
    stats.unsubscribe();
    mine.subscription.unsubscribe();
  });

  it('re-checks at most once per freed slot while a neighbour watching stats$ takes each one first', () => {
    const pool = new TaskPool({ poolSize: 2, maxTaskQueueSize: 0 });
    const neighbour = controlled();
    const neighbours: Subscription[] = [];
    const runOne = () => neighbours.push(pool.run$(neighbour.task).subscribe());
    runOne();
    runOne();
    // Subscribed before our pipeline waits, so it hears of each freed slot first.
    const refill = pool.stats$.subscribe(() => {
      if (pool.hasRoom()) runOne();
    });
    const { client, checks } = countingClient(pool);
    const mine = ours(client, pool);
    const before = checks();

    const freed = 500;
    for (let i = 0; i < freed; i++) neighbour.ends[i]!();
    expect(neighbour.ends).toHaveLength(freed + 2); // every freed slot went to the neighbour
    expect(mine.admitted()).toBe(0);
    expect(checks() - before).toBeLessThanOrEqual(freed);

    refill.unsubscribe();
    mine.subscription.unsubscribe();
    for (const n of neighbours) n.unsubscribe();
  });

  describe('wakes on each event that can make room', () => {
    /** A full pool (one running, one waiting, both of others) and a pipeline of ours waiting. */
    function full() {
      const { pool, client } = fakeClient({ poolSize: 1, maxTaskQueueSize: 1 });
      const others = controlled();
      const running = pool.run$(others.task).subscribe();
      const waiting = pool.run$(others.task).subscribe();
      const mine = ours(client, pool);
      expect(mine.admitted()).toBe(0);
      return { pool, others, running, waiting, mine };
    }

    it('a running call ends', () => {
      const { others, mine } = full();
      others.ends[0]!();
      expect(mine.admitted()).toBe(1);
      mine.subscription.unsubscribe();
    });

    it('a running call is cancelled: after the slot was handed on, not before', async () => {
      const { running, mine, pool } = full();
      running.unsubscribe();
      expect(mine.admitted()).toBe(0);
      await microtask();
      expect(mine.admitted()).toBe(1);
      expect(pool.stats()).toMatchObject({ active: 1, queued: 1, rejected: 0 });
      mine.subscription.unsubscribe();
    });

    it('a waiting call leaves the queue', () => {
      const { waiting, mine } = full();
      waiting.unsubscribe();
      expect(mine.admitted()).toBe(1);
      mine.subscription.unsubscribe();
    });

    it('the limits change', () => {
      const { pool, mine } = full();
      pool.setLimits({ poolSize: 2, maxTaskQueueSize: 1 });
      expect(mine.admitted()).toBe(1);
      mine.subscription.unsubscribe();
    });

    it('the pool shuts down: the pipeline stops waiting and ends with ClientClosedError', () => {
      const { pool, mine } = full();
      void pool.shutdown();
      expect(mine.errors).toHaveLength(1);
      expect(mine.errors[0]).toBeInstanceOf(ClientClosedError);
    });
  });

  it('poolFrom stops waiting when poolRoom$ completes even if the client has no closed flag', () => {
    const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 0 });
    pool.run$(controlled().task).subscribe();
    const { client } = countingClient(pool);
    const errors: unknown[] = [];
    poolFrom([1, 2, 3], client, () => pool.run$(controlled().task)).subscribe({
      error: (error: unknown) => errors.push(error),
    });
    expect(errors).toEqual([]);

    void pool.shutdown();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ClientClosedError);
  });
});
