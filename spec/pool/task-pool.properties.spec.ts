import fc from 'fast-check';
import { Observable, type Subscriber, type Subscription } from 'rxjs';
import { TaskPool } from '../../src/pool/task-pool.js';

type Command =
  | { kind: 'subscribe' }
  | { kind: 'complete'; pick: number }
  | { kind: 'fail'; pick: number }
  | { kind: 'unsubscribe'; pick: number }
  | { kind: 'syncTask' }
  | { kind: 'shutdown' };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 25, arbitrary: fc.constant<Command>({ kind: 'subscribe' }) },
  { weight: 5, arbitrary: fc.constant<Command>({ kind: 'syncTask' }) },
  { weight: 15, arbitrary: fc.nat(1000).map<Command>((pick) => ({ kind: 'complete', pick })) },
  { weight: 5, arbitrary: fc.nat(1000).map<Command>((pick) => ({ kind: 'fail', pick })) },
  { weight: 10, arbitrary: fc.nat(1000).map<Command>((pick) => ({ kind: 'unsubscribe', pick })) },
  { weight: 1, arbitrary: fc.constant<Command>({ kind: 'shutdown' }) },
);

interface Call {
  id: number;
  subscription: Subscription;
  ends: number;
  taskSubscriber?: Subscriber<number>;
  started: boolean;
  torn: boolean;
}

describe('TaskPool invariants (fast-check)', () => {
  it('keeps limits, FIFO start order and exactly-once endings under random subscribe/finish/cancel/shutdown', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(command, { maxLength: 120 }),
        (poolSize, maxTaskQueueSize, commands) => {
          const pool = new TaskPool({ poolSize, maxTaskQueueSize });
          const calls: Call[] = [];
          const startOrder: number[] = [];
          let closed = false;

          const open = () => calls.filter((c) => c.ends === 0);
          const running = () => calls.filter((c) => c.started && !c.torn && c.ends === 0);
          const subscribe = (sync: boolean) => {
            const id = calls.length;
            const call = { id, ends: 0, started: false, torn: false } as Call;
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
            call.subscription = pool.run$(task).subscribe({
              error: () => call.ends++,
              complete: () => call.ends++,
            });
          };

          for (const cmd of commands) {
            const pending = open();
            const target = pending.length
              ? pending[(cmd as { pick?: number }).pick! % pending.length]
              : undefined;
            if (cmd.kind === 'subscribe' || cmd.kind === 'syncTask') subscribe(cmd.kind === 'syncTask');
            else if (cmd.kind === 'shutdown') {
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
            }

            const stats = pool.stats();
            expect(stats.active).toBeLessThanOrEqual(poolSize);
            expect(stats.queued).toBeLessThanOrEqual(maxTaskQueueSize);
            expect(stats.active).toBe(running().length);
            expect(stats.queued).toBe(open().filter((c) => !c.started).length);
            expect(startOrder).toEqual([...startOrder].sort((a, b) => a - b));
            expect(calls.every((c) => c.ends <= 1)).toBe(true);
            if (closed) expect(calls.filter((c) => !c.started && c.ends === 0).length).toBe(stats.queued);
          }

          // Drain: finish every started task; every call then has ended exactly once.
          for (let guard = 0; open().length > 0 && guard < 1000; guard++) {
            const next = open().find((c) => c.started);
            if (next) {
              next.taskSubscriber!.next(next.id);
              next.taskSubscriber!.complete();
            } else break;
          }
          expect(calls.every((c) => c.ends === 1)).toBe(true);
          const s = pool.stats();
          expect(s.completed + s.failed + s.rejected + s.cancelled).toBe(calls.length);
          expect(calls.filter((c) => c.torn && c.ends === 1).length).toBeGreaterThanOrEqual(0);
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
