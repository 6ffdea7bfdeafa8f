// The main job (`npm start`) run as a user runs it: a child process over pipes or a pseudo-TTY,
// against a fake cloud this test owns (so the server's own record says what was really stopped),
// interrupted with real signals.
import { startFakeCloud, type RunningFakeCloud } from '../../src/testing/server.js';
import type { SweepSummary } from '../../examples/fleet-sweep/summary.js';
import { startChild } from '../reliability/run-child.js';

const MAIN = 'examples/fleet-sweep/main.ts';
const REGIONS = ['cn-hangzhou', 'cn-beijing', 'cn-shanghai'];

// One Ctrl-C reaching the job twice is taken as one within this window; tests send two on purpose.
const env = { FLEET_SWEEP_SAME_SIGNAL_MS: '0' };

const job = (cloud: RunningFakeCloud, ...flags: string[]) =>
  startChild(process.execPath, ['--import', 'tsx', MAIN, '--endpoint', cloud.url, '--pool', '4', ...flags], {
    env,
  });

/** A fake cloud of 3 regions × 40 instances whose StopInstance answers after `stopMs`. */
async function cloudWith(stopMs: number, throttleRate = 0): Promise<RunningFakeCloud> {
  return startFakeCloud({
    regions: REGIONS,
    instancesPerRegion: 40,
    transitionMs: 100,
    faults: { latencyMs: 1, throttleRate, actions: { StopInstance: { latencyMs: stopMs } } },
  });
}

/** The instances running now, to tell later which ones the job stopped. */
const runningNow = (cloud: RunningFakeCloud) =>
  new Set(
    REGIONS.flatMap((r) => cloud.cloud.state.listInstances(r))
      .filter((i) => i.Status === 'Running')
      .map((i) => i.InstanceId),
  );

/** What the server itself says: the instances of `running` it stopped, and StopInstance calls answered. */
function serverSide(cloud: RunningFakeCloud, running: Set<string>) {
  const stopped = REGIONS.flatMap((r) => cloud.cloud.state.listInstances(r))
    .filter((i) => running.has(i.InstanceId) && (i.Status === 'Stopped' || i.Status === 'Stopping'))
    .map((i) => i.InstanceId)
    .sort();
  return { stopped, stopCalls: cloud.cloud.stats.byAction.StopInstance ?? {} };
}

const sorted = (ids: string[]) => [...ids].sort();

/**
 * A run stopped by SIGINT within its grace: what the summary says was stopped is exactly what the
 * server stopped, some were, and the rest are listed as never sent. Returns the stopped ids.
 */
function expectGracefulStop(summary: SweepSummary, server: ReturnType<typeof serverSide>): string[] {
  expect(summary).toMatchObject({ outcome: 'interrupted', signal: 'SIGINT', aborted: false, exitCode: 130 });
  const accepted = [...summary.stopped, ...summary.stopAccepted];
  expect(accepted.length).toBeGreaterThan(0);
  expect(sorted(accepted)).toEqual(server.stopped);
  expect(summary.notStopped.every((n) => n.reason === 'not-sent')).toBe(true);
  expect(summary.notStopped.length).toBeGreaterThan(0);
  expect(accepted.length + summary.notStopped.length).toBe(summary.targets);
  return accepted;
}

