import { asyncScheduler, Observable, type SchedulerLike, type Subscriber } from 'rxjs';
import { checkBoolean, checkInteger } from '../checks.js';
import { invalidParam } from '../errors/client-error.js';
import { LinkedQueue } from '../pool/linked-queue.js';
import { AdaptiveRate } from './adaptive-rate.js';
import { TOKEN_NOW$, type Budget, type BudgetLease } from './budget.js';
import { RateLimiter } from './rate-limiter.js';

/** A rate: `limit` tokens per `perMs` ms, `burst` of them at once after a quiet spell. */
export interface BudgetRate {
  limit: number;
  perMs: number;
  /** @default a tenth of `limit` (at least 1) */
  burst?: number;
}

/** Options of {@link localBudget}. */
export interface LocalBudgetOptions {
  /** Calls in flight at most, across every client given this budget. @default no limit */
  concurrency?: number;
  /** Attempts at most per time (smoothed, GCRA). @default no limit */
  rate?: BudgetRate;
  /** Cut the rate when the cloud throttles, grow it back after (CUBIC); `rate.limit` is the ceiling. @default false */
  adaptive?: boolean;
  /** Where waits are timed (a TestScheduler in marble tests). @default asyncScheduler */
  scheduler?: SchedulerLike;
}

/** `rate` checked: the fields named in the error, as `rate.limit` etc. */
export function checkRate(rate: unknown, name = 'rate'): Required<BudgetRate> {
  if (typeof rate !== 'object' || rate === null)
    throw invalidParam(name, rate, 'an object such as { limit: 100, perMs: 1000 }');
  const { limit, perMs, burst } = rate as Partial<BudgetRate>;
  checkInteger(`${name}.limit`, limit, 1);
  checkInteger(`${name}.perMs`, perMs, 1);
  const fallback = Math.max(1, Math.floor(limit! / 10));
  return {
    limit: limit!,
    perMs: perMs!,
    burst: burst === undefined ? fallback : checkInteger(`${name}.burst`, burst, 1),
  };
}

/** The limits every budget takes (`concurrency`, `rate`, `adaptive`), checked: a bad one is named. */
export function checkLimits(options: Pick<LocalBudgetOptions, 'concurrency' | 'rate' | 'adaptive'>): {
  concurrency: number;
  rate: Required<BudgetRate> | undefined;
  adaptive: boolean;
} {
  const concurrency =
    options.concurrency === undefined ? Infinity : checkInteger('concurrency', options.concurrency, 1);
  const rate = options.rate === undefined ? undefined : checkRate(options.rate);
  const adaptive = options.adaptive === undefined ? false : checkBoolean('adaptive', options.adaptive);
  if (adaptive && !rate)
    throw invalidParam('rate', undefined, 'a rate (its limit is the ceiling) with adaptive');
  return { concurrency, rate, adaptive };
}

/**
 * A budget in this process's memory (browser-safe): at most `concurrency` calls in flight and
 * `rate` attempts per time across every client given it (`Config.withBudget`), waiters served
 * first come, first served. With `adaptive`, a `Throttling*` answer cuts the rate to 70 % and it
 * grows back along a cubic curve (AWS's adaptive retry mode), so clients that do not know the
 * cloud's limit settle on it. For several processes, `redisBudget` from `alicloud-rx/redis`.
 *
 * Throws `ClientError` (`SDK.InvalidParam`) naming a bad option.
 *
 * @example
 * import { Config, localBudget } from 'alicloud-rx';
 * const budget = localBudget({ concurrency: 12, rate: { limit: 100, perMs: 1000 }, adaptive: true });
 * const config = new Config().withEnableAsync(true).withPoolSize(20).withBudget(budget);
 */
export function localBudget(options: LocalBudgetOptions = {}): Budget {
  if (typeof options !== 'object' || options === null)
    throw invalidParam('options', options, 'an object such as { concurrency: 12 }');
  const { concurrency, rate, adaptive } = checkLimits(options);
  const scheduler = options.scheduler ?? asyncScheduler;

  let free = concurrency;
  const waiters = new LinkedQueue<Subscriber<BudgetLease>>();
  const grant = (subscriber: Subscriber<BudgetLease>) => {
    let held = true;
    subscriber.next({
      release: () => {
        if (!held) return;
        held = false;
        const next = waiters.shift();
        if (next) grant(next);
        else free++;
      },
    });
    subscriber.complete();
  };

  const ceiling = rate ? (rate.limit * 1000) / rate.perMs : 0; // tokens per second
  const adaptiveRate = adaptive ? new AdaptiveRate(ceiling) : undefined;
  const limiter = rate
    ? new RateLimiter(1000 / ceiling, rate.burst, adaptiveRate && ((now) => adaptiveRate.at(now) / ceiling))
    : undefined;

  return {
    lease$: () =>
      new Observable<BudgetLease>((subscriber) => {
        if (free > 0 && waiters.size === 0) {
          free--;
          grant(subscriber);
          return;
        }
        const node = waiters.push(subscriber);
        return () => void waiters.remove(node);
      }),
    token$: !limiter
      ? () => TOKEN_NOW$
      : () =>
          new Observable<void>((subscriber) => {
            const wait = limiter.reserve(scheduler.now());
            if (wait === 0) {
              subscriber.next();
              subscriber.complete();
              return;
            }
            return scheduler.schedule(() => {
              subscriber.next();
              subscriber.complete();
            }, wait);
          }),
    report: (outcome) => {
      if (outcome === 'throttled') adaptiveRate?.throttled(scheduler.now());
    },
    close: () => Promise.resolve(),
  };
}
