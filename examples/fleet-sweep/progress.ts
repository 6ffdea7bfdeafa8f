import type { PoolStats } from '../../src/index.js';
import type { CallStats } from './call-stats.js';
import { PHASES, type Phase, type SweepState } from './sweep-state.js';

/** What the display reads, live. */
export interface ProgressSource {
  state: SweepState;
  stats: CallStats;
  pool: () => PoolStats | undefined;
}

const number = (n: number) => n.toLocaleString('en-US');

/** `ms` as `850 ms`, `12 s` or `3 m 05 s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
}

const UNITS: Record<Phase, string> = {
  'listing regions': 'region list',
  'paging instances': 'instances',
  stopping: 'targets stopping (StopInstance accepted)',
  'waiting for Stopped': 'targets Stopped',
};

/** One phase as text: `done/total unit`, percent, ETA (or the time it took), extra counters. */
function phaseText(
  source: ProgressSource,
  phase: Phase,
  now: number,
): { text: string; state: 'done' | 'now' | 'later' } {
  const { state } = source;
  const times = state.times.get(phase)!;
  const ran = times.startedAt !== undefined;
  const current = state.phase === phase;
  const { done, total } = state.count(phase);
  const parts: string[] = [];
  if (phase === 'listing regions')
    parts.push(state.regionsTotal > 0 ? `${state.regionsTotal} regions` : 'DescribeRegions');
  else if (phase === 'paging instances' && state.regionsCounted < state.regionsTotal) {
    parts.push(
      `regions ${state.regionsDone}/${state.regionsTotal} listed`,
      `${number(state.seen)} instances seen`,
    );
  } else {
    parts.push(
      total === undefined
        ? `${number(done)} ${UNITS[phase]}`
        : `${number(done)}/${number(total)} ${UNITS[phase]}`,
    );
    if (total) parts.push(`${Math.floor((100 * done) / total)} %`);
  }
  if (phase === 'stopping' && ran) {
    const failed = state.targetsIn('failed').length;
    if (failed > 0) parts.push(`failed ${failed}`);
  }
  if (phase === 'paging instances' && ran) {
    if (state.regionsCounted >= state.regionsTotal)
      parts.push(`regions ${state.regionsDone}/${state.regionsTotal}`);
    parts.push(`pages ${number(state.pages)}`, `targets ${number(state.targets.size)}`);
  }
  if (
    phase !== 'listing regions' &&
    current &&
    times.startedAt !== undefined &&
    total !== undefined &&
    done > 0 &&
    done < total
  ) {
    const elapsed = now - times.startedAt;
    parts.push(`ETA ${duration((elapsed * (total - done)) / done)}`);
  } else if (ran && times.endedAt !== undefined && times.startedAt !== undefined) {
    parts.push(`took ${duration(times.endedAt - times.startedAt)}`);
  }
  return { text: parts.join(', '), state: current ? 'now' : ran ? 'done' : 'later' };
}

/** The pool and retry counters, as one text. */
function poolText(source: ProgressSource): string {
  const pool = source.pool();
  const { stats } = source;
  const parts = pool ? [`active ${pool.active}/${pool.poolSize}`, `queued ${pool.queued}`] : [];
  parts.push(
    `calls ${number(stats.calls)}`,
    `retries ${number(stats.retries)}`,
    `throttled ${number(stats.throttled)}`,
  );
  return parts.join(', ');
}

/**
 * The live progress of the sweep: on a TTY a block of lines redrawn in place (every phase with its
 * totals and ETA, then the pool); elsewhere (a pipe, a CI log) one plain line at each phase change
 * and every `everyMs`. `note` prints a message without breaking the block.
 */
export class ProgressDisplay {
  private timer: NodeJS.Timeout | undefined;
  private drawn = 0;
  private lastPhase: string | undefined;
  private lastLineAt = 0;
  private readonly startedAt = performance.now();

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly source: ProgressSource,
    private readonly options: { tty: boolean; everyMs: number; label?: string },
  ) {}

  /** Off a TTY, a line with the final numbers of a phase that just ended. */
  phaseEnded(phase: Phase): void {
    if (!this.options.tty) this.line(phase);
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.options.tty ? 100 : Math.min(250, this.options.everyMs));
    this.tick();
  }

  /** A line of its own (above the block on a TTY). */
  note(text: string): void {
    if (this.options.tty) this.draw(text);
    else this.out.write(`${this.options.label ? `${this.options.label} ` : ''}${text}\n`);
  }

  /** Stops: the block as it ends stays on screen; a last plain line elsewhere. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    // Off a TTY, the last phase's line was printed as it ended.
    if (this.options.tty) this.draw();
  }

  private tick(): void {
    if (this.options.tty) return this.draw();
    const now = performance.now();
    if (this.source.state.phase !== this.lastPhase || now - this.lastLineAt >= this.options.everyMs)
      this.line();
  }

  private line(ended?: Phase): void {
    const now = performance.now();
    const { state } = this.source;
    // A phase's end line leaves the next phase's first line due at the next tick.
    if (!ended) {
      this.lastPhase = state.phase;
      this.lastLineAt = now;
    }
    const phase = ended ?? (state.phase === 'done' ? undefined : state.phase);
    if (!phase) return;
    const label = this.options.label ? `${this.options.label} ` : '';
    const what = `${phase}${ended ? ' ended' : ''}: ${phaseText(this.source, phase, now).text}`;
    const at = `${((now - this.startedAt) / 1000).toFixed(1)} s`.padStart(7);
    this.out.write(`${label}[${at}] ${what} | ${poolText(this.source)}\n`);
  }

  // Redraws the block in place (up to its first line, each line cleared and rewritten), after
  // `note` if one is given: the note takes the block's first line and the block moves down one.
  private draw(note?: string): void {
    const now = performance.now();
    const elapsed = ((now - this.startedAt) / 1000).toFixed(1);
    const lines = [`fleet sweep ${elapsed} s | ${poolText(this.source)}`];
    for (const phase of PHASES) {
      const { text, state } = phaseText(this.source, phase, now);
      const mark = state === 'done' ? '✓' : state === 'now' ? '▸' : ' ';
      lines.push(` ${mark} ${phase.padEnd(20)} ${state === 'later' ? '' : text}`);
    }
    if (note !== undefined) lines.unshift(note);
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    this.out.write(up + lines.map((l) => `\r\x1b[2K${l}\n`).join(''));
    this.drawn = lines.length - (note === undefined ? 0 : 1);
  }
}
