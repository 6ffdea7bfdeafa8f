import { Observable, Subject, Subscription, mergeMap, range, takeUntil } from 'rxjs';
import { TaskPool } from '../../src/pool/task-pool.js';
import { microtask, neverEnding } from './pool-tasks.js';

// A pool of 20 whose tasks never end (a 30-second server), with 100,000 calls waiting behind
// them: what a dashboard holds when its component is destroyed.
const SLOTS = 20;
const QUEUED = 100_000;

describe('TaskPool mass cancellation in subscription order', () => {
  it('starts none of 100,000 queued calls when one parent Subscription cancels them with their 20 running ones', async () => {
    const pool = new TaskPool({ poolSize: SLOTS, maxTaskQueueSize: QUEUED });
    const { task, started } = neverEnding();
    const parent = new Subscription();
    for (let i = 0; i < SLOTS + QUEUED; i++) parent.add(pool.run$(task).subscribe());
    expect(pool.stats()).toMatchObject({ active: SLOTS, queued: QUEUED });
    expect(started()).toBe(SLOTS);

    parent.unsubscribe(); // in subscription order: the 20 running ones first
    expect(started()).toBe(SLOTS);
    await microtask();

    expect(started()).toBe(SLOTS);
    expect(pool.stats()).toMatchObject({ active: 0, queued: 0, cancelled: SLOTS + QUEUED, completed: 0 });
  });

  it('starts none of them either when takeUntil cancels them', async () => {
    const pool = new TaskPool({ poolSize: SLOTS, maxTaskQueueSize: QUEUED });
    const { task, started } = neverEnding();
    const destroy$ = new Subject<void>();
    range(0, SLOTS + QUEUED)
      .pipe(
        mergeMap(() => pool.run$(task)),
        takeUntil(destroy$),
      )
      .subscribe();
    expect(pool.stats()).toMatchObject({ active: SLOTS, queued: QUEUED });

    destroy$.next();
    expect(started()).toBe(SLOTS);
    await microtask();

    expect(started()).toBe(SLOTS);
    expect(pool.stats()).toMatchObject({ active: 0, queued: 0, cancelled: SLOTS + QUEUED });
  });

  it('hands the slot of a cancelled running call to the next queued one a microtask later, in FIFO order', async () => {
    const pool = new TaskPool({ poolSize: 2, maxTaskQueueSize: 10 });
    const order: string[] = [];
    const call = (name: string): Subscription =>
      pool.run$(new Observable<never>(() => void order.push(name))).subscribe();
    const a = call('a');
    call('b');
    call('c');
    call('d');
    expect(order).toEqual(['a', 'b']);

    a.unsubscribe();
    expect(order).toEqual(['a', 'b']); // not in the same synchronous turn as the cancel
    expect(pool.stats()).toMatchObject({ active: 1, queued: 2, cancelled: 1 });
    await microtask();

    expect(order).toEqual(['a', 'b', 'c']);
    expect(pool.stats()).toMatchObject({ active: 2, queued: 1 });
  });

  it('starts the waiting calls before a call subscribed while a hand-on is pending', async () => {
    const pool = new TaskPool({ poolSize: 2, maxTaskQueueSize: 2 });
    const order: string[] = [];
    const call = (name: string): Subscription =>
      pool.run$(new Observable<never>(() => void order.push(name))).subscribe({
        error: () => order.push(`${name} refused`),
      });
    const a = call('a');
    const b = call('b');
    call('c');
    call('d'); // the queue is full
    a.unsubscribe();
    b.unsubscribe();
    expect(pool.hasRoom()).toBe(true);

    call('e'); // waits behind c and d, and is not refused: two slots are free
    call('f');
    call('g'); // refused: after the hand-on, e and f fill the queue
    expect(order).toEqual(['a', 'b', 'g refused']);
    expect(pool.stats()).toMatchObject({ active: 0, queued: 4 });
    expect(pool.hasRoom()).toBe(false);
    await microtask();
    expect(order).toEqual(['a', 'b', 'g refused', 'c', 'd']);
    expect(pool.stats()).toMatchObject({ active: 2, queued: 2 });
  });

  it('resolves shutdown only after the calls waiting for a deferred hand-on have run', async () => {
    const pool = new TaskPool({ poolSize: 1, maxTaskQueueSize: 5 });
    const finishers: Array<() => void> = [];
    const task = new Observable<number>((subscriber) => {
      finishers.push(() => subscriber.complete());
    });
    const first = pool.run$(task).subscribe();
    pool.run$(task).subscribe();
    let idle = false;
    const done = pool.shutdown().then(() => (idle = true));

    first.unsubscribe();
    await microtask();
    await microtask();
    expect(idle).toBe(false);
    expect(finishers).toHaveLength(2);
    finishers[1]!();
    await done;
    expect(pool.stats()).toMatchObject({ active: 0, queued: 0, completed: 1, cancelled: 1 });
  });
});
