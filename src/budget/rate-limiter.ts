/**
 * A smoothed rate, GCRA (the generic cell rate algorithm): one token every `interval` ms, up to
 * `burst` at once after a quiet spell (it starts empty: no burst at the very start). A
 * reservation is never refused: it says how long to wait. Any window of `w` ms lets through at
 * most `burst + w / interval` tokens.
 *
 * @example
 * const limiter = new RateLimiter(() => 10, 3); // 10 ms apart, 3 at once after 30 ms of quiet
 * limiter.reserve(0); // 0
 * limiter.reserve(0); // 10
 */
export class RateLimiter {
  // The theoretical arrival time: when the next token would be due at the steady rate.
  private tat = Number.NEGATIVE_INFINITY;

  /**
   * @param interval ms between tokens at `now`
   * @param burst tokens at once at the steady rate; with `scale`, times the rate's share of its
   *   ceiling (an adaptive rate cut to 30 % allows 30 % of the burst)
   */
  constructor(
    private readonly interval: (now: number) => number,
    private readonly burst: number,
    private readonly scale: (now: number) => number = () => 1,
  ) {}

  /** Takes the next token; returns the ms to wait before using it (0: at once). */
  reserve(now: number): number {
    const interval = this.interval(now);
    const burst = Math.max(1, this.burst * this.scale(now));
    // Empty at first: the burst builds up over a quiet spell, not at the start.
    const tat =
      this.tat === Number.NEGATIVE_INFINITY ? now + (burst - 1) * interval : Math.max(this.tat, now);
    this.tat = tat + interval;
    return Math.max(0, tat - (burst - 1) * interval - now);
  }
}
