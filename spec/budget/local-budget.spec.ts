// localBudget: the rate in virtual time (marbles), the lease line's invariants (fast-check), the
// adaptive cut and regrowth, bad options named.
import fc from 'fast-check';
import { TestScheduler } from 'rxjs/testing';
import { AdaptiveRate } from '../../src/budget/adaptive-rate.js';
import type { BudgetLease } from '../../src/budget/budget.js';
import { localBudget } from '../../src/budget/local-budget.js';
import { RateLimiter } from '../../src/budget/rate-limiter.js';
import { ClientError } from '../../src/errors/client-error.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('localBudget rate (virtual time)', () => {
  it('lets limit tokens through per perMs, evenly: 10 per second is one every 100 ms', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const budget = localBudget({ rate: { limit: 10, perMs: 1000, burst: 1 }, scheduler: ts });
      expectObservable(budget.token$()).toBe('(a|)', { a: undefined });
      expectObservable(budget.token$()).toBe('100ms (a|)', { a: undefined });
      expectObservable(budget.token$()).toBe('200ms (a|)', { a: undefined });
    });
  });

  it('starts with an empty bucket: spaced at the rate from the start, no burst', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const budget = localBudget({ rate: { limit: 10, perMs: 1000, burst: 3 }, scheduler: ts });
      expectObservable(budget.token$()).toBe('(a|)', { a: undefined });
      expectObservable(budget.token$()).toBe('100ms (a|)', { a: undefined });
      expectObservable(budget.token$()).toBe('200ms (a|)', { a: undefined });
    });
  });

  it('lets a burst through at once after a quiet spell, then the steady rate', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const budget = localBudget({ rate: { limit: 10, perMs: 1000, burst: 3 }, scheduler: ts });
      expectObservable(budget.token$()).toBe('(a|)', { a: undefined });
      for (let i = 0; i < 3; i++)
        expectObservable(budget.token$(), '1000ms ^').toBe('1000ms (a|)', { a: undefined });
      expectObservable(budget.token$(), '1000ms ^').toBe('1100ms (a|)', { a: undefined });
      expectObservable(budget.token$(), '1000ms ^').toBe('1200ms (a|)', { a: undefined });
    });
  });

  it('defaults burst to a tenth of the limit: 100 per second lets 10 through at once after a quiet second', () => {
    const ts = scheduler();
    ts.run(({ expectObservable }) => {
      const budget = localBudget({ rate: { limit: 100, perMs: 1000 }, scheduler: ts });
      expectObservable(budget.token$()).toBe('(a|)', { a: undefined });
      for (let i = 0; i < 10; i++)
        expectObservable(budget.token$(), '1000ms ^').toBe('1000ms (a|)', { a: undefined });
      expectObservable(budget.token$(), '1000ms ^').toBe('1010ms (a|)', { a: undefined });
    });
  });

  it('never lets more than burst + w / interval tokens through in any window of w ms', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 2000 }),
        (interval, burst, gaps, window) => {
          const limiter = new RateLimiter(interval, burst);
          let now = 0;
          const at: number[] = [];
          for (const gap of gaps) {
            now += gap;
            at.push(now + limiter.reserve(now));
          }
          at.sort((a, b) => a - b);
          for (let i = 0, j = 0; i < at.length; i++) {
            while (at[i]! - at[j]! >= window) j++;
            expect(i - j + 1).toBeLessThanOrEqual(burst + Math.floor(window / interval) + 1);
          }
        },
      ),
    );
  });
});