describe('the main job, run as a user runs it', () => {
  const clouds: RunningFakeCloud[] = [];
  afterAll(async () => {
    await Promise.all(clouds.map((c) => c.close()));
  });
  const cloud = async (stopMs: number, throttleRate = 0) => {
    const c = await cloudWith(stopMs, throttleRate);
    clouds.push(c);
    return c;
  };

  it('--json over pipes: stdout is the summary; stderr has plain progress lines with totals', async () => {
    const c = await cloud(5);
    const running = runningNow(c);
    const j = job(c, '--json', '--progress-every', '0.2');
    expect(await j.ended).toBe(0);

    const summary = JSON.parse(j.out()) as SweepSummary;
    expect(summary).toMatchObject({ outcome: 'completed', exitCode: 0, signal: null, dryRun: false });
    expect(summary.regions).toEqual({ total: 3, listed: 3, incomplete: [] });
    expect(summary.instancesSeen).toBe(120);
    expect(summary.targets).toBeGreaterThan(5);
    expect(sorted(summary.stopped)).toEqual(serverSide(c, running).stopped);
    expect(summary.stopped).toHaveLength(summary.targets);
    expect(summary.calls.mutatingAttempts).toBeGreaterThanOrEqual(summary.targets);

    const lines = j.err().split('\n');
    expect(j.err()).not.toContain('\x1b');
    expect(lines.some((l) => /paging instances ended: 120\/120 instances, 100 %, regions 3\/3/.test(l))).toBe(
      true,
    );
    expect(lines.some((l) => /stopping(?: ended)?: \d+\/\d+ targets/.test(l))).toBe(true);
    expect(
      lines.some((l) => /active \d+\/4, queued \d+, calls \d+, retries \d+, throttled \d+/.test(l)),
    ).toBe(true);
  }, 60_000);

  it('SIGINT mid-stop: nothing queued is sent, in-flight calls finish within the grace, exit 130 with the ids', async () => {
    const c = await cloud(1500);
    const running = runningNow(c);
    const j = job(c, '--json', '--grace', '10', '--progress-every', '0.2');
    await j.until('stopping:');
    j.child.kill('SIGINT');
    expect(await j.ended).toBe(130);

    const summary = JSON.parse(j.out()) as SweepSummary;
    const accepted = expectGracefulStop(summary, serverSide(c, running));
    expect(serverSide(c, running).stopCalls).toEqual({ OK: accepted.length });
    expect(j.err()).toContain('SIGINT: stopping. No new calls;');
  }, 60_000);

  it('SIGTERM with a grace shorter than the calls: in flight is aborted and reported as unknown', async () => {
    const c = await cloud(8000);
    const j = job(c, '--grace', '0.3', '--progress-every', '0.2');
    await j.until('stopping:');
    j.child.kill('SIGTERM');
    expect(await j.ended).toBe(130);

    const text = j.out();
    expect(text).toContain('fleet sweep interrupted by SIGTERM (in-flight calls aborted): partial summary');
    expect(text).toContain('grace period of 300 ms over');
    const unknown =
      /not known: StopInstance was in flight when aborted \(check these\) \((\d+)\):\n((?: {4}.*\n)+)/.exec(
        text,
      );
    expect(unknown?.[1]).toBe('4');
    expect(unknown![2]!.match(/i-[a-z0-9]+/g)).toHaveLength(4);
    expect(text).toMatch(/not stopped: StopInstance never sent \(\d+\):/);
    // The server got those 4 StopInstance calls, and nothing else of the stop.
    const calls = serverSide(c, new Set()).stopCalls;
    expect(Object.values(calls).reduce((n, v) => n + v, 0)).toBe(4);
  }, 60_000);

  it('a second SIGINT aborts at once: no waiting for the grace period', async () => {
    const c = await cloud(8000);
    const j = job(c, '--json', '--grace', '60', '--progress-every', '0.2');
    await j.until('stopping:');
    j.child.kill('SIGINT');
    await j.until('SIGINT: stopping.');
    j.child.kill('SIGINT');
    expect(await j.ended).toBe(130);

    const summary = JSON.parse(j.out()) as SweepSummary;
    expect(summary).toMatchObject({ outcome: 'interrupted', aborted: true });
    expect(summary.notStopped.filter((n) => n.reason === 'unknown')).toHaveLength(4);
    expect(j.err()).toContain('SIGINT again: aborting what is in flight now');
  }, 60_000);

  it('--workers 2, SIGINT to the parent: passed on; each worker stops gracefully; one merged partial summary, exit 130', async () => {
    const c = await cloud(1500);
    const running = runningNow(c);
    const j = job(c, '--workers', '2', '--json', '--progress-every', '0.2');
    await j.until('stopping:');
    j.child.kill('SIGINT');
    expect(await j.ended).toBe(130);

    const summary = JSON.parse(j.out()) as SweepSummary;
    expect(summary.regions.total).toBe(3);
    expectGracefulStop(summary, serverSide(c, running));
    expect(j.err()).toMatch(/worker 0\/2 SIGINT: stopping\./);
    expect(j.err()).toMatch(/worker 1\/2 SIGINT: stopping\./);
  }, 60_000);

  it('--trace tells the run as OpenTelemetry spans: per action, the slowest calls, the throttled attempts', async () => {
    const c = await cloud(5, 0.2);
    const j = job(c, '--trace', '--json');
    expect(await j.ended).toBe(0);

    const summary = JSON.parse(j.out()) as SweepSummary;
    const trace = j.err().slice(j.err().indexOf('trace: '));
    const [, callSpans, attemptSpans] = /trace: (\d+) call spans, (\d+) attempt spans/.exec(trace) ?? [];
    expect(Number(callSpans)).toBe(summary.calls.count);
    expect(Number(attemptSpans)).toBe(summary.calls.count + summary.calls.retries);
    expect(trace).toMatch(/StopInstance\s+\d+\s+\d+\s+0\s/);
    expect(trace).toMatch(/slowest calls \(queue included\):\n\s+[\d.]+ ms {2}ecs\/\w+/);
    const [, throttled] = /throttled attempts: (\d+) of (\d+)/.exec(trace) ?? [];
    expect(summary.calls.throttled).toBeGreaterThan(0);
    expect(Number(throttled)).toBe(summary.calls.throttled);
  }, 60_000);

  it('--dry-run lists what would be stopped, by region, and sends no mutating call', async () => {
    const c = await cloud(5);
    const before = REGIONS.flatMap((r) => c.cloud.state.listInstances(r)).map(
      (i) => `${i.InstanceId} ${i.Status}`,
    );
    const j = job(c, '--dry-run');
    expect(await j.ended).toBe(0);

    expect(c.cloud.stats.byAction.StopInstance).toBeUndefined();
    expect(
      REGIONS.flatMap((r) => c.cloud.state.listInstances(r)).map((i) => `${i.InstanceId} ${i.Status}`),
    ).toEqual(before);
    const text = j.out();
    const count = Number(/would stop \((\d+)\), by region:/.exec(text)?.[1]);
    expect(count).toBeGreaterThan(5);
    expect(text).toMatch(/would stop \(dry run\)\s+\d+/);
    expect(text).toMatch(/StopInstance attempts sent\s+0/);
    for (const region of REGIONS) expect(text).toMatch(new RegExp(`    ${region} \\(\\d+\\):\\n      i-`));
  }, 60_000);

  it('on a pseudo-TTY: a block redrawn in place with ETA; Ctrl-C typed at the terminal stops gracefully', async () => {
    const c = await cloud(1500);
    const command = `${process.execPath} --import tsx ${MAIN} --endpoint ${c.url} --pool 4`;
    // util-linux `script` gives the job a pseudo-terminal; what is typed on its stdin reaches the
    // terminal, so \x03 is a real Ctrl-C: the terminal sends SIGINT to the job's process group.
    const j = startChild('script', ['-qefc', command, '/dev/null'], { env });
    await j.until('▸ stopping');
    j.child.stdin!.write('\x03');
    expect(await j.ended).toBe(130);

    const text = j.out();
    expect(text).toContain('\x1b[5A'); // the block of 5 lines, redrawn in place
    expect(text).toMatch(/✓ listing regions\s+3 regions/);
    expect(text).toMatch(/▸ stopping\s+\d+\/\d+ targets/);
    expect(text).toContain('SIGINT: stopping. No new calls;');
    expect(text).toContain('fleet sweep interrupted by SIGINT: partial summary');
  }, 60_000);
});
