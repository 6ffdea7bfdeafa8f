// A budget shared by clients over real loopback HTTP to the fake cloud: concurrency across pools,
// waiting counted as queued, a waiting call cancelled without being sent, a lease per call and a
// token per attempt (retries included), throttles reported.
import { lastValueFrom, type Observable } from 'rxjs';
import type { Budget } from '../../src/budget/budget.js';
import { localBudget } from '../../src/budget/local-budget.js';
import { Config } from '../../src/config.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import type { PoolStats } from '../../src/pool/pool-stats.js';
import { startFakeCloud, type RunningFakeCloud } from '../../src/testing/server.js';
import type { FakeCloudOptions } from '../../src/testing/fake-cloud.js';

/** `budget`, counting what it is asked and told. */
function counted(budget: Budget) {
  const counts = { leases: 0, tokens: 0, throttled: 0, ok: 0 };
  const wrapped: Budget = {
    lease$: () => (counts.leases++, budget.lease$()),
    token$: () => (counts.tokens++, budget.token$()),
    report: (outcome) => {
      counts[outcome]++;
      budget.report(outcome);
    },
    close: () => budget.close(),
  };
  return { budget: wrapped, counts };
}

describe('a budget shared by clients (loopback fake cloud)', () => {
  let fake: RunningFakeCloud;
  const clients: RpcClient[] = [];
  const start = async (options: FakeCloudOptions) => {
    fake = await startFakeCloud({
      regions: ['cn-hangzhou'],
      instancesPerRegion: 2,
      checkClock: false,
      ...options,
    });
  };
  const client = (budget: Budget, poolSize = 8) => {
    const c = new RpcClient({
      product: 'ecs',
      version: '2014-05-26',
      regionId: 'cn-hangzhou',
      config: new Config()
        .withEnableAsync(true)
        .withPoolSize(poolSize)
        .withEndpoint(fake.url)
        .withRetryBackoff(1, 5)
        .withBudget(budget),
      credential: new AccessKeyCredential('testid', 'testsecret'),
    });
    clients.push(c);
    return c;
  };
  const latest = (c: RpcClient): PoolStats => {
    let stats!: PoolStats;
    c.poolStats$.subscribe((s) => (stats = s)).unsubscribe();
    return stats;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.shutdown()));
    await fake.close();
  });

  it('keeps two clients with pools of 8 within the budget’s concurrency of 3, every call answered', async () => {
    await start({ faults: { latencyMs: 20 } });
    const budget = localBudget({ concurrency: 3 });
    const [a, b] = [client(budget), client(budget)];
    const calls = [a, b].flatMap((c) => Array.from({ length: 12 }, () => c.request('DescribeRegions', {})));
    const answers = await Promise.all(calls);
    expect(answers).toHaveLength(24);
    expect(fake.cloud.stats.peakInFlight).toBe(3);
  });

  it('counts a call waiting for its lease as queued (waitingForBudget), and a cancelled waiter is never sent', async () => {
    await start({ faults: { latencyMs: 30 } });
    const budget = localBudget({ concurrency: 1 });
    const c = client(budget, 4);
    const calls: Observable<unknown>[] = Array.from({ length: 4 }, () => c.request$('DescribeRegions', {}));
    const done = calls.slice(0, 3).map((call) => lastValueFrom(call));
    const waiter = calls[3]!.subscribe({ error: () => undefined });
    expect(latest(c)).toMatchObject({ active: 1, queued: 3, waitingForBudget: 3 });
    waiter.unsubscribe();
    expect(latest(c)).toMatchObject({ active: 1, queued: 2, waitingForBudget: 2, cancelled: 1 });
    await Promise.all(done);
    expect(latest(c)).toMatchObject({
      active: 0,
      queued: 0,
      waitingForBudget: 0,
      completed: 3,
      cancelled: 1,
    });
    expect(fake.cloud.stats.requests).toBe(3);
    expect(fake.cloud.stats.peakInFlight).toBe(1);
  });

  it('takes one lease per call and one token per attempt: a retry takes a new token and keeps its lease', async () => {
    await start({ seed: 11, faults: { errorRate: 0.4, errorCode: 'ServiceUnavailable' } });
    const { budget, counts } = counted(localBudget({ concurrency: 2, rate: { limit: 1000, perMs: 1000 } }));
    const c = client(budget);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => c.request('DescribeRegions', {})),
    );
    expect(counts.leases).toBe(30);
    expect(counts.tokens).toBe(fake.cloud.stats.requests);
    expect(fake.cloud.stats.requests).toBeGreaterThan(30); // some were retried
    expect(latest(c).retries).toBe(fake.cloud.stats.requests - 30);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(counts.ok);
  });

  it('reports each throttled attempt to the budget (what an adaptive budget cuts on)', async () => {
    await start({ seed: 5, faults: { throttleRate: 0.3 } });
    const { budget, counts } = counted(localBudget({ rate: { limit: 1000, perMs: 1000 }, adaptive: true }));
    const c = client(budget);
    await Promise.allSettled(Array.from({ length: 40 }, () => c.request('DescribeRegions', {})));
    expect(fake.cloud.stats.throttled).toBeGreaterThan(0);
    expect(counts.throttled).toBe(fake.cloud.stats.throttled);
    expect(counts.throttled + counts.ok).toBe(fake.cloud.stats.requests);
  });
});
