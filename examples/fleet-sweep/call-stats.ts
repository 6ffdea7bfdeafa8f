import type { CallEvent } from '../../src/index.js';

/** What the sweep's calls did, counted from `client.events$`. */
export class CallStats {
  calls = 0;
  failed = 0;
  /** Calls ended by the stop (Ctrl-C): refused or dropped from the queue, never sent. */
  unsent = 0;
  /** Calls unsubscribed before they ended (aborted at the end of the grace period, say). */
  cancelled = 0;
  retries = 0;
  throttled = 0;
  /** Attempts of calls that change something (here StopInstance): `--dry-run` sends none. */
  mutatingAttempts = 0;
  private readonly durations: number[] = [];

  constructor(private readonly mutating: ReadonlySet<string>) {}

  /** Counts one event. */
  add(event: CallEvent): void {
    switch (event.type) {
      case 'attempt':
        if (this.mutating.has(event.action)) this.mutatingAttempts++;
        return;
      case 'retry':
        this.retries++;
        return;
      case 'throttled':
        this.throttled++;
        return;
      case 'failed':
        this.calls++;
        if (event.code === 'SDK.ClientShutdown') this.unsent++;
        else {
          this.failed++;
          this.durations.push(event.durationMs);
        }
        return;
      case 'cancelled':
        this.calls++;
        this.cancelled++;
        return;
      case 'succeeded':
        this.calls++;
        this.durations.push(event.durationMs);
        return;
      default:
        return;
    }
  }

  /** The calls' durations, queue included, in ms, ascending. */
  sortedDurations(): number[] {
    return [...this.durations].sort((a, b) => a - b);
  }
}

/** The p-th percentile (0–100) of ascending `sorted`, nearest rank; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
