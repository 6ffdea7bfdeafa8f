import fc from 'fast-check';
import {
  checkBoolean,
  checkInteger,
  checkIntegerOrInfinity,
  checkNonEmptyString,
  isNonEmptyString,
  MAX_TIMEOUT_MS,
  optionalText,
} from '../src/checks.js';
import type { ClientError } from '../src/errors/client-error.js';
import { clientErrorOf } from './helpers/client-error-of.js';

const thrown = (run: () => unknown): ClientError => clientErrorOf(run);

describe('checkInteger', () => {
  it('returns an integer within the range, the bounds included', () => {
    expect(checkInteger('readTimeout', 1, 1, MAX_TIMEOUT_MS)).toBe(1);
    expect(checkInteger('readTimeout', MAX_TIMEOUT_MS, 1, MAX_TIMEOUT_MS)).toBe(MAX_TIMEOUT_MS);
  });

  it.each([0, -1, MAX_TIMEOUT_MS + 1, 1.5, NaN, Infinity, '10', null, undefined])(
    'refuses %p with SDK.InvalidParam naming the option and the range',
    (value) => {
      const error = thrown(() => checkInteger('readTimeout', value, 1, MAX_TIMEOUT_MS));

      expect(error.code).toBe('SDK.InvalidParam');
      expect(error.message).toMatch(
        /^Invalid value for readTimeout: got .+; expected an integer from 1 to 2147483647\.$/,
      );
    },
  );

  it('words an open range as ">= min"', () => {
    expect(thrown(() => checkInteger('poolSize', 0, 1)).message).toBe(
      'Invalid value for poolSize: got 0; expected an integer >= 1.',
    );
  });
});

describe('checkIntegerOrInfinity', () => {
  it('returns Infinity or an integer >= min', () => {
    expect(checkIntegerOrInfinity('maxSockets', Infinity, 1)).toBe(Infinity);
    expect(checkIntegerOrInfinity('maxFreeSockets', 0, 0)).toBe(0);
  });

  it.each([0, 1.5, -Infinity, NaN, '8'])('refuses %p below or beside the rule', (value) => {
    expect(thrown(() => checkIntegerOrInfinity('maxSockets', value, 1)).message).toMatch(
      /^Invalid value for maxSockets: got .+; expected an integer >= 1, or Infinity\.$/,
    );
  });
});

describe('checkBoolean', () => {
  it('returns true and false, refuses anything else naming the option', () => {
    expect(checkBoolean('autoRetry', false)).toBe(false);
    expect(thrown(() => checkBoolean('autoRetry', 'yes')).message).toBe(
      'Invalid value for autoRetry: got "yes"; expected true or false.',
    );
  });
});

describe('checkNonEmptyString', () => {
  it('returns the string as given, not trimmed', () => {
    expect(checkNonEmptyString('product', ' ecs ', "'ecs'")).toBe(' ecs ');
  });

  it.each(['', '   ', '\t\n', 5, undefined, null])(
    'refuses %p, naming the option and the example',
    (value) => {
      expect(thrown(() => checkNonEmptyString('product', value, "'ecs'")).message).toMatch(
        /^Invalid value for product: got .+; expected a non-empty string such as 'ecs'\.$/,
      );
    },
  );

  it('says only "a non-empty string" without an example', () => {
    expect(thrown(() => checkNonEmptyString('roleName', '')).message).toBe(
      'Invalid value for roleName: got ""; expected a non-empty string.',
    );
  });

  it('accepts exactly what isNonEmptyString accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(' ', '\u00a0', '\n'), fc.anything()), (value) => {
        const accepted = (() => {
          try {
            checkNonEmptyString('x', value);
            return true;
          } catch {
            return false;
          }
        })();
        expect(accepted).toBe(isNonEmptyString(value));
      }),
    );
  });
});

describe('optionalText, the reading of a credential source', () => {
  it('trims text and reads blank text as absent', () => {
    expect(optionalText('  dev  ')).toBe('dev');
    expect(optionalText('')).toBeUndefined();
    expect(optionalText(' \t ')).toBeUndefined();
    expect(optionalText(undefined)).toBeUndefined();
  });

  it('reads a number or a boolean (as a TOML or JSON file holds them) as its text', () => {
    expect(optionalText(3600)).toBe('3600');
    expect(optionalText(true)).toBe('true');
  });

  it('reads an object, an array or null as absent, and never throws', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const text = optionalText(value);
        expect(text === undefined || (text !== '' && text === text.trim())).toBe(true);
      }),
    );
    expect(optionalText({ a: 1 })).toBeUndefined();
    expect(optionalText(['a'])).toBeUndefined();
    expect(optionalText(null)).toBeUndefined();
  });

  it('reads a value as present exactly when a check of a non-empty string would accept it, for text', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(optionalText(value) !== undefined).toBe(isNonEmptyString(value));
      }),
    );
  });
});
