import { Observable, Subscription, from } from 'rxjs';
import { withPool } from '../../src/operators/with-pool.js';
import { TaskPool } from '../../src/pool/task-pool.js';
import { fakeClient } from '../operators/pool-fixtures.js';
import { microtask, neverEnding } from './pool-tasks.js';

// Calls subscribed while a cancel cascade is under way: by a withPool runner that wakes on the
// pool's room$, or by any subscriber of stats$. They wait behind the calls already queued, so the
// cascade never cancels a call that their admission started.
const SLOTS = 4;
const QUEUE = 50;

/** SLOTS running and QUEUE queued calls of one parent Subscription: a full pool. */
function fill(pool: TaskPool) {
  const doomed = neverEnding();
  const parent = new Subscription();
  for (let i = 0; i < SLOTS + QUEUE; i++) parent.add(pool.run$(doomed.task).subscribe());
  expect(pool.stats()).toMatchObject({ active: SLOTS, queued: QUEUE });
  expect(pool.hasRoom()).toBe(false);
  return { parent, started: doomed.started };
}

describe('TaskPool admission during a cancel cascade', () => {
  it('starts none of the cancelled queued calls when withPool runners subscribe new calls mid-cascade', async () => {
    const { pool, client } = fakeClient({ poolSize: SLOTS, maxTaskQueueSize: QUEUE });
    const cascade = fill(pool);
    const fresh = neverEnding();
    const errors: unknown[] = [];
    const runners = [1, 2, 3].map(() =>
      from(Array.from({ length: 40 }, (_, i) => i))
        .pipe(withPool(client, () => pool.run$(fresh.task)))
        .subscribe({ error: (error: unknown) => errors.push(error) }),
    );
    expect(fresh.started()).toBe(0); // the runners wait for room

    cascade.parent.unsubscribe(); // the running calls first, then the queued ones
    expect(cascade.started()).toBe(SLOTS);
    expect(fresh.started()).toBe(0);
    // The running calls' slots are handed on (and announced) only after the cascade; the first
    // queued call to leave woke the runners: the first filled the room (the SLOTS freed slots and
    // the place in the queue), the next two took one place each as more left. All of them queued.
    const taken = SLOTS + 1 + 2;
    expect(pool.stats()).toMatchObject({ active: 0, queued: taken, cancelled: SLOTS + QUEUE });
    await microtask();

    expect(cascade.started()).toBe(SLOTS);
    expect(fresh.started()).toBe(SLOTS);
    expect(pool.stats()).toMatchObject({ active: SLOTS, queued: taken - SLOTS, rejected: 0 });
    expect(errors).toEqual([]); // hasRoom() and admission agreed: no runner met QueueFullError
    for (const runner of runners) runner.unsubscribe();
  });

  it('starts none of them when a stats$ subscriber subscribes a call on every change', async () => {
    const pool = new TaskPool({ poolSize: SLOTS, maxTaskQueueSize: QUEUE });
    const cascade = fill(pool);
    const fresh = neverEnding();
    const late: Subscription[] = [];
    const watcher = pool.stats$.subscribe(() => {
      if (pool.hasRoom()) late.push(pool.run$(fresh.task).subscribe());
    });

    cascade.parent.unsubscribe();
    expect(cascade.started()).toBe(SLOTS);
    expect(fresh.started()).toBe(0);
    expect(late).toHaveLength(SLOTS + QUEUE);
    await microtask();

    expect(cascade.started()).toBe(SLOTS);
    expect(fresh.started()).toBe(SLOTS);
    expect(pool.stats()).toMatchObject({ active: SLOTS, queued: QUEUE, rejected: 0 });
    watcher.unsubscribe();
    for (const call of late) call.unsubscribe();
  });

  it('queues a call subscribed while a hand-on is pending behind the waiting ones, admitting it while the queue after the hand-on has room', async () => {
    const pool = new TaskPool({ poolSize: 3, maxTaskQueueSize: 1 });
    const order: string[] = [];
    const call = (name: string): Subscription =>
      pool.run$(new Observable<never>(() => void order.push(name))).subscribe({
        error: () => order.push(`${name} refused`),
      });
    const running = ['a', 'b', 'c'].map(call);
    call('d');
    for (const r of running) r.unsubscribe(); // three slots free, d waits for the hand-on

    for (const name of ['e', 'f', 'g', 'h']) {
      const room = pool.hasRoom();
      call(name);
      expect(order.includes(`${name} refused`)).toBe(!room);
    }
    // d, e and f take the three slots at the hand-on; g waits in the queue of one; h is refused.
    expect(order).toEqual(['a', 'b', 'c', 'h refused']);
    expect(pool.stats()).toMatchObject({ active: 0, queued: 4 });
    await microtask();

    expect(order).toEqual(['a', 'b', 'c', 'h refused', 'd', 'e', 'f']);
    expect(pool.stats()).toMatchObject({ active: 3, queued: 1, rejected: 1 });
  });

  it('admits a call the hand-on will start even with no queue at all', async () => {
    const pool = new TaskPool({ poolSize: 2, maxTaskQueueSize: 1 });
    const order: string[] = [];
    const call = (name: string): Subscription =>
      pool.run$(new Observable<never>(() => void order.push(name))).subscribe({
        error: () => order.push(`${name} refused`),
      });
    const a = call('a');
    const b = call('b');
    call('c');
    pool.setLimits({ poolSize: 2, maxTaskQueueSize: 0 }); // c stays: nothing admitted is dropped
    a.unsubscribe();
    b.unsubscribe();

    call('d'); // starts at the hand-on, with c
    call('e');
    expect(order).toEqual(['a', 'b', 'e refused']);
    await microtask();

    expect(order).toEqual(['a', 'b', 'e refused', 'c', 'd']);
    expect(pool.stats()).toMatchObject({ active: 2, queued: 0 });
  });

  it('subscribes the task of a started call before a stats$ listener can start another from its change', () => {
    const pool = new TaskPool({ poolSize: 2, maxTaskQueueSize: 0 });
    const order: string[] = [];
    const call = (name: string): Subscription =>
      pool.run$(new Observable<never>(() => void order.push(name))).subscribe();
    let joined = false;
    const watcher = pool.stats$.subscribe(({ active }) => {
      if (active === 1 && !joined) {
        joined = true;
        call('b');
      }
    });

    call('a'); // its change wakes the listener, whose call starts directly in the free slot
    expect(order).toEqual(['a', 'b']);
    watcher.unsubscribe();
  });
});
