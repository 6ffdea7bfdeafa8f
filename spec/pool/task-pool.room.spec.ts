import { Observable, Subscription, asapScheduler, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { TaskPool } from '../../src/pool/task-pool.js';
import { microtask } from './pool-tasks.js';

/** A task that never ends unless told: `finish()` completes it, `fail()` errors it. */
function controlled() {
  const ends: Array<{ finish: () => void; fail: () => void }> = [];
  const task = new Observable<string>((subscriber) => {
    ends.push({ finish: () => subscriber.complete(), fail: () => subscriber.error(new Error('failed')) });
  });
  return { task, ends };
}

/** Records each room$ emission with the pool's state at that moment, and whether it completed. */
function watchRoom(pool: TaskPool) {
  const seen: Array<{ active: number; queued: number }> = [];
  let completed = false;
  const subscription = pool.room$.subscribe({
    next: () => seen.push({ active: pool.stats().active, queued: pool.stats().queued }),
    complete: () => (completed = true),
  });
  return { seen, completed: () => completed, subscription };
}

describe('TaskPool.room$ tells only when room may have appeared', () => {
  it('emits when a running call completes, after its slot went to the next waiting call', () => {
    const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 1 });
    const { task, ends } = controlled();
    pool.run$(task).subscribe();
    pool.run$(task).subscribe();
    const room = watchRoom(pool);

    ends[0]!.finish();
    expect(room.seen).toEqual([{ active: 1, queued: 0 }]);
  });

  it('emits when a running call fails', () => {
    const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 0 });
    const { task, ends } = controlled();
    pool.run$(task).subscribe({ error: () => undefined });
    const room = watchRoom(pool);

    ends[0]!.fail();
    expect(room.seen).toEqual([{ active: 0, queued: 0 }]);
  });

  it('emits after the hand-on that a cancelled running call defers, once for a whole burst of cancels', async () => {
    const pool = new TaskPool({ poolSize: 2, maxTaskQueueSize: 2 });
    const { task } = controlled();
    const running = [pool.run$(task).subscribe(), pool.run$(task).subscribe()];
    pool.run$(task).subscribe();
    pool.run$(task).subscribe();
    const room = watchRoom(pool);

    for (const call of running) call.unsubscribe();
    expect(room.seen).toEqual([]); // the waiting calls have not taken the slots yet
    await microtask();
    expect(room.seen).toEqual([{ active: 2, queued: 0 }]);
  });

  it('emits at once when a running call is cancelled with nobody waiting for its slot', () => {
    const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 1 });
    const running = pool.run$(controlled().task).subscribe();
    const room = watchRoom(pool);

    running.unsubscribe();
    expect(room.seen).toEqual([{ active: 0, queued: 0 }]);
  });

  it('emits when a waiting call leaves the queue', () => {
    const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 1 });
    const { task } = controlled();
    pool.run$(task).subscribe();
    const waiting = pool.run$(task).subscribe();
    const room = watchRoom(pool);

    waiting.unsubscribe();
    expect(room.seen).toEqual([{ active: 1, queued: 0 }]);
  });

  it('emits when the limits change, after the calls the new limits let in have started', () => {
    const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 1 });
    const { task } = controlled();
    pool.run$(task).subscribe();
    pool.run$(task).subscribe();
    const room = watchRoom(pool);

    pool.setLimits({ poolSize: 2, maxTaskQueueSize: 1 });
    expect(room.seen).toEqual([{ active: 2, queued: 0 }]);
  });

  it('emits once and completes at shutdown; subscribed later, it emits and completes at once', () => {
    const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 0 });
    pool.run$(controlled().task).subscribe();
    const room = watchRoom(pool);

    void pool.shutdown();
    void pool.shutdown();
    expect(room.seen).toHaveLength(1);
    expect(room.completed()).toBe(true);
    const late = watchRoom(pool);
    expect(late.seen).toHaveLength(1);
    expect(late.completed()).toBe(true);
  });

  it('stays silent while calls arrive, start, wait, retry and are refused, which never make room', () => {
    const pool = new TaskPool({ poolSize: 2, maxTaskQueueSize: 2 });
    const { task } = controlled();
    const room = watchRoom(pool);
    let statsChanges = -1; // stats$ gives the current value on subscribe
    const stats = pool.stats$.subscribe(() => statsChanges++);

    for (let i = 0; i < 4; i++) pool.run$(task).subscribe(); // two start, two wait
    for (let i = 0; i < 100; i++) {
      pool.countRetry();
      pool.run$(task).subscribe({ error: () => undefined }); // QueueFullError
      pool.refuse$(new Error('refused')).subscribe({ error: () => undefined });
    }
    expect(statsChanges).toBe(4 + 300);
    expect(room.seen).toEqual([]);
    stats.unsubscribe();
  });

  it('does not tell a listener that subscribes while the others are being told until the next time', () => {
    const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 0 });
    const late: number[] = [];
    const subscriptions = new Subscription();
    subscriptions.add(
      pool.room$.subscribe(() => subscriptions.add(pool.room$.subscribe(() => late.push(1)))),
    );

    pool.run$(of('a')).subscribe();
    expect(late).toEqual([]);
    pool.run$(throwError(() => new Error('b'))).subscribe({ error: () => undefined });
    expect(late).toEqual([1]);
    subscriptions.unsubscribe();
  });

  it('in virtual time: emits in the frames where a call ends, a waiting call leaves, a cancel is handed on', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(
      ({ cold, expectObservable }) => {
        // asapScheduler runs the hand-on deferred by a cancel in virtual time, in the frame of the cancel.
        const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 3 }, asapScheduler);
        expectObservable(pool.run$(cold('--(a|)'))).toBe('--(a|)'); // ends at 2
        expectObservable(pool.run$(cold('--------(b|)')), '^---!').toBe('----'); // runs at 2, cancelled at 4
        expectObservable(pool.run$(cold('-(c|)')), '^--!').toBe('---'); // leaves the queue at 3
        expectObservable(pool.run$(cold('----(d|)'))).toBe('--------(d|)'); // runs at 4, ends at 8
        expectObservable(pool.room$).toBe('--xxx---x', { x: undefined });
      },
    );
  });
});
