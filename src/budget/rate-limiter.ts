/**
 * A smoothed rate, GCRA (the generic cell rate algorithm): one token every `interval` ms, up to
 * `burst` at once after a quiet spell (it starts empty: no burst at the very start). A
 * reservation is never refused: it says how long to wait. Any window of `w` ms lets through at
 * most `burst + w / interval` tokens.
 *
 * @example
 * const limiter = new RateLimiter(10, 3); // 10 ms apart, 3 at once after 30 ms of quiet
 * limiter.reserve(0); // 0
 * limiter.reserve(0); // 10
 */
export class RateLimiter {
  // The theoretical arrival time: when the next token would be due at the steady rate.
  private tat = Number.NEGATIVE_INFINITY;

  /**
   * @param interval ms between tokens at the full rate
   * @param burst tokens at once at the full rate
   * @param share the share (0–1] of the full rate at `now` (an adaptive rate cut to 30 %: tokens
   *   `interval / 0.3` apart, and 30 % of the burst); asked once per reservation
   */
  constructor(
    private readonly interval: number,
    private readonly burst: number,
    private readonly share: (now: number) => number = () => 1,
  ) {}

  /** Takes the next token; returns the ms to wait before using it (0: at once). */
  reserve(now: number): number {
    const share = this.share(now);
    const interval = this.interval / share;
    const burst = Math.max(1, this.burst * share);
    // Empty at first: the burst builds up over a quiet spell, not at the start.
    const tat =
      this.tat === Number.NEGATIVE_INFINITY ? now + (burst - 1) * interval : Math.max(this.tat, now);
    this.tat = tat + interval;
    return Math.max(0, tat - (burst - 1) * interval - now);
  }
}
