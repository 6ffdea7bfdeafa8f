/** CUBIC's constants, as AWS's adaptive retry mode uses them: rate in tokens per second, time in seconds. */
const BETA = 0.7;
const C = 0.4;
/** The slowest an adaptive rate goes, tokens per second. */
const MIN_RATE = 0.5;
/** Throttles closer together than this count as one cut. */
const CUT_COOLDOWN_MS = 500;

/**
 * A rate that follows the cloud's throttling (CUBIC, as AWS's adaptive retry mode does): a
 * `Throttling*` answer cuts it to 70 %, then it grows back along a cubic curve to the rate it was
 * cut from and beyond, never above `ceiling`. Before any throttle it is the ceiling.
 *
 * @example
 * const rate = new AdaptiveRate(400); // tokens per second
 * rate.throttled(now); rate.at(now); // 280
 */
export class AdaptiveRate {
  private lastMax: number;
  private cutAt = Number.NEGATIVE_INFINITY;
  private k = 0;

  constructor(private readonly ceiling: number) {
    this.lastMax = ceiling;
  }

  /** Tokens per second at `now` (ms). */
  at(now: number): number {
    if (this.cutAt === Number.NEGATIVE_INFINITY) return this.ceiling;
    const t = (now - this.cutAt) / 1000;
    const rate = C * (t - this.k) ** 3 + this.lastMax;
    return Math.min(this.ceiling, Math.max(MIN_RATE, rate));
  }

  /** The cloud throttled an attempt at `now`: cut (once per burst of throttles). */
  throttled(now: number): void {
    if (now - this.cutAt < CUT_COOLDOWN_MS) return;
    this.lastMax = this.at(now);
    this.k = Math.cbrt((this.lastMax * (1 - BETA)) / C);
    this.cutAt = now;
  }
}
