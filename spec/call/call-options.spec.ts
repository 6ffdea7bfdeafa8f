import fc from 'fast-check';
import { checkCallOptions } from '../../src/call/call-options.js';
import { Config } from '../../src/config.js';
import { ClientError } from '../../src/errors/client-error.js';

/** The message of the ClientError `run` throws, or null when it throws none. */
function refusal(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ClientError);
    return (error as ClientError).message;
  }
}

const values = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(100, 101, 2_147_483_646, 2_147_483_647, 2_147_483_648, Number.MAX_SAFE_INTEGER),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, '10', null, true),
);

describe('checkCallOptions: a per-call value is held to the rule of the Config option it overrides', () => {
  it.each([
    ['readTimeout', (v: number) => new Config().withReadTimeout(v)],
    ['connectTimeout', (v: number) => new Config().withConnectTimeout(v)],
    ['maxRetryTime', (v: number) => new Config().withMaxRetryTime(v)],
  ] as const)(
    '%s: refused exactly when the with… method refuses it, with the same message',
    (option, set) => {
      fc.assert(
        fc.property(values, (value) => {
          expect(refusal(() => checkCallOptions({ [option]: value }))).toBe(
            refusal(() => set(value as number)),
          );
        }),
        { examples: [[0], [1], [-1], [100], [101], [2_147_483_647], [2_147_483_648]] },
      );
    },
  );

  it.each(['readTimeout', 'connectTimeout'])('refuses a per-call %s of 0 (no timer of 0 ms)', (option) => {
    expect(refusal(() => checkCallOptions({ [option]: 0 }))).toBe(
      `Invalid value for ${option}: got 0; expected an integer from 1 to 2147483647.`,
    );
  });

  it('accepts a per-call maxRetryTime of 0 (no retry) and refuses 101', () => {
    expect(checkCallOptions({ maxRetryTime: 0 })).toEqual({ maxRetryTime: 0 });
    expect(refusal(() => checkCallOptions({ maxRetryTime: 101 }))).toBe(
      'Invalid value for maxRetryTime: got 101; expected an integer from 0 to 100.',
    );
  });

  it.each(['autoRetry', 'idempotent'])('refuses a per-call %s that is not a boolean', (option) => {
    expect(refusal(() => checkCallOptions({ [option]: 'yes' }))).toBe(
      `Invalid value for ${option}: got "yes"; expected true or false.`,
    );
  });
});
