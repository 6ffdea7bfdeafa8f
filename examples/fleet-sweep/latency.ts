import { defer, finalize, type Observable } from 'rxjs';

/** Records how long each logical call took, from subscribe to its end. */
export class LatencyRecorder {
  private readonly samples: number[] = [];

  /** Wraps a call so its duration is recorded when it ends (success or failure). */
  time<T>(call$: Observable<T>): Observable<T> {
    return defer(() => {
      const start = performance.now();
      return call$.pipe(finalize(() => this.samples.push(performance.now() - start)));
    });
  }

  get count(): number {
    return this.samples.length;
  }

  /** The p-th percentile (0–100) in ms, nearest-rank. */
  percentile(p: number): number {
    if (this.samples.length === 0) return 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank] as number;
  }
}
