import { Config } from '../../src/config.js';
import { checkCallOptions } from '../../src/call/call-options.js';
import { DEFAULT_MAX_RETRY_AFTER } from '../../src/retry-policy-options.js';
import type { ClientError } from '../../src/errors/client-error.js';
import { clientErrorOf } from '../helpers/client-error-of.js';

const invalid = (fn: () => unknown): ClientError => clientErrorOf(fn, 'SDK.InvalidParam');

describe('Config.withRetryPolicy', () => {
  it('defaults to no extra codes and a one-minute cap, readable as properties', () => {
    const config = new Config();
    expect(config.retryOn).toEqual([]);
    expect(Object.isFrozen(config.retryOn)).toBe(true);
    expect(config.maxRetryAfter).toBe(60_000);
    expect(DEFAULT_MAX_RETRY_AFTER).toBe(60_000);
  });

  it('returns a new Config with both values and leaves the old one as it was', () => {
    const base = new Config();
    const next = base.withRetryPolicy({ retryOn: ['IncorrectInstanceStatus'], maxRetryAfter: 5000 });
    expect(next).not.toBe(base);
    expect(next).toMatchObject({ retryOn: ['IncorrectInstanceStatus'], maxRetryAfter: 5000 });
    expect(base).toMatchObject({ retryOn: [], maxRetryAfter: 60_000 });
    expect(Object.isFrozen(next)).toBe(true);
  });

  it("keeps a frozen copy of retryOn: the caller's later edits of the array change nothing", () => {
    const codes = ['IncorrectInstanceStatus'];
    const config = new Config().withRetryPolicy({ retryOn: codes });
    codes.push('OperationConflict');
    expect(config.retryOn).toEqual(['IncorrectInstanceStatus']);
    expect(config.retryOn).not.toBe(codes);
    expect(Object.isFrozen(config.retryOn)).toBe(true);
    expect(() => (config.retryOn as string[]).push('X')).toThrow(TypeError);
  });

  it('keeps the values of keys left out; retryOn: [] clears the list', () => {
    const both = new Config().withRetryPolicy({ retryOn: ['A'], maxRetryAfter: 10 });
    expect(both.withRetryPolicy({ maxRetryAfter: 20 })).toMatchObject({ retryOn: ['A'], maxRetryAfter: 20 });
    expect(both.withRetryPolicy({ retryOn: ['B'] })).toMatchObject({ retryOn: ['B'], maxRetryAfter: 10 });
    expect(both.withRetryPolicy({})).toMatchObject({ retryOn: ['A'], maxRetryAfter: 10 });
    expect(both.withRetryPolicy({ retryOn: [] }).retryOn).toEqual([]);
  });

  it('survives every other with… call, and the others survive it', () => {
    const config = new Config()
      .withReadTimeout(7)
      .withRetryPolicy({ retryOn: ['A'], maxRetryAfter: 0 })
      .withMaxRetryTime(5)
      .withRetryBackoff(1, 2);
    expect(config).toMatchObject({ readTimeout: 7, maxRetryTime: 5, retryOn: ['A'], maxRetryAfter: 0 });
  });

  it.each([
    [-1, '-1'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [2_147_483_648, '2147483648'],
    ['1000', '"1000"'],
    [null, 'null'],
  ])('refuses maxRetryAfter %p, naming the option and the allowed values', (value, shown) => {
    const error = invalid(() => new Config().withRetryPolicy({ maxRetryAfter: value as number }));
    expect(error.message).toBe(
      `Invalid value for maxRetryAfter: got ${shown}; expected an integer from 0 to 2147483647.`,
    );
  });

  it('accepts maxRetryAfter from 0 to the longest timer', () => {
    expect(new Config().withRetryPolicy({ maxRetryAfter: 0 }).maxRetryAfter).toBe(0);
    expect(new Config().withRetryPolicy({ maxRetryAfter: 2_147_483_647 }).maxRetryAfter).toBe(2_147_483_647);
  });

  it.each([
    ['a string', 'IncorrectInstanceStatus', 'retryOn', '"IncorrectInstanceStatus"'],
    ['an object', { 0: 'A', length: 1 }, 'retryOn', 'an object'],
    ['null', null, 'retryOn', 'null'],
  ])(
    'refuses retryOn given as %s, naming the option and the allowed values',
    (_name, value, option, shown) => {
      const error = invalid(() => new Config().withRetryPolicy({ retryOn: value as unknown as string[] }));
      expect(error.message).toBe(
        `Invalid value for ${option}: got ${shown}; expected an array of service error codes (non-empty strings), such as ['IncorrectInstanceStatus'].`,
      );
    },
  );

  it.each([
    ['an empty string', ['A', ''], 1, '""'],
    ['a blank string', [' '], 0, '" "'],
    ['a code with a space', ['Incorrect Status'], 0, '"Incorrect Status"'],
    ['a number', [403], 0, '403'],
    ['a hole', [, 'A'], 0, 'undefined'], // eslint-disable-line no-sparse-arrays
    ['an SDK code', ['SDK.InvalidResponse'], 0, '"SDK.InvalidResponse"'],
  ])('refuses a retryOn entry that is %s, naming its index', (_name, value, index, shown) => {
    const error = invalid(() => new Config().withRetryPolicy({ retryOn: value as string[] }));
    expect(error.message).toBe(
      `Invalid value for retryOn[${index}]: got ${shown}; expected a service error code such as 'IncorrectInstanceStatus' (non-empty, no spaces, not SDK.*).`,
    );
  });

  it.each([
    [null, 'null'],
    ['IncorrectInstanceStatus', '"IncorrectInstanceStatus"'],
    [['IncorrectInstanceStatus'], 'an array'],
    [undefined, 'undefined'],
  ])('refuses a policy that is not an object (%p)', (value, shown) => {
    const error = invalid(() => new Config().withRetryPolicy(value as never));
    expect(error.message).toBe(
      `Invalid value for retryPolicy: got ${shown}; expected an object such as { retryOn: [...], maxRetryAfter: 60000 }.`,
    );
  });

  it('refuses an unknown key (a typo would leave the default in place unseen)', () => {
    const error = invalid(() => new Config().withRetryPolicy({ maxRetryAfer: 5 } as never));
    expect(error.message).toBe(
      `Invalid key in retryPolicy: got "maxRetryAfer"; expected 'retryOn' or 'maxRetryAfter'.`,
    );
  });
});

describe('retryOn and maxRetryAfter as call options', () => {
  it('are checked as the Config checks them', () => {
    expect(invalid(() => checkCallOptions({ maxRetryAfter: -1 })).message).toContain(
      'Invalid value for maxRetryAfter: got -1',
    );
    expect(invalid(() => checkCallOptions({ retryOn: 'A' as never })).message).toContain(
      'Invalid value for retryOn: got "A"',
    );
    expect(invalid(() => checkCallOptions({ retryOn: ['SDK.TimeoutError'] })).message).toContain(
      'Invalid value for retryOn[0]',
    );
  });

  it("take a frozen copy of retryOn, so a queued call does not see the caller's later edits", () => {
    const codes = ['IncorrectInstanceStatus'];
    const checked = checkCallOptions({ retryOn: codes, maxRetryAfter: 0 });
    codes.length = 0;
    expect(checked.retryOn).toEqual(['IncorrectInstanceStatus']);
    expect(Object.isFrozen(checked.retryOn)).toBe(true);
    expect(checked.maxRetryAfter).toBe(0);
  });
});
