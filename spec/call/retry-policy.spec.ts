import { defer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { isRetryable } from '../../src/call/retry-policy.js';
import { retryWithBackoff, type RetryWithBackoffOptions } from '../../src/call/retry-with-backoff.js';
import { ServerError } from '../../src/errors/server-error.js';
import { ThrottlingError } from '../../src/errors/throttling-error.js';

const details = { message: 'Request was denied due to user flow control.', attempts: 1 };
const throttled = (retryAfter?: number) =>
  new ThrottlingError({
    ...details,
    action: 'DescribeInstances',
    code: 'Throttling.User',
    statusCode: 400,
    requestId: 'REQ-1',
    retryAfter,
  });
const serverError = (code: string, statusCode: number) =>
  new ServerError({ ...details, action: 'StartInstance', code, statusCode });
const incorrectStatus = serverError('IncorrectInstanceStatus', 403);

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

function policy(overrides: Partial<RetryWithBackoffOptions>, s: TestScheduler): RetryWithBackoffOptions {
  // random 0.5, base 4: jittered delays of 2, 4, 8 frames.
  return {
    maxRetries: 3,
    idempotent: false,
    retryOn: [],
    maxRetryAfter: 60_000,
    baseDelay: 4,
    maxDelay: 100,
    random: () => 0.5,
    scheduler: s,
    ...overrides,
  };
}

/** The error the call ends with when the server's hint is beyond the cap. */
const cappedError = (retryAfter: number, maxRetryAfter: number) =>
  expect.objectContaining({
    name: 'ThrottlingError',
    code: 'Throttling.User',
    statusCode: 400,
    requestId: 'REQ-1',
    attempts: 1,
    retryAfter,
    maxRetryAfter,
    message: expect.stringContaining(
      `the service asked to wait ${retryAfter} ms (x-acs-retry-after), more than maxRetryAfter (${maxRetryAfter} ms)`,
    ),
  });

describe('retryWithBackoff: maxRetryAfter (marbles)', () => {
  it('fails at once, in the frame of the throttled answer, when x-acs-retry-after is beyond the cap', () => {
    const s = scheduler();
    const retries: number[] = [];
    s.run(({ cold, expectObservable, expectSubscriptions }) => {
      const attempt = cold('-#', undefined, throttled(600_000));
      const onRetry = (_: unknown, retry: number) => retries.push(retry);
      expectObservable(attempt.pipe(retryWithBackoff(policy({ onRetry }, s)))).toBe(
        '-#',
        undefined,
        cappedError(600_000, 60_000),
      );
      expectSubscriptions(attempt.subscriptions).toBe(['^!']);
    });
    expect(retries).toEqual([]);
  });

  it('ends with a ThrottlingError whose message names the option and says what to do', () => {
    const s = scheduler();
    let error: unknown;
    s.run(({ cold }) => {
      cold('-#', undefined, throttled(600_000))
        .pipe(retryWithBackoff(policy({}, s)))
        .subscribe({ error: (e: unknown) => (error = e) });
    });
    expect(error).toBeInstanceOf(ThrottlingError);
    expect((error as Error).message).toBe(
      'DescribeInstances failed: Throttling.User: Request was denied due to user flow control. (RequestId REQ-1). ' +
        'Not retried: the service asked to wait 600000 ms (x-acs-retry-after), more than maxRetryAfter (60000 ms). ' +
        'Call again later, or raise the cap with Config.withRetryPolicy({ maxRetryAfter }) or the call option maxRetryAfter.',
    );
  });

  it('waits a hint equal to the cap (plus the jitter) and fails at once on a hint 1 ms beyond it', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const atCap = throttled(10);
      const beyond = throttled(11);
      const retry = retryWithBackoff(policy({ maxRetries: 1, maxRetryAfter: 10 }, s));
      // random 0.5, base 4: 10 + 2 frames, then the second attempt.
      expectObservable(cold('-#', undefined, atCap).pipe(retry)).toBe(
        '-' + '-'.repeat(12) + '-#',
        undefined,
        atCap,
      );
      expectObservable(cold('-#', undefined, beyond).pipe(retry)).toBe('-#', undefined, cappedError(11, 10));
    });
  });

  it('with a cap of 0 still retries a hint of 0 ms, and fails at once on a hint of 1 ms', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      const zero = throttled(0);
      const one = throttled(1);
      const retry = retryWithBackoff(policy({ maxRetries: 1, maxRetryAfter: 0 }, s));
      expectObservable(cold('-#', undefined, zero).pipe(retry)).toBe('-' + '--' + '-#', undefined, zero);
      expectObservable(cold('-#', undefined, one).pipe(retry)).toBe('-#', undefined, cappedError(1, 0));
    });
  });

  it('checks the cap on every retry: a later answer beyond it ends the call in its own frame', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      let attempts = 0;
      const near = cold('-#', undefined, throttled(5));
      const far = cold('-#', undefined, throttled(600_000));
      const source = defer(() => (++attempts === 1 ? near : far));
      // attempt 1 ends at 1; waits 5 + 2; attempt 2 starts at 8 and ends at 9, at once.
      expectObservable(source.pipe(retryWithBackoff(policy({}, s)))).toBe(
        '-' + '-'.repeat(7) + '-#',
        undefined,
        cappedError(600_000, 60_000),
      );
    });
  });
});

