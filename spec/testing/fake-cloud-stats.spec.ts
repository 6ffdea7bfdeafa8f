// How the fake cloud's stats count calls that end unusually: a slow-drip body the client gives up
// on, and a body the server refuses as too large. Every request ends in `byAction` exactly once.
import { createFakeCloud, type FakeCloudOptions } from '../../src/testing/fake-cloud.js';
import type { FakeCloudStats } from '../../src/testing/fake-cloud-stats.js';
import { serveFetch, startFakeCloud } from '../../src/testing/server.js';
import { signedAcs3 } from './fake-cloud-helpers.js';

const SMALL: FakeCloudOptions = { regions: ['cn-hangzhou'], instancesPerRegion: 1 };
/** One byte every 20 ms: a DescribeRegions answer takes seconds, so a test can always cancel it midway. */
const DRIP: FakeCloudOptions = { ...SMALL, faults: { slowBody: { intervalMs: 20, chunkSize: 1 } } };

/** Checks each request is in flight or counted once in `byAction`, and each abort is `Aborted` there. */
function expectConsistent(stats: FakeCloudStats): void {
  const outcomes = Object.values(stats.byAction).flatMap((row) => Object.entries(row));
  const ended = outcomes.reduce((sum, [, count]) => sum + count, 0);
  const aborted = outcomes.reduce((sum, [outcome, count]) => sum + (outcome === 'Aborted' ? count : 0), 0);
  expect({ requests: stats.requests, aborted: stats.aborted }).toEqual({
    requests: stats.inFlight + ended,
    aborted,
  });
}

describe('the fake cloud counting a slow-drip body', () => {
  it('counts a slow body the client cancels mid-body over loopback as Aborted, not OK', async () => {
    const cloud = createFakeCloud(DRIP);
    let served: (signal: AbortSignal) => void = () => undefined;
    const signalOfCall = new Promise<AbortSignal>((resolve) => (served = resolve));
    const server = await serveFetch((request) => {
      served(request.signal);
      return cloud.fetch(request);
    });
    try {
      const controller = new AbortController();
      const response = await fetch(await signedAcs3(server.url, { action: 'DescribeRegions' }), {
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const reader = response.body?.getReader();
      const first = await reader?.read();
      expect(first?.done).toBe(false);
      // Mid-body: still being answered, not yet counted as anything.
      expect(cloud.stats).toMatchObject({ requests: 1, inFlight: 1, aborted: 0, byAction: {} });

      const signal = await signalOfCall;
      const serverSawClientGo = new Promise((resolve) => signal.addEventListener('abort', resolve));
      controller.abort();
      await serverSawClientGo;
      expect(cloud.stats).toMatchObject({ requests: 1, inFlight: 0, aborted: 1 });
      expect(cloud.stats.byAction).toEqual({ DescribeRegions: { Aborted: 1 } });
      expectConsistent(cloud.stats);
    } finally {
      await server.close();
    }
  });

  it('counts a slow body the consumer cancels in-process as Aborted, not OK', async () => {
    const cloud = createFakeCloud(DRIP);
    const response = await cloud.fetch(
      await signedAcs3('http://ecs.fake.test', { action: 'DescribeRegions' }),
    );
    const reader = response.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    expect(cloud.stats).toMatchObject({ requests: 1, inFlight: 1, byAction: {} });
    expectConsistent(cloud.stats);
    await reader?.cancel();
    expect(cloud.stats).toMatchObject({ requests: 1, inFlight: 0, aborted: 1 });
    expect(cloud.stats.byAction).toEqual({ DescribeRegions: { Aborted: 1 } });
    expectConsistent(cloud.stats);
  });

  it('counts a slow body read to its end as OK, once', async () => {
    const cloud = createFakeCloud({ ...SMALL, faults: { slowBody: { intervalMs: 1, chunkSize: 64 } } });
    const response = await cloud.fetch(
      await signedAcs3('http://ecs.fake.test', { action: 'DescribeRegions' }),
    );
    await expect(response.json()).resolves.toHaveProperty('Regions.Region');
    expect(cloud.stats).toMatchObject({ requests: 1, inFlight: 0, aborted: 0 });
    expect(cloud.stats.byAction).toEqual({ DescribeRegions: { OK: 1 } });
    expectConsistent(cloud.stats);
  });
});

describe('the fake cloud counting its own 413, served by startFakeCloud and in-process', () => {
  it('counts a body over the served maxBodyBytes as RequestEntityTooLarge, as the cloud counts its refusals', async () => {
    const fake = await startFakeCloud({ ...SMALL, maxBodyBytes: 1024 });
    try {
      const signed = await signedAcs3(fake.url, {
        action: 'DescribeInstances',
        body: JSON.stringify({ RegionId: 'cn-hangzhou', Padding: 'x'.repeat(2048) }),
        contentType: 'application/json',
      });
      expect((await fetch(signed)).status).toBe(413);
      const unsigned = await fetch(`${fake.url}/`, { method: 'POST', body: 'x'.repeat(4096) });
      expect(unsigned.status).toBe(413);
      const good = await fetch(await signedAcs3(fake.url, { action: 'DescribeRegions' }));
      expect(good.status).toBe(200);

      expect(fake.cloud.stats).toMatchObject({ requests: 3, inFlight: 0 });
      expect(fake.cloud.stats.byAction).toEqual({
        DescribeInstances: { RequestEntityTooLarge: 1 },
        '(none)': { RequestEntityTooLarge: 1 },
        DescribeRegions: { OK: 1 },
      });
      expectConsistent(fake.cloud.stats);
    } finally {
      await fake.close();
    }
  });

  it("counts the fake cloud's own 413 (under the server's limit, over the cloud's) the same way", async () => {
    const cloud = createFakeCloud({ ...SMALL, maxBodyBytes: 1024 });
    const signed = await signedAcs3('http://ecs.fake.test', {
      action: 'DescribeInstances',
      body: JSON.stringify({ RegionId: 'cn-hangzhou', Padding: 'x'.repeat(2048) }),
      contentType: 'application/json',
    });
    expect((await cloud.fetch(signed)).status).toBe(413);
    expect(cloud.stats.byAction).toEqual({ DescribeInstances: { RequestEntityTooLarge: 1 } });
    expectConsistent(cloud.stats);
  });
});
