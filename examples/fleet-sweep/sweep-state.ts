import type { Instance } from '../../src/index.js';

/** The sweep's phases, in order. */
export const PHASES = ['listing regions', 'paging instances', 'stopping', 'waiting for Stopped'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * What became of one target (a running instance tagged `auto-stop=true`):
 * - `pending`: nothing sent for it yet;
 * - `sending`: its StopInstance was handed to the pool (waiting or in flight);
 * - `accepted`: StopInstance succeeded; `stopped`: then seen `Stopped`;
 * - `failed`: StopInstance failed (`code`); `not-sent`: never sent (interrupted first);
 * - `unknown`: in flight when the run was aborted: it may or may not have been applied;
 * - `would-stop`: `--dry-run`.
 */
export type TargetState =
  'pending' | 'sending' | 'accepted' | 'stopped' | 'failed' | 'not-sent' | 'unknown' | 'would-stop';

export interface Target {
  readonly instance: Instance;
  state: TargetState;
  code?: string;
}

/** When a phase started and ended (`performance.now()` ms). */
export interface PhaseTimes {
  startedAt: number | undefined;
  endedAt: number | undefined;
}

/**
 * Everything the sweep has done so far, as the progress display and the summary read it: live
 * while the sweep runs, and whole or partial when it ends.
 */
export class SweepState {
  phase: Phase | 'done' = 'listing regions';
  readonly times = new Map<Phase, PhaseTimes>(
    PHASES.map((p) => [p, { startedAt: undefined, endedAt: undefined }]),
  );
  regionsTotal = 0;
  regionsDone = 0;
  /** Regions whose listing was cut short (interrupted or failed). */
  readonly regionsIncomplete = new Set<string>();
  pages = 0;
  seen = 0;
  /** Instances the regions that answered said they hold (`TotalCount` of their first page). */
  instancesKnown = 0;
  regionsCounted = 0;
  readonly targets = new Map<string, Target>();
  /** Set by the first Ctrl-C / SIGTERM. */
  interrupted: NodeJS.Signals | undefined;
  /** Set when the grace period ran out or a second signal came: in-flight calls were aborted. */
  aborted = false;

  /** Told when a phase ended (the progress display prints its final numbers). */
  onPhaseEnd: ((phase: Phase) => void) | undefined;

  enter(phase: Phase | 'done'): void {
    const now = performance.now();
    const ending = this.phase;
    if (ending !== 'done') {
      const current = this.times.get(ending)!;
      if (current.startedAt !== undefined) current.endedAt ??= now;
    }
    this.phase = phase;
    if (phase !== 'done') this.times.get(phase)!.startedAt = now;
    if (ending !== 'done' && ending !== phase) this.onPhaseEnd?.(ending);
  }

  /** A phase's `done` of `total` (`undefined` while not known yet). */
  count(phase: Phase): { done: number; total: number | undefined } {
    switch (phase) {
      case 'listing regions':
        return { done: this.regionsTotal > 0 ? 1 : 0, total: 1 };
      case 'paging instances':
        return this.regionsTotal > 0 && this.regionsCounted >= this.regionsTotal
          ? { done: this.seen, total: this.instancesKnown }
          : { done: this.regionsDone, total: this.regionsTotal || undefined };
      case 'stopping':
        return { done: this.targetsIn('accepted', 'stopped').length, total: this.targets.size };
      case 'waiting for Stopped':
        return {
          done: this.targetsIn('stopped').length,
          total: this.targetsIn('accepted', 'stopped').length,
        };
    }
  }

  /** The targets in `states`. */
  targetsIn(...states: TargetState[]): Target[] {
    return [...this.targets.values()].filter((t) => states.includes(t.state));
  }
}
