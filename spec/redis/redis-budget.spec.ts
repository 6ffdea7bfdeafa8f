// redisBudget over the real Redis 7 of this machine (127.0.0.1:6379; unique keys per test, the
// shared server never flushed): budgets of one key in separate connections (as separate
// processes would hold them) share concurrency and rate; a holder that dies frees its lease
// after leaseMs; an unreachable Redis fails calls with BudgetUnavailableError, nothing sent.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { createClient } from '@redis/client';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import type { Budget, BudgetLease } from '../../src/budget/budget.js';
import { Config } from '../../src/config.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { BudgetUnavailableError } from '../../src/errors/budget-unavailable-error.js';
import { redisBudget } from '../../src/redis/redis-budget.js';
import { startFakeCloud, type RunningFakeCloud } from '../../src/testing/server.js';

const URL = 'redis://127.0.0.1:6379';
const unique = () => `spec:${randomUUID()}`;

describe('redisBudget (real Redis)', () => {
  const budgets: Budget[] = [];
  const clients: RpcClient[] = [];
  let fake: RunningFakeCloud | undefined;
  const budget = (options: Omit<Parameters<typeof redisBudget>[0], 'url' | 'redis'>) => {
    const b = redisBudget({ url: URL, ...options });
    budgets.push(b);
    return b;
  };
  const ecs = (b: Budget, poolSize = 8) => {
    const c = new RpcClient({
      product: 'ecs',
      version: '2014-05-26',
      regionId: 'cn-hangzhou',
      config: new Config().withEnableAsync(true).withPoolSize(poolSize).withEndpoint(fake!.url).withBudget(b),
      credential: new AccessKeyCredential('testid', 'testsecret'),
    });
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.shutdown()));
    await Promise.all(budgets.splice(0).map((b) => b.close()));
    await fake?.close();
    fake = undefined;
  });

  it('keeps three budgets of one key (three connections, as three processes) within concurrency 3 together', async () => {
    fake = await startFakeCloud({
      regions: ['cn-hangzhou'],
      instancesPerRegion: 2,
      faults: { latencyMs: 25 },
    });
    const key = unique();
    const shared = [0, 1, 2].map(() => ecs(budget({ key, concurrency: 3 })));
    const answers = await Promise.all(
      shared.flatMap((c) => Array.from({ length: 10 }, () => c.request('DescribeRegions', {}))),
    );
    expect(answers).toHaveLength(30);
    expect(fake.cloud.stats.peakInFlight).toBeLessThanOrEqual(3);
    expect(fake.cloud.stats.peakInFlight).toBeGreaterThanOrEqual(2);
  });

  it('spaces tokens across connections at the shared rate: at most burst + limit in any window of perMs', async () => {
    const key = unique();
    const [a, b] = [
      budget({ key, rate: { limit: 20, perMs: 1000, burst: 2 } }),
      budget({ key, rate: { limit: 20, perMs: 1000, burst: 2 } }),
    ];
    const at: number[] = [];
    const take = (x: Budget) => lastValueFrom(x.token$()).then(() => at.push(performance.now()));
    await Promise.all(Array.from({ length: 15 }, (_, i) => take(i % 2 ? a : b)));
    at.sort((x, y) => x - y);
    // 15 tokens at 20 per second after a burst of 2: the last no sooner than (15 - 2) × 50 ms.
    expect(at[14]! - at[0]!).toBeGreaterThanOrEqual(13 * 50 - 20);
    for (let i = 0, j = 0; i < at.length; i++) {
      while (at[i]! - at[j]! >= 1000) j++;
      expect(i - j + 1).toBeLessThanOrEqual(22);
    }
  });

  it('frees the lease of a holder that died (no heartbeat, no release) after leaseMs, and wakes the waiter', async () => {
    const key = unique();
    const raw = createClient({ url: URL });
    await raw.connect();
    // A holder that dies: its lease taken straight from Redis, as redisBudget would, never renewed.
    const dead = `dead-${randomUUID()}`;
    await raw.zAdd(`alicloud-rx:{${key}}:leases`, { score: Date.now() + 400, value: dead });
    const waiter = budget({ key, concurrency: 1, leaseMs: 400 });
    const started = performance.now();
    const lease: BudgetLease = await firstValueFrom(waiter.lease$());
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(await raw.zScore(`alicloud-rx:{${key}}:leases`, dead)).toBeNull();
    lease.release();
    await raw.close();
  });

  it('wakes a waiter in another connection when a lease is released (pub/sub), long before the lease would expire', async () => {
    const key = unique();
    const [a, b] = [
      budget({ key, concurrency: 1, leaseMs: 60_000 }),
      budget({ key, concurrency: 1, leaseMs: 60_000 }),
    ];
    const held = await firstValueFrom(a.lease$());
    const next = firstValueFrom(b.lease$());
    let granted = false;
    void next.then(() => (granted = true));
    await new Promise((resolve) => setTimeout(resolve, 100)); // b is waiting now
    expect(granted).toBe(false);
    const released = performance.now();
    held.release();
    (await next).release();
    expect(performance.now() - released).toBeLessThan(5_000);
  });

  it('leaves the line when a waiting call is unsubscribed, holding nothing', async () => {
    const key = unique();
    const b = budget({ key, concurrency: 1 });
    const held = await firstValueFrom(b.lease$());
    const waiting = b.lease$().subscribe();
    waiting.unsubscribe();
    held.release();
    const again = await firstValueFrom(b.lease$()); // free: nobody else took it
    again.release();
  });

  it('fails a call with BudgetUnavailableError within connectTimeout when Redis cannot be reached, nothing sent', async () => {
    fake = await startFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: 2 });
    // A port that accepts nothing: listen, note the port, close.
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const b = redisBudget({
      url: `redis://127.0.0.1:${port}`,
      key: unique(),
      concurrency: 2,
      connectTimeout: 300,
    });
    budgets.push(b);
    const c = ecs(b);
    const started = performance.now();
    const error = await c.request('DescribeRegions', {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BudgetUnavailableError);
    expect((error as BudgetUnavailableError).code).toBe('SDK.BudgetUnavailable');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(fake.cloud.stats.requests).toBe(0);
  });

  it('with failOpen, goes on within the same limits in this process when Redis cannot be reached, and says so once', async () => {
    fake = await startFakeCloud({
      regions: ['cn-hangzhou'],
      instancesPerRegion: 2,
      faults: { latencyMs: 10 },
    });
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const told: BudgetUnavailableError[] = [];
    const b = redisBudget({
      url: `redis://127.0.0.1:${port}`,
      key: unique(),
      concurrency: 2,
      rate: { limit: 1000, perMs: 1000 },
      connectTimeout: 200,
      failOpen: true,
      onFailOpen: (error) => told.push(error),
    });
    budgets.push(b);
    const c = ecs(b);
    const answers = await Promise.all(Array.from({ length: 12 }, () => c.request('DescribeRegions', {})));
    expect(answers).toHaveLength(12);
    expect(fake.cloud.stats.peakInFlight).toBeLessThanOrEqual(2);
    expect(told).toHaveLength(1);
    expect(told[0]).toBeInstanceOf(BudgetUnavailableError);
  });

  it('takes your own client (never closing it) and names bad options', async () => {
    const raw = createClient({ url: URL });
    await raw.connect();
    const b = redisBudget({ redis: raw, key: unique(), concurrency: 1 });
    (await firstValueFrom(b.lease$())).release();
    await b.close();
    expect(raw.isOpen).toBe(true);
    await raw.close();
    expect(() => redisBudget({ key: 'k' } as never)).toThrow(/url/);
    expect(() => redisBudget({ url: URL, key: '' })).toThrow(/key/);
    expect(() => redisBudget({ url: URL, key: 'k', leaseMs: 5 })).toThrow(/leaseMs/);
    expect(() => redisBudget({ url: URL, key: 'k', adaptive: true })).toThrow(/rate/);
  });
});
