// redisBudget across real processes and a real Redis: four workers sharing one budget against a
// throttling fake cloud (and the same run without the budget, measured beside it), a worker
// killed with SIGKILL while it holds a lease, and a Redis stopped and started again mid-run.
// `npm test` runs this file on its own, after the others (`npm run jest:processes`): timers of
// five processes on two cores are late enough beside the parallel suites to blur the
// one-second windows measured here.
import { spawn, type ChildProcess } from 'node:child_process';
import type { SweepSummary } from '../../examples/fleet-sweep/summary.js';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { firstValueFrom } from 'rxjs';
import { Config } from '../../src/config.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { BudgetUnavailableError } from '../../src/errors/budget-unavailable-error.js';
import { redisBudget } from '../../src/redis/redis-budget.js';
import { createFakeCloud } from '../../src/testing/fake-cloud.js';
import { serveFetch } from '../../src/testing/server.js';

const WORKER = fileURLToPath(new URL('./fixtures/budget-worker.ts', import.meta.url));
const REDIS = 'redis://127.0.0.1:6379';

function worker(args: string[]): {
  child: ChildProcess;
  lines: AsyncIterable<string>;
  done: Promise<number>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = (async function* () {
    let buffer = '';
    for await (const chunk of child.stdout!) {
      buffer += String(chunk);
      let at: number;
      while ((at = buffer.indexOf('\n')) >= 0) {
        yield buffer.slice(0, at);
        buffer = buffer.slice(at + 1);
      }
    }
  })();
  const done = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 0))),
  );
  return { child, lines, done };
}

async function firstLine(lines: AsyncIterable<string>): Promise<string> {
  for await (const line of lines) return line;
  return '';
}

interface Summary {
  ok: number;
  failed: number;
  codes: string[];
}

/** Runs `workers` processes of `calls` each against one throttling fake cloud; what the server saw. */
async function fleet(workers: number, calls: number, budget: object | null) {
  const cloud = createFakeCloud({
    regions: ['cn-hangzhou'],
    instancesPerRegion: 2,
    faults: { throttleQps: 100 },
  });
  const times: number[] = [];
  const seen: { at: number; throttled: boolean }[] = [];
  const server = await serveFetch(async (request) => {
    const at = performance.now();
    times.push(at);
    const response = await cloud.fetch(request);
    seen.push({
      at,
      throttled: response.status === 400 && (await response.clone().text()).includes('Throttling'),
    });
    return response;
  });
  const key = `spec:${randomUUID()}`;
  const json = JSON.stringify(budget ?? { concurrency: 1_000_000 });
  const runs = Array.from({ length: workers }, () =>
    worker(['calls', server.url, REDIS, key, String(calls), json]),
  );
  const summaries = await Promise.all(runs.map(async (r) => JSON.parse(await firstLine(r.lines)) as Summary));
  await Promise.all(runs.map((r) => r.done));
  await server.close();
  times.sort((a, b) => a - b);
  // The most requests in any one second, over the whole run and from `fromMs` after the first on.
  const busiest = (fromMs: number) => {
    const late = times.filter((t) => t - times[0]! >= fromMs);
    let most = 0;
    for (let i = 0, j = 0; i < late.length; i++) {
      while (late[i]! - late[j]! >= 1000) j++;
      most = Math.max(most, i - j + 1);
    }
    return most;
  };
  const window = busiest(0);
  const warmWindow = busiest(2000);
  const stats = cloud.stats;
  const first = times[0]!;
  return {
    /** Requests and throttled ones from `fromMs` after the first request on. */
    after: (fromMs: number) => {
      const late = seen.filter((s) => s.at - first >= fromMs);
      const span = (Math.max(...late.map((s) => s.at)) - first - fromMs) / 1000;
      const throttled = late.filter((s) => s.throttled).length;
      return { requests: late.length, throttled, answeredPerSecond: (late.length - throttled) / span };
    },
    failed: summaries.reduce((n, s) => n + s.failed, 0),
    ok: summaries.reduce((n, s) => n + s.ok, 0),
    requests: stats.requests,
    throttled: stats.throttled,
    peak: stats.peakInFlight,
    window,
    warmWindow,
    seconds: (times.at(-1)! - times[0]!) / 1000,
  };
}

