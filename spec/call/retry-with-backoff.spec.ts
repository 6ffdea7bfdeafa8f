import fc from 'fast-check';
import { defer, Observable, queueScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { retryWithBackoff, type RetryWithBackoffOptions } from '../../src/call/retry-with-backoff.js';
import { backoffDelay, isRetryable } from '../../src/call/retry-policy.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { ServerError } from '../../src/errors/server-error.js';
import { ThrottlingError } from '../../src/errors/throttling-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';

const details = { message: 'm', action: 'DescribeInstances', attempts: 1 };
const throttled = (retryAfter?: number) =>
  new ThrottlingError({ ...details, code: 'Throttling.User', statusCode: 400, retryAfter });
const unavailable = new ServerError({ ...details, code: 'ServiceUnavailable', statusCode: 503 });
const badParam = new ServerError({ ...details, code: 'InvalidParameter', statusCode: 400 });
const reset = new NetworkError(
  'StopInstance',
  1,
  new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }),
);
const refused = new NetworkError(
  'StopInstance',
  1,
  new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }),
);

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

function policy(
  overrides: Partial<RetryWithBackoffOptions>,
  testScheduler: TestScheduler,
): RetryWithBackoffOptions {
  return {
    maxRetries: 3,
    idempotent: true,
    retryOn: [],
    maxRetryAfter: 60_000,
    baseDelay: 4,
    maxDelay: 100,
    random: () => 0.5,
    scheduler: testScheduler,
    ...overrides,
  };
}

describe('retryWithBackoff (marbles)', () => {
  it('re-subscribes after exponential full-jitter delays and gives up after maxRetries', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, expectSubscriptions }) => {
      const attempt = cold('-#', undefined, unavailable);
      // random 0.5: delays 2, 4, 8 frames (0.5 * 4 * 2^n)
      expectObservable(attempt.pipe(retryWithBackoff(policy({}, s)))).toBe(
        '-' + '--' + '-' + '----' + '-' + '--------' + '-#',
        undefined,
        unavailable,
      );
      expectSubscriptions(attempt.subscriptions).toBe(['^!', '---^!', '--------^!', '-----------------^!']);
    });
  });

  it("waits the server's x-acs-retry-after plus the jittered delay", () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, expectSubscriptions }) => {
      const error = throttled(10);
      const attempt = cold('-#', undefined, error);
      // random 0.5, base 4: 10 + 2 frames
      expectObservable(attempt.pipe(retryWithBackoff(policy({ maxRetries: 1 }, s)))).toBe(
        '-' + '-'.repeat(12) + '-#',
        undefined,
        error,
      );
      expectSubscriptions(attempt.subscriptions).toBe(['^!', '-------------^!']);
    });
  });

  it('passes a non-retryable error through at once', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable, expectSubscriptions }) => {
      const attempt = cold('-#', undefined, badParam);
      expectObservable(attempt.pipe(retryWithBackoff(policy({}, s)))).toBe('-#', undefined, badParam);
      expectSubscriptions(attempt.subscriptions).toBe(['^!']);
    });
  });

  it('stops retrying once an attempt succeeds', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      let attempts = 0;
      const attempt = cold('-#', undefined, throttled());
      const ok = cold('-a|');
      const source = defer(() => (++attempts < 3 ? attempt : ok));
      expectObservable(source.pipe(retryWithBackoff(policy({}, s)))).toBe('-' + '--' + '-' + '----' + '-a|');
    });
  });
});

describe('retry policy', () => {
  it.each([
    ['throttling, for any action', throttled(), false, true],
    ['503 for a read-only call', unavailable, true, true],
    ['503 for a mutating call without ClientToken', unavailable, false, false],
    ['a reset connection for a read-only call', reset, true, true],
    ['a reset connection for a mutating call', reset, false, false],
    ['a refused connection (nothing was sent), for any call', refused, false, true],
    ['a timeout for a read-only call', new TimeoutError('DescribeInstances', 10, 1), true, true],
    ['a timeout for a mutating call', new TimeoutError('StopInstance', 10, 1), false, false],
    ['a parameter error', badParam, true, false],
    [
      'a signature error',
      new ServerError({ ...details, code: 'SignatureDoesNotMatch', statusCode: 400 }),
      true,
      false,
    ],
    ['a plain Error', new Error('x'), true, false],
  ])('retries %s: %s', (_name, error, idempotent, expected) => {
    expect(isRetryable(error, idempotent)).toBe(expected);
  });

  it('keeps every jittered delay within [0, min(maxDelay, baseDelay * 2^retry))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, baseDelay, maxDelay, r) => {
          const delay = backoffDelay(unavailable, retry, { baseDelay, maxDelay, random: () => r });
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(maxDelay, baseDelay * 2 ** retry));
          expect(Number.isInteger(delay)).toBe(true);
        },
      ),
    );
  });
});

describe('retryWithBackoff (written out): what RxJS retry did for free', () => {
  it('ends the call with an error thrown while deciding (onRetry), instead of leaving it unsettled', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const boom = new Error('onRetry failed');
      const attempt = cold('-#', undefined, unavailable);
      const onRetry = () => {
        throw boom;
      };
      expectObservable(attempt.pipe(retryWithBackoff(policy({ onRetry }, scheduler())))).toBe(
        '-#',
        undefined,
        boom,
      );
    });
  });

  it('on a synchronous scheduler, unsubscribing tears down the newest attempt, not the first one that failed', () => {
    let subscribed = 0;
    let tornDown = 0;
    const source = new Observable<never>((subscriber) => {
      const attempt = (subscribed += 1);
      if (attempt < 3) subscriber.error(unavailable); // fails at once, twice
      return () => (tornDown += attempt === 3 ? 1 : 0);
    });
    const retrying = retryWithBackoff<never>({
      ...policy({ baseDelay: 0, maxDelay: 0 }, scheduler()),
      scheduler: queueScheduler, // timer(0) then runs at once, inside the failing subscribe
    })(source);
    const subscription = retrying.subscribe({ error: () => undefined });
    expect(subscribed).toBe(3);
    subscription.unsubscribe();
    expect(tornDown).toBe(1);
  });
});
