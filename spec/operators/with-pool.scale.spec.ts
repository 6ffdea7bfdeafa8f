/**
 * Scale tests of `poolFrom` (the bounded-memory form of `withPool`): a pool of 10 with a queue of
 * 100 must take a huge source without ever meeting QueueFullError and without pulling more than
 * poolSize + queue + 1 = 111 items ahead of the calls that have ended.
 *
 * Two runs, because one real signed call costs ~0.2–0.3 ms of CPU here (signing, ky, fetch's
 * Request and Response, parsing), so a million of them take minutes on 2 cores:
 * 1. 1,000,000 items through the operator and a real TaskPool (the class behind every client's
 *    pool, seen through the same PoolAware face an RpcClient shows), each call asynchronous.
 * 2. REAL_CALLS items through a real EcsClient: admission into its pool, the whole call pipeline
 *    (parameters, ACS3 signing, ky, response parsing), over a cheap in-process `withFetch` that
 *    answers `{ RequestId }` in a later task and verifies the signature of one request in 1,000
 *    (verifying every one, as the fake cloud does, would double the cost; signatures are tested
 *    elsewhere).
 *
 * Memory: `heapUsed` is sampled every 10,000 items as it is (garbage included: the figure for the
 * notes) and after a forced GC (what is really retained, which is what must stay bounded).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { defer, lastValueFrom, reduce, type Observable } from 'rxjs';
import { Config } from '../../src/config.js';
import { EcsClient } from '../../src/clients/ecs/ecs-client.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { QueueFullError } from '../../src/errors/queue-full-error.js';
import { poolFrom } from '../../src/operators/with-pool.js';
import type { PoolAware } from '../../src/operators/pooled-runner.js';
import type { PoolStats } from '../../src/pool/pool-stats.js';
import { TaskPool } from '../../src/pool/task-pool.js';
import { verifyRequest } from '../../src/testing/verify-request.js';

const POOL_SIZE = 10;
const QUEUE = 100;
const MAX_AHEAD = POOL_SIZE + QUEUE + 1;
const MB = 1024 * 1024;
const REAL_CALLS = 50_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A generator of `n` ids that measures how far ahead of the ended calls it is pulled, and the heap. */
function probe(n: number, gcEvery: number) {
  gc();
  const m = {
    yielded: 0,
    ended: 0,
    maxAhead: 0,
    baseHeap: process.memoryUsage().heapUsed,
    peakHeap: 0,
    peakRetained: 0,
    queueFull: 0,
  };
  function* ids(): Generator<string> {
    for (let i = 0; i < n; i++) {
      m.yielded++;
      m.maxAhead = Math.max(m.maxAhead, m.yielded - m.ended);
      if (i % 10_000 === 0) m.peakHeap = Math.max(m.peakHeap, process.memoryUsage().heapUsed);
      if (i % gcEvery === 0 && i > 0) {
        gc();
        m.peakRetained = Math.max(m.peakRetained, process.memoryUsage().heapUsed);
      }
      yield `i-${i}`;
    }
  }
  /** Runs the stream to its end and counts what it emits; a QueueFullError is counted, then rethrown. */
  const drain = (out$: Observable<unknown>) =>
    lastValueFrom(
      out$.pipe(
        reduce((count) => {
          m.ended++;
          return count + 1;
        }, 0),
      ),
    ).catch((error: unknown) => {
      if (error instanceof QueueFullError) m.queueFull++;
      throw error;
    });
  return { m, ids, drain };
}

function report(label: string, n: number, ms: number, m: ReturnType<typeof probe>['m']): void {
  const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
  // eslint-disable-next-line no-console -- the figures go into the release notes
  console.log(
    `${label}: ${n.toLocaleString('en')} items in ${(ms / 1000).toFixed(1)} s ` +
      `(${((ms * 1000) / n).toFixed(1)} µs/item); at most ${m.maxAhead} pulled ahead; heapUsed ` +
      `peak ${mb(m.peakHeap)} sampled every 10,000 items, ${mb(m.peakRetained)} after GC, ` +
      `${mb(m.baseHeap)} before the run`,
  );
}

