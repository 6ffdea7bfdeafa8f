// `npm start -- --workers N [--redis URL]`: the sweep split over N worker processes (each a share
// of the regions, each its own pool), sharing one adaptive redisBudget when --redis is given.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CallStats } from './call-stats.js';
import { summarize, type SweepSummary } from './summary.js';
import { SweepState } from './sweep-state.js';

/** The summary of a worker a signal ended before it could say anything: it had done nothing yet. */
function interruptedBeforeStart(signal: NodeJS.Signals, dryRun: boolean): SweepSummary {
  const state = new SweepState();
  state.interrupted = signal;
  return summarize(state, new CallStats(new Set()), { dryRun, server: null, wallMs: 0, poolSize: 0 });
}

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/**
 * Runs `count` workers of main.ts with `args` plus their shard; resolves with their summaries
 * (an interrupted worker still reports its partial one) and hands their other lines (progress,
 * notes) to `say`. SIGINT / SIGTERM sent to this process are passed on to the workers (a
 * terminal's Ctrl-C reaches them directly as well; they take a repeat within a moment as the same
 * one). When a worker fails, the others are stopped (SIGTERM: gracefully) and waited for before
 * this rejects: none is left running on its own.
 */
export async function runWorkers(
  count: number,
  args: string[],
  say: (line: string) => void,
): Promise<SweepSummary[]> {
  const children: ChildProcess[] = [];
  const forward = (signal: NodeJS.Signals) => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const runs = Array.from({ length: count }, (_, index) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, ...args, '--worker', `${index}/${count}`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(child);
    return new Promise<SweepSummary>((resolve, reject) => {
      let result: SweepSummary | undefined;
      let partial = '';
      let tail = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          if (line.startsWith('RESULT ')) result = JSON.parse(line.slice('RESULT '.length)) as SweepSummary;
          else {
            say(line);
            tail = `${tail}${line}\n`.slice(-500);
          }
        }
      });
      child.on('exit', (code, signal) => {
        if (result) resolve(result);
        // Ended by the signal before it listened for it (still starting): it had sent nothing.
        else if (signal === 'SIGINT' || signal === 'SIGTERM')
          resolve(interruptedBeforeStart(signal, args.includes('--dry-run')));
        else reject(new Error(`worker ${index} exited with ${code ?? signal}: ${tail}`));
      });
    });
  });
  try {
    const settled = await Promise.allSettled(
      runs.map((run) =>
        run.catch((error: unknown) => {
          forward('SIGTERM'); // the others stop gracefully, and are waited for
          throw error;
        }),
      ),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<SweepSummary>).value);
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  }
}

/** The workers' summaries as one: counts added, lists joined, the worst outcome. */
export function mergeSummaries(
  parts: SweepSummary[],
  server: SweepSummary['server'],
  wallMs: number,
  poolLimit: number,
): SweepSummary {
  const sum = (f: (s: SweepSummary) => number) => parts.reduce((n, s) => n + f(s), 0);
  const all = <T>(f: (s: SweepSummary) => T[]) => parts.flatMap(f);
  const interrupted = parts.find((s) => s.outcome === 'interrupted');
  const incomplete =
    parts.some((s) => s.outcome === 'incomplete') || (server !== null && server.peakInFlight > poolLimit);
  const max = (f: (s: SweepSummary) => number) => Math.max(0, ...parts.map(f));
  return {
    outcome: interrupted ? 'interrupted' : incomplete ? 'incomplete' : 'completed',
    signal: interrupted?.signal ?? null,
    aborted: parts.some((s) => s.aborted),
    dryRun: parts.some((s) => s.dryRun),
    regions: {
      total: sum((s) => s.regions.total),
      listed: sum((s) => s.regions.listed),
      incomplete: all((s) => s.regions.incomplete),
    },
    pages: sum((s) => s.pages),
    instancesSeen: sum((s) => s.instancesSeen),
    targets: sum((s) => s.targets),
    stopped: all((s) => s.stopped),
    stopAccepted: all((s) => s.stopAccepted),
    wouldStop: all((s) => s.wouldStop),
    notStopped: all((s) => s.notStopped),
    calls: {
      count: sum((s) => s.calls.count),
      failed: sum((s) => s.calls.failed),
      unsent: sum((s) => s.calls.unsent),
      cancelled: sum((s) => s.calls.cancelled),
      retries: sum((s) => s.calls.retries),
      throttled: sum((s) => s.calls.throttled),
      mutatingAttempts: sum((s) => s.calls.mutatingAttempts),
      // Percentiles do not add up: the workers' worst.
      p50Ms: max((s) => s.calls.p50Ms),
      p95Ms: max((s) => s.calls.p95Ms),
    },
    server,
    wallSeconds: Math.round(wallMs / 10) / 100,
    exitCode: interrupted ? 130 : incomplete ? 1 : 0,
  };
}

/** `i/n` → the shard, or undefined. */
export function shardOf(flag: string | undefined): { index: number; count: number } | undefined {
  if (flag === undefined) return undefined;
  const [index, count] = flag.split('/').map(Number) as [number, number];
  if (!Number.isInteger(index) || !Number.isInteger(count) || index < 0 || index >= count)
    throw new Error(`--worker must be i/n with 0 <= i < n, got ${JSON.stringify(flag)}`);
  return { index, count };
}
