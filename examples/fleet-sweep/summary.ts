import { percentile, type CallStats } from './call-stats.js';
import type { SweepState, Target } from './sweep-state.js';

/** Why a target was not stopped. */
export type NotStoppedReason = 'failed' | 'not-sent' | 'unknown';

/** The run as `--json` prints it (and as the text summary reads it). */
export interface SweepSummary {
  outcome: 'completed' | 'incomplete' | 'interrupted';
  /** The signal that interrupted the run. */
  signal: string | null;
  /** True when in-flight calls were aborted (grace ran out, or a second signal). */
  aborted: boolean;
  dryRun: boolean;
  regions: { total: number; listed: number; incomplete: string[] };
  pages: number;
  instancesSeen: number;
  targets: number;
  /** Targets seen `Stopped` after their StopInstance. */
  stopped: string[];
  /** Targets whose StopInstance succeeded, not yet seen `Stopped` (the run ended first). */
  stopAccepted: string[];
  /** `--dry-run` (or read-only): what would be stopped. */
  wouldStop: { instanceId: string; regionId: string }[];
  notStopped: { instanceId: string; regionId: string; reason: NotStoppedReason; code?: string }[];
  calls: {
    count: number;
    failed: number;
    /** Ended by the stop, never sent. */
    unsent: number;
    /** Unsubscribed before they ended (in flight when the run was aborted, or polls cut short). */
    cancelled: number;
    retries: number;
    throttled: number;
    mutatingAttempts: number;
    p50Ms: number;
    p95Ms: number;
  };
  server: { requests: number; throttled: number; peakInFlight: number } | null;
  wallSeconds: number;
  exitCode: number;
}

const ids = (targets: Target[]) => targets.map((t) => t.instance.InstanceId);

/** The summary of what `state` says was done; targets still `pending`/`sending` are settled here. */
export function summarize(
  state: SweepState,
  stats: CallStats,
  extra: { dryRun: boolean; server: SweepSummary['server']; wallMs: number; poolSize: number },
): SweepSummary {
  // What never got its StopInstance sent was not sent; one still under way when the run was
  // aborted may or may not have been applied.
  for (const target of state.targets.values()) {
    if (target.state === 'pending') target.state = 'not-sent';
    if (target.state === 'sending') target.state = state.aborted ? 'unknown' : 'not-sent';
  }
  const durations = stats.sortedDurations();
  const notStopped = state.targetsIn('failed', 'not-sent', 'unknown').map((t) => ({
    instanceId: t.instance.InstanceId,
    regionId: t.instance.RegionId,
    reason: t.state as NotStoppedReason,
    ...(t.code ? { code: t.code } : {}),
  }));
  const interrupted = state.interrupted !== undefined;
  const incomplete =
    !interrupted &&
    (notStopped.length > 0 ||
      state.targetsIn('accepted').length > 0 ||
      state.regionsIncomplete.size > 0 ||
      (extra.server !== null && extra.server.peakInFlight > extra.poolSize));
  return {
    outcome: interrupted ? 'interrupted' : incomplete ? 'incomplete' : 'completed',
    signal: state.interrupted ?? null,
    aborted: state.aborted,
    dryRun: extra.dryRun,
    regions: {
      total: state.regionsTotal,
      listed: state.regionsDone,
      incomplete: [...state.regionsIncomplete],
    },
    pages: state.pages,
    instancesSeen: state.seen,
    targets: state.targets.size,
    stopped: ids(state.targetsIn('stopped')),
    stopAccepted: ids(state.targetsIn('accepted')),
    wouldStop: state
      .targetsIn('would-stop')
      .map((t) => ({ instanceId: t.instance.InstanceId, regionId: t.instance.RegionId })),
    notStopped,
    calls: {
      count: stats.calls,
      failed: stats.failed,
      unsent: stats.unsent,
      cancelled: stats.cancelled,
      retries: stats.retries,
      throttled: stats.throttled,
      mutatingAttempts: stats.mutatingAttempts,
      p50Ms: Math.round(percentile(durations, 50) * 10) / 10,
      p95Ms: Math.round(percentile(durations, 95) * 10) / 10,
    },
    server: extra.server,
    wallSeconds: Math.round(extra.wallMs / 10) / 100,
    exitCode: interrupted ? 130 : incomplete ? 1 : 0,
  };
}