describe('localBudget leases', () => {
  it('holds at most concurrency leases, serves waiters first come first served, and a cancelled waiter never', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.constantFrom('ask', 'release', 'cancel'), { maxLength: 200 }),
        (concurrency, steps) => {
          const budget = localBudget({ concurrency });
          const held: BudgetLease[] = [];
          const waiting: { n: number; cancel: () => void }[] = [];
          const granted: number[] = [];
          const cancelled = new Set<number>();
          let asked = 0;
          for (const step of steps) {
            if (step === 'ask') {
              const n = asked++;
              const subscription = budget.lease$().subscribe((lease) => {
                granted.push(n);
                held.push(lease);
              });
              if (!granted.includes(n)) waiting.push({ n, cancel: () => subscription.unsubscribe() });
            } else if (step === 'release' && held.length > 0) {
              held.shift()!.release();
            } else if (step === 'cancel' && waiting.length > 0) {
              const w = waiting.splice(Math.floor(waiting.length / 2), 1)[0]!;
              if (!granted.includes(w.n)) cancelled.add(w.n);
              w.cancel();
            }
            for (let i = waiting.length - 1; i >= 0; i--)
              if (granted.includes(waiting[i]!.n)) waiting.splice(i, 1);
            expect(held.length).toBeLessThanOrEqual(concurrency);
            // Nobody waits while a lease is free.
            if (held.length < concurrency) expect(waiting.length).toBe(0);
          }
          expect(granted.filter((n) => cancelled.has(n))).toEqual([]);
          expect([...granted].sort((a, b) => a - b)).toEqual(granted); // first come, first served
        },
      ),
    );
  });

  it('releases a lease once however often release is called', () => {
    const budget = localBudget({ concurrency: 1 });
    let lease: BudgetLease | undefined;
    budget.lease$().subscribe((l) => (lease = l));
    let second: BudgetLease | undefined;
    let third: BudgetLease | undefined;
    budget.lease$().subscribe((l) => (second = l));
    budget.lease$().subscribe((l) => (third = l));
    lease!.release();
    lease!.release();
    expect(second).toBeDefined();
    expect(third).toBeUndefined();
  });
});

describe('adaptive rate', () => {
  it('cuts to 70 % on a throttle, counts a burst of throttles once, grows back to the rate it was cut from, never above the ceiling', () => {
    const rate = new AdaptiveRate(400);
    expect(rate.at(0)).toBe(400);
    rate.throttled(1000);
    expect(rate.at(1000)).toBeCloseTo(280);
    const once = new AdaptiveRate(400);
    once.throttled(1000);
    rate.throttled(1200); // the same burst of throttles: no second cut
    expect(rate.at(1200)).toBe(once.at(1200));
    expect(rate.at(1200)).toBeGreaterThan(280); // growing back (concave at first)
    const k = Math.cbrt((400 * 0.3) / 0.4) * 1000; // ms back to 400
    expect(rate.at(1000 + k)).toBeCloseTo(400);
    expect(rate.at(1000 + 3 * k)).toBe(400);
    rate.throttled(5000);
    expect(rate.at(5000)).toBeLessThan(400);
  });

  it('spaces tokens by the cut rate after a reported throttle (virtual time)', () => {
    const ts = scheduler();
    ts.run(() => {
      // 100 per 700 ms: a ceiling of 1000/7 per second (7 ms apart); cut to 70 %, 100 per second.
      const budget = localBudget({
        rate: { limit: 100, perMs: 700, burst: 1 },
        adaptive: true,
        scheduler: ts,
      });
      const before: number[] = [];
      for (let i = 0; i < 3; i++) budget.token$().subscribe({ complete: () => before.push(ts.now()) });
      ts.flush();
      expect(before).toEqual([0, 7, 14]);
      budget.report('throttled');
      const start = ts.now();
      const after: number[] = [];
      for (let i = 0; i < 3; i++) budget.token$().subscribe({ complete: () => after.push(ts.now() - start) });
      ts.flush();
      expect(after[0]).toBeCloseTo(7); // due one steady interval after the last token before the cut
      expect(after[1]! - after[0]!).toBeCloseTo(10);
      expect(after[2]! - after[1]!).toBeCloseTo(10);
    });
  });
});

describe('localBudget options', () => {
  it.each([
    [{ concurrency: 0 }, 'concurrency'],
    [{ concurrency: 1.5 }, 'concurrency'],
    [{ rate: { limit: 0, perMs: 1000 } }, 'rate.limit'],
    [{ rate: { limit: 10 } }, 'rate.perMs'],
    [{ rate: { limit: 10, perMs: 1000, burst: 0 } }, 'rate.burst'],
    [{ adaptive: 'yes' }, 'adaptive'],
    [{ adaptive: true }, 'rate'],
  ])('refuses %j naming %s', (options, field) => {
    let error: unknown;
    try {
      localBudget(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).message).toContain(field);
  });
});
