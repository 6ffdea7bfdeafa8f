import fc from 'fast-check';
import { Observable, Subscription, type Subscriber } from 'rxjs';
import { TaskPool } from '../../src/pool/task-pool.js';

type Command =
  | { kind: 'subscribe' }
  | { kind: 'complete'; pick: number }
  | { kind: 'fail'; pick: number }
  | { kind: 'unsubscribe'; pick: number }
  | { kind: 'cascade'; count: number; joiners: number }
  | { kind: 'tick' }
  | { kind: 'syncTask' }
  | { kind: 'shutdown' };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 25, arbitrary: fc.constant<Command>({ kind: 'subscribe' }) },
  { weight: 5, arbitrary: fc.constant<Command>({ kind: 'syncTask' }) },
  { weight: 15, arbitrary: fc.nat(1000).map<Command>((pick) => ({ kind: 'complete', pick })) },
  { weight: 5, arbitrary: fc.nat(1000).map<Command>((pick) => ({ kind: 'fail', pick })) },
  { weight: 10, arbitrary: fc.nat(1000).map<Command>((pick) => ({ kind: 'unsubscribe', pick })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 4 }))
      .map<Command>(([count, joiners]) => ({ kind: 'cascade', count, joiners })),
  },
  { weight: 8, arbitrary: fc.constant<Command>({ kind: 'tick' }) },
  { weight: 1, arbitrary: fc.constant<Command>({ kind: 'shutdown' }) },
);

interface Call {
  id: number;
  subscription: Subscription;
  ends: number;
  taskSubscriber?: Subscriber<number>;
  started: boolean;
  torn: boolean;
  refused: boolean;
}

/** Lets the microtask queue run: a slot a cancel freed has been handed on by then. */
const tick = (): Promise<void> => Promise.resolve();

describe('TaskPool invariants (fast-check)', () => {
  it('keeps limits, FIFO start order and exactly-once endings under random subscribe/finish/cancel/shutdown', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(command, { maxLength: 120 }),
        async (poolSize, maxTaskQueueSize, commands) => {
          const pool = new TaskPool({ poolSize, maxTaskQueueSize });
          const calls: Call[] = [];
          const startOrder: number[] = [];
          let closed = false;

          const open = () => calls.filter((c) => c.ends === 0);
          const running = () => calls.filter((c) => c.started && !c.torn && c.ends === 0);
          const subscribe = (sync: boolean) => {
            const id = calls.length;
            const call = { id, ends: 0, started: false, torn: false, refused: false } as Call;
            calls.push(call);
            const task = new Observable<number>((subscriber) => {
              call.started = true;
              startOrder.push(id);
              if (sync) {
                subscriber.next(id);
                subscriber.complete();
              }
              call.taskSubscriber = subscriber;
              return () => (call.torn = true);
            });
            const room = pool.hasRoom();
            call.subscription = pool.run$(task).subscribe({
              error: () => {
                call.refused = !call.started;
                call.ends++;
              },
              complete: () => call.ends++,
            });
            // hasRoom() foretells admission, also while a cancel's hand-on is pending.
            expect(call.refused).toBe(!room);
          };

          for (const cmd of commands) {
            const pending = open();
            const target = pending.length
              ? pending[(cmd as { pick?: number }).pick! % pending.length]
              : undefined;
            const startedBefore = startOrder.length;
            if (cmd.kind === 'subscribe' || cmd.kind === 'syncTask') subscribe(cmd.kind === 'syncTask');
            else if (cmd.kind === 'tick') {
              await tick();
              // The deferred hand-on has run: no call waits while a slot is free, and the queue
              // holds at most maxTaskQueueSize.
              const { active, queued } = pool.stats();
              expect(queued === 0 || active === poolSize).toBe(true);
              expect(queued).toBeLessThanOrEqual(maxTaskQueueSize);
            } else if (cmd.kind === 'cascade') {
              // One parent Subscription cancels the oldest open calls in subscription order, while
              // a stats$ subscriber (a withPool runner, say) subscribes up to `joiners` new calls
              // from inside the cascade's own changes.
              const parent = new Subscription();
              const leaving = pending.slice(0, cmd.count);
              for (const c of leaving) parent.add(c.subscription);
              const joined = new Set<number>();
              let cascading = false;
              const watcher = pool.stats$.subscribe(() => {
                if (!cascading || joined.size >= cmd.joiners) return;
                joined.add(calls.length);
                subscribe(false);
              });
              cascading = true;
              parent.unsubscribe();
              watcher.unsubscribe();
              for (const c of leaving) c.ends++;
              // Nothing the cascade cancelled was started by it; at most a joiner started, directly
              // (when nothing waited and a slot was free).
              expect(startOrder.slice(startedBefore).every((id) => joined.has(id))).toBe(true);
            } else if (cmd.kind === 'shutdown') {
              closed = true;
              void pool.shutdown();
            } else if (target?.started && cmd.kind === 'complete') {
              target.taskSubscriber!.next(target.id);
              target.taskSubscriber!.complete();
            } else if (target?.started && cmd.kind === 'fail')
              target.taskSubscriber!.error(new Error('fail'));
            else if (target && cmd.kind === 'unsubscribe') {
              target.subscription.unsubscribe();
              target.ends++;
              expect(startOrder.length).toBe(startedBefore); // a cancel starts nothing in its own turn
            }

            const stats = pool.stats();
            expect(stats.active).toBeLessThanOrEqual(poolSize);
            // Past maxTaskQueueSize only by the calls a pending hand-on will start.
            expect(stats.queued).toBeLessThanOrEqual(maxTaskQueueSize + Math.max(0, poolSize - stats.active));
            expect(stats.active).toBe(running().length);
            expect(stats.queued).toBe(open().filter((c) => !c.started).length);
            expect(startOrder).toEqual([...startOrder].sort((a, b) => a - b));
            expect(calls.every((c) => c.ends <= 1)).toBe(true);
            if (closed) expect(calls.filter((c) => !c.started && c.ends === 0).length).toBe(stats.queued);
            const counted = stats.completed + stats.failed + stats.rejected + stats.cancelled;
            expect(counted).toBe(calls.filter((c) => c.ends === 1).length);
          }

          // Drain: finish every started task, letting deferred hand-ons run; every call then has
          // ended exactly once, and the pool goes idle.
          for (let guard = 0; open().length > 0 && guard < 1000; guard++) {
            await tick();
            const next = open().find((c) => c.started);
            if (next) {
              next.taskSubscriber!.next(next.id);
              next.taskSubscriber!.complete();
            } else break;
          }
          expect(calls.every((c) => c.ends === 1)).toBe(true);
          const s = pool.stats();
          expect(s.completed + s.failed + s.rejected + s.cancelled).toBe(calls.length);
          expect(s).toMatchObject({ active: 0, queued: 0 });
          expect(calls.filter((c) => c.started).every((c) => c.torn)).toBe(true); // every task released
          await pool.shutdown();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('resolves shutdown only once every admitted call has ended', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 6 }),
        async (poolSize, count) => {
          const pool = new TaskPool({ poolSize, maxTaskQueueSize: 10 });
          const finishers: Subscriber<number>[] = [];
          for (let i = 0; i < count; i++)
            pool.run$(new Observable<number>((s) => void finishers.push(s))).subscribe();
          let idle = false;
          const done = pool.shutdown().then(() => (idle = true));
          expect(pool.shutdown()).toBe(pool.shutdown());
          for (let i = 0; i < count; i++) {
            await Promise.resolve();
            expect(idle).toBe(false);
            finishers[i]!.complete();
          }
          await done;
          expect(idle).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });
});