describe('retryWithBackoff: retryOn (marbles)', () => {
  it('retries a listed code with the normal backoff, even for a mutating call, until it succeeds', () => {
    const s = scheduler();
    s.run(({ cold, expectObservable }) => {
      let attempts = 0;
      const refused = cold('-#', undefined, incorrectStatus);
      const ok = cold('-a|');
      const source = defer(() => (++attempts < 3 ? refused : ok));
      const retryOn = ['IncorrectInstanceStatus'];
      expectObservable(source.pipe(retryWithBackoff(policy({ retryOn }, s)))).toBe(
        '-' + '--' + '-' + '----' + '-a|',
      );
    });
  });

  it('passes an unlisted code through at once while retrying the listed one', () => {
    const s = scheduler();
    const conflict = serverError('OperationConflict', 409);
    s.run(({ cold, expectObservable, expectSubscriptions }) => {
      const unlisted = cold('-#', undefined, conflict);
      const listed = cold('-#', undefined, incorrectStatus);
      const retry = retryWithBackoff(policy({ maxRetries: 1, retryOn: ['IncorrectInstanceStatus'] }, s));
      expectObservable(unlisted.pipe(retry)).toBe('-#', undefined, conflict);
      expectObservable(listed.pipe(retry)).toBe('-' + '--' + '-#', undefined, incorrectStatus);
      expectSubscriptions(unlisted.subscriptions).toBe(['^!']);
      expectSubscriptions(listed.subscriptions).toBe(['^!', '---^!']);
    });
  });

  it('retries a listed code answered 403 for a mutating call, but not the same list answered 500', () => {
    const s = scheduler();
    const internal = serverError('InternalError', 500);
    s.run(({ cold, expectObservable, expectSubscriptions }) => {
      const on500 = cold('-#', undefined, internal);
      const on403 = cold('-#', undefined, incorrectStatus);
      const retryOn = ['InternalError', 'IncorrectInstanceStatus'];
      const retry = retryWithBackoff(policy({ maxRetries: 1, retryOn }, s));
      expectObservable(on500.pipe(retry)).toBe('-#', undefined, internal);
      expectObservable(on403.pipe(retry)).toBe('-' + '--' + '-#', undefined, incorrectStatus);
      expectSubscriptions(on500.subscriptions).toBe(['^!']);
    });
  });
});

describe('isRetryable with retryOn', () => {
  const listed = ['IncorrectInstanceStatus', 'InternalError'];

  it('retries a listed code answered below 500 for any call; an unlisted or differently cased one for none', () => {
    expect(isRetryable(incorrectStatus, false, listed)).toBe(true);
    expect(isRetryable(incorrectStatus, true, listed)).toBe(true);
    expect(isRetryable(serverError('IncorrectInstanceStatus', 200), false, listed)).toBe(true);
    expect(isRetryable(incorrectStatus, true, ['OperationConflict'])).toBe(false);
    expect(isRetryable(incorrectStatus, true, [])).toBe(false);
    expect(isRetryable(serverError('incorrectinstancestatus', 403), true, listed)).toBe(false);
  });

  it('keeps the 5xx rule for a listed code answered 500: only a safe call, unlike the same list on a 403', () => {
    const internal = serverError('InternalError', 500);
    expect(isRetryable(internal, false, listed)).toBe(false);
    expect(isRetryable(internal, true, listed)).toBe(true);
    expect(isRetryable(serverError('InternalError', 403), false, listed)).toBe(true);
  });
});