describe('redisBudget across processes (real Redis, real processes)', () => {
  it('keeps 4 processes × 500 calls within concurrency 12 and 100 per second together: no failure, < 2 % throttled', async () => {
    const shared = await fleet(4, 500, { concurrency: 12, rate: { limit: 100, perMs: 1000 } });
    const alone = await fleet(4, 500, null);
    process.stdout.write(
      `4 × 500 calls, cloud throttling at 100/s — with redisBudget: ${shared.requests} requests, ${shared.throttled} throttled (${((100 * shared.throttled) / shared.requests).toFixed(1)} %), ${shared.failed} failed, peak ${shared.peak} in flight, at most ${shared.window} in a second (${shared.warmWindow} after the first 2 s), ${shared.seconds.toFixed(1)} s; ` +
        `without: ${alone.requests} requests, ${alone.throttled} throttled (${((100 * alone.throttled) / alone.requests).toFixed(1)} %), ${alone.failed} failed, peak ${alone.peak}, at most ${alone.window} in a second, ${alone.seconds.toFixed(1)} s\n`,
    );
    expect(shared).toMatchObject({ ok: 2000, failed: 0 });
    expect(shared.peak).toBeLessThanOrEqual(12);
    // GCRA allows 100 + a burst of 10 in any second. Five cold processes on two cores send a few
    // tokens of their first second late, then catch up: the whole run measures 110–116; once warm,
    // the target of 115 holds with room. Both are printed above.
    expect(shared.warmWindow).toBeLessThanOrEqual(115);
    expect(shared.window).toBeLessThanOrEqual(125);
    expect(shared.throttled / shared.requests).toBeLessThan(0.02);
    expect(alone.throttled).toBeGreaterThan(shared.throttled); // what the budget spared
  }, 120_000);

  it('converges 4 adaptive processes on a limit they do not know (ceiling 400/s, cloud 100/s)', async () => {
    const run = await fleet(4, 600, { concurrency: 64, rate: { limit: 400, perMs: 1000 }, adaptive: true });
    const late = run.after(5000);
    const share = late.throttled / late.requests;
    process.stdout.write(
      `adaptive, 4 × 600 calls, ceiling 400/s, cloud 100/s: ${run.requests} requests, ${run.throttled} throttled overall, ${run.failed} calls failed; ` +
        `after the first 5 s: ${(100 * share).toFixed(1)} % of ${late.requests} requests throttled, ${late.answeredPerSecond.toFixed(1)} answered per second, ${run.seconds.toFixed(1)} s in all\n`,
    );
    // The targets are < 5 % throttled and ≥ 85 % of the cloud's limit; measured runs give
    // 4–5 % and 95–98 answered per second. The bounds here leave room for a busy machine.
    expect(share).toBeLessThan(0.1);
    expect(late.answeredPerSecond).toBeGreaterThanOrEqual(85);
  }, 120_000);

  it('frees the lease of a worker killed with SIGKILL within leaseMs; while it lived, its heartbeat kept it', async () => {
    const key = `spec:${randomUUID()}`;
    const leaseMs = 600;
    const holder = worker(['hold', REDIS, key, String(leaseMs)]);
    expect(await firstLine(holder.lines)).toBe('held');
    const budget = redisBudget({ url: REDIS, key, concurrency: 1, leaseMs });
    let granted = false;
    const next = firstValueFrom(budget.lease$()).then((lease) => ((granted = true), lease));
    // Three lease periods alive: the heartbeat renews, nobody else gets it.
    await new Promise((resolve) => setTimeout(resolve, 3 * leaseMs));
    expect(granted).toBe(false);
    const killed = performance.now();
    holder.child.kill('SIGKILL');
    await holder.done;
    (await next).release();
    const after = performance.now() - killed;
    process.stdout.write(
      `lease of a SIGKILLed worker free again ${after.toFixed(0)} ms after the kill (leaseMs ${leaseMs})\n`,
    );
    expect(after).toBeLessThan(leaseMs + 1000);
    await budget.close();
  }, 30_000);

  it('fails calls with BudgetUnavailableError while Redis is down, never hangs, and recovers when it is back', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const startRedis = async () => {
      const redis = spawn(
        '/usr/bin/redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      for await (const chunk of redis.stdout!)
        if (String(chunk).includes('Ready to accept connections')) break;
      return redis;
    };
    let redis = await startRedis();
    const cloud = createFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: 2 });
    const budget = redisBudget({
      url: `redis://127.0.0.1:${port}`,
      key: 'restart',
      concurrency: 4,
      connectTimeout: 500,
    });
    const client = new RpcClient({
      product: 'ecs',
      version: '2014-05-26',
      regionId: 'cn-hangzhou',
      config: new Config()
        .withEnableAsync(true)
        .withEndpoint('http://fake.local')
        .withFetch(cloud.fetch)
        .withBudget(budget),
      credential: new AccessKeyCredential('testid', 'testsecret'),
    });
    await client.request('DescribeRegions', {});
    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    const sentBefore = cloud.stats.requests;
    const down = await Promise.allSettled(
      Array.from({ length: 5 }, () => client.request('DescribeRegions', {})),
    );
    expect(down.map((r) => r.status === 'rejected' && r.reason instanceof BudgetUnavailableError)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(cloud.stats.requests).toBe(sentBefore);
    redis = await startRedis();
    // Back: the connection reconnects by itself (within its 2 s backoff), the scripts load again.
    let answered = false;
    for (let tries = 0; tries < 40 && !answered; tries++) {
      answered = await client.request('DescribeRegions', {}).then(
        () => true,
        () => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 250)),
      );
    }
    expect(answered).toBe(true);
    await client.shutdown();
    await budget.close();
    redis.kill('SIGKILL');
  }, 60_000);
});

describe('the main job split over workers', () => {
  it('npm start -- --workers 2 --redis: the workers share the regions and one budget; the server never sees more than --pool in flight', async () => {
    const main = fileURLToPath(new URL('../../examples/fleet-sweep/main.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        main,
        '--workers',
        '2',
        '--redis',
        REDIS,
        '--pool',
        '3',
        '--instances',
        '20',
        '--json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += String(chunk)));
    for await (const chunk of child.stdout!) out += String(chunk);
    const code = await new Promise<number | null>((resolve) =>
      child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve),
    );
    const summary = JSON.parse(out) as SweepSummary;
    expect([code, summary.outcome, summary.regions.total, summary.notStopped]).toEqual([
      0,
      'completed',
      20,
      [],
    ]);
    expect(summary.stopped).toHaveLength(summary.targets);
    expect(summary.targets).toBeGreaterThan(0);
    expect(summary.server!.peakInFlight).toBeLessThanOrEqual(3);
    expect(err).toContain('budget concurrency (all workers): 3');
  }, 60_000);
});
