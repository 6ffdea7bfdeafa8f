/**
 * A token bucket: `qps` calls a second on average, bursts up to `qps`. No timers: tokens are
 * refilled from the clock on each call.
 */
export class QpsLimiter {
  private tokens: number;
  private last: number | undefined;

  constructor(readonly qps: number) {
    this.tokens = qps;
  }

  /** `0` if the call may go now; otherwise the seconds to wait for the next token. */
  take(now: number): number {
    if (this.last !== undefined)
      this.tokens = Math.min(this.qps, this.tokens + ((now - this.last) * this.qps) / 1000);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return (1 - this.tokens) / this.qps;
  }
}