/** `items` joined by `, ` and wrapped at `width` columns, each line indented by `indent`. */
function wrap(items: string[], indent = '    ', width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (indent.length + next.length > width && line) {
      lines.push(`${indent}${line},`);
      line = item;
    } else line = next;
  }
  if (line) lines.push(`${indent}${line}`);
  return lines.join('\n');
}

/** The summary as text: a table of counts, then the ids that matter. */
export function summaryText(s: SweepSummary): string {
  const out: string[] = [];
  const title =
    s.outcome === 'interrupted'
      ? `fleet sweep interrupted by ${s.signal}${s.aborted ? ' (in-flight calls aborted)' : ''}: partial summary`
      : `fleet sweep summary${s.outcome === 'incomplete' ? ' (incomplete)' : ''}`;
  const rows: (readonly [string, string | number])[] = [
    ['regions listed', `${s.regions.listed}/${s.regions.total}`],
    ['pages', s.pages],
    ['instances seen', s.instancesSeen],
    ['running + auto-stop=true', s.targets],
    s.dryRun ? ['would stop (dry run)', s.wouldStop.length] : ['stopped (seen Stopped)', s.stopped.length],
    ...(s.dryRun
      ? []
      : ([
          ['stop accepted, not yet Stopped', s.stopAccepted.length],
          ['not stopped', s.notStopped.length],
        ] as const)),
    ['calls', s.calls.count],
    ['calls failed', s.calls.failed],
    ...(s.calls.unsent > 0 ? ([['calls dropped by the stop (never sent)', s.calls.unsent]] as const) : []),
    ...(s.calls.cancelled > 0 ? ([['calls cancelled', s.calls.cancelled]] as const) : []),
    ['retries', s.calls.retries],
    ['throttled attempts', s.calls.throttled],
    ['StopInstance attempts sent', s.calls.mutatingAttempts],
    ...(s.server
      ? ([
          ['requests (server)', s.server.requests],
          ['throttled (server)', s.server.throttled],
          ['peak concurrency (server)', s.server.peakInFlight],
        ] as const)
      : []),
    ['latency p50 / p95 (ms, queue incl.)', `${s.calls.p50Ms} / ${s.calls.p95Ms}`],
    ['wall time (s)', s.wallSeconds.toFixed(2)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  out.push('', title, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`));
  const listIds = s.outcome !== 'completed';
  if (listIds && s.stopped.length > 0) out.push(`  stopped (${s.stopped.length}):`, wrap(s.stopped));
  if (listIds && s.stopAccepted.length > 0)
    out.push(`  stop accepted, not yet seen Stopped (${s.stopAccepted.length}):`, wrap(s.stopAccepted));
  const reasons: [NotStoppedReason, string][] = [
    ['not-sent', 'not stopped: StopInstance never sent'],
    ['unknown', 'not known: StopInstance was in flight when aborted (check these)'],
    ['failed', 'not stopped: StopInstance failed'],
  ];
  for (const [reason, label] of reasons) {
    const of = s.notStopped.filter((n) => n.reason === reason);
    if (of.length > 0)
      out.push(
        `  ${label} (${of.length}):`,
        wrap(of.map((n) => (n.code ? `${n.instanceId} (${n.code})` : n.instanceId))),
      );
  }
  if (s.regions.incomplete.length > 0)
    out.push(
      `  regions not fully listed (${s.regions.incomplete.length}): ${s.regions.incomplete.join(', ')}`,
    );
  if (s.dryRun && s.wouldStop.length > 0) {
    out.push(`  would stop (${s.wouldStop.length}), by region:`);
    const byRegion = new Map<string, string[]>();
    for (const w of s.wouldStop)
      (byRegion.get(w.regionId) ?? byRegion.set(w.regionId, []).get(w.regionId)!).push(w.instanceId);
    for (const [region, list] of byRegion) out.push(`    ${region} (${list.length}):`, wrap(list, '      '));
  }
  return out.join('\n');
}