describe('poolFrom at scale', () => {
  const clients: EcsClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.shutdown()));
  });

  it('runs 1,000,000 items through a pool of 10 and a queue of 100 with no QueueFullError and at most 111 items pulled ahead', async () => {
    const n = 1_000_000;
    const pool = new TaskPool({ poolSize: POOL_SIZE, maxTaskQueueSize: QUEUE });
    const client: PoolAware = {
      get poolLimits() {
        return pool.limits;
      },
      hasRoom: () => pool.hasRoom(),
      poolRoom$: pool.room$,
    };
    let stats: PoolStats | undefined;
    const watch = pool.stats$.subscribe((s) => (stats = s));
    const { m, ids, drain } = probe(n, 100_000);
    // Each call answers on a later microtask, as an asynchronous request would.
    const call$ = (id: string) => pool.run$(defer(() => Promise.resolve(id)));

    const started = Date.now();
    const count = await drain(poolFrom(ids(), client, call$));
    report('TaskPool + poolFrom', n, Date.now() - started, m);
    watch.unsubscribe();

    expect(count).toBe(n);
    expect(m.queueFull).toBe(0);
    expect(stats).toMatchObject({ completed: n, rejected: 0, failed: 0, cancelled: 0, active: 0, queued: 0 });
    expect(m.maxAhead).toBeLessThanOrEqual(MAX_AHEAD);
    // Measured from the heap before the run: a Jest worker may start it holding earlier suites' memory.
    expect(m.peakHeap - m.baseHeap).toBeLessThan(150 * MB);
    expect(m.peakRetained - m.baseHeap).toBeLessThan(20 * MB);
  }, 60_000);

  it(`runs ${REAL_CALLS.toLocaleString('en')} signed EcsClient calls through a pool of 10 and a queue of 100 with no QueueFullError and at most 111 items pulled ahead`, async () => {
    let requests = 0;
    const refused: string[] = [];
    const config = new Config()
      .withEnableAsync(true)
      .withPoolSize(POOL_SIZE)
      .withMaxTaskQueueSize(QUEUE)
      .withEndpoint('http://ecs.fake.local')
      .withFetch(async (input, init) => {
        // Answered in a later task, as a network answer always is. V8 keeps the target of every
        // WeakRef made during a task (ky's AbortSignal.any, undici's Request signals: ~5 KB a
        // call) alive until the task's microtasks are all done; a run that never leaves the
        // microtask queue (synchronous signing, an answer on a microtask) would hold them all.
        await new Promise((resolve) => setImmediate(resolve));
        const request = input instanceof Request ? input : new Request(input, init);
        if (requests++ % 1000 === 0) {
          const verified = await verifyRequest(request, { testid: 'testsecret' });
          if (!verified.ok) refused.push(verified.code);
        }
        return Response.json({
          RequestId: 'x',
          TotalCount: 0,
          PageNumber: 1,
          PageSize: 1,
          InstanceStatuses: {},
        });
      });
    const ecs = new EcsClient('cn-hangzhou', config, new AccessKeyCredential('testid', 'testsecret'));
    clients.push(ecs);
    let stats: PoolStats | undefined;
    const watch = ecs.poolStats$.subscribe((s) => (stats = s));
    const { m, ids, drain } = probe(REAL_CALLS, 10_000);

    const started = Date.now();
    const count = await drain(poolFrom(ids(), ecs, () => ecs.describeInstanceStatus$({ PageSize: 1 })));
    report('EcsClient + poolFrom, signed calls', REAL_CALLS, Date.now() - started, m);
    watch.unsubscribe();

    expect(count).toBe(REAL_CALLS);
    expect(requests).toBe(REAL_CALLS);
    expect(refused).toEqual([]);
    expect(m.queueFull).toBe(0);
    expect(stats).toMatchObject({ completed: REAL_CALLS, rejected: 0, failed: 0, retries: 0, active: 0 });
    expect(m.maxAhead).toBeLessThanOrEqual(MAX_AHEAD);
    // The raw peak is mostly garbage awaiting collection (V8 decides when); what is retained after
    // a GC, above the heap before the run, must be small.
    expect(m.peakRetained - m.baseHeap).toBeLessThan(30 * MB);
  }, 120_000); // ~15 s alone; 27–32 s in a fresh clone's loaded run: a hang guard, not a speed limit
});
