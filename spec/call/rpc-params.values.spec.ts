import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { flattenParams, type RpcParamValue, type RpcParams } from '../../src/call/rpc-params.js';
import { ClientError } from '../../src/errors/client-error.js';
import { refusal, viewsOf } from './param-refusal.js';

/** What every refusal of an odd value lists as allowed. */
const ALLOWED = 'a string, a finite number, a bigint, a boolean, an array or a plain object';

class Credentials {
  constructor(readonly Password: string) {}
}

/** Odd values, each with the kind the error names and a part of the hint it gives. */
const ODD: [string, () => unknown, string, string][] = [
  ['a Date', () => new Date(0), 'a Date', 'date.toISOString()'],
  ['a Date from another realm', () => runInNewContext('new Date(0)'), 'a Date', 'date.toISOString()'],
  ['a Map', () => new Map([['Key', 'v']]), 'a Map', 'Object.fromEntries(map)'],
  ['a Set', () => new Set(['v']), 'a Set', '[...set]'],
  ['a RegExp', () => /v/, 'a RegExp', ALLOWED],
  ['a Uint8Array', () => new Uint8Array([1, 2]), 'a Uint8Array', ALLOWED],
  ['an ArrayBuffer', () => new ArrayBuffer(2), 'an ArrayBuffer', ALLOWED],
  ['an Error', () => new Error('v'), 'an Error', ALLOWED],
  ['a Promise', () => Promise.resolve('v'), 'a Promise', ALLOWED],
  ['a boxed string', () => new String('v'), 'a String', 'valueOf()'],
  ['a class instance', () => new Credentials('v'), 'an instance of Credentials', '{ ...value }'],
  ['a function', () => () => 'v', 'a function', ALLOWED],
  ['a symbol', () => Symbol('v'), 'a symbol', ALLOWED],
];

describe('flattenParams does not show the values it refuses', () => {
  const SECRET = 'hunter2-SECRETISH';

  it('refuses a Password with a lone surrogate, naming the path, its length and the index, not the text', () => {
    const password = `${SECRET}\uD800x`;

    const error = refusal(() => flattenParams({ Password: password }));

    expect(error.message).toContain('Password');
    expect(error.message).toContain('no lone surrogates');
    expect(error.message).toContain(`${password.length} characters, not shown`);
    expect(error.message).toContain(`index ${SECRET.length}`);
    for (const view of viewsOf(error)) expect(view).not.toContain('SECRETISH');
  });

  it('refuses a nested value with a lone surrogate without showing it (Tag.1.Value)', () => {
    const error = refusal(() => flattenParams({ Tag: [{ Key: 'k', Value: `\uDC00${SECRET}` }] }));

    expect(error.message).toContain('Tag.1.Value');
    expect(error.message).toContain('index 0');
    for (const view of viewsOf(error)) expect(view).not.toContain('SECRETISH');
  });

  it('refuses a parameter name with a lone surrogate without showing it', () => {
    const top = refusal(() => flattenParams({ [`${SECRET}\uD800`]: 'x' }));
    const inner = refusal(() => flattenParams({ Tag: [{ [`${SECRET}\uDFFF`]: 'x' }] }));

    expect(inner.message).toContain('Tag.1');
    for (const error of [top, inner]) {
      expect(error.message).toContain(`index ${SECRET.length}`);
      for (const view of viewsOf(error)) expect(view).not.toContain('SECRETISH');
    }
  });

  it.each([
    ['a string', SECRET],
    ['a finite number', 31_415_926_535],
  ])('refuses %s given as the whole parameters without showing it', (_what, params) => {
    const error = refusal(() => flattenParams(params as unknown as RpcParams));

    expect(error.message).toContain('params');
    for (const view of viewsOf(error)) {
      expect(view).not.toContain('SECRETISH');
      expect(view).not.toContain('31415926535');
    }
  });

  it.each([
    ['a Map', new Map([['Password', SECRET]])],
    ['a class instance', new Credentials(SECRET)],
    ['a function', () => SECRET],
    ['a symbol', Symbol(SECRET)],
    ['a boxed string', new String(SECRET)],
    ['an Error', new Error(SECRET)],
  ])('refuses %s without showing what it holds', (_what, value) => {
    const error = refusal(() => flattenParams({ Auth: value as RpcParamValue }));

    expect(error.message).toContain('Auth');
    for (const view of viewsOf(error)) expect(view).not.toContain('SECRETISH');
  });

  it('names NaN and Infinity, which hold nothing secret, but no finite number', () => {
    expect(refusal(() => flattenParams({ MaxResults: Number.NaN })).message).toContain('got NaN');
    expect(refusal(() => flattenParams({ MaxResults: -Infinity })).message).toContain('got -Infinity');
  });
});

describe('flattenParams accepts only strings, finite numbers, bigints, booleans, arrays and plain objects', () => {
  it.each(ODD)(
    'refuses %s, naming the path, the kind and what to pass instead',
    (_what, make, kind, hint) => {
      const top = refusal(() => flattenParams({ When: make() as RpcParamValue }));
      const inner = refusal(() => flattenParams({ Tag: [{ Key: 'k', Value: make() as RpcParamValue }] }));
      const listed = refusal(() => flattenParams({ List: ['a', make() as RpcParamValue] }));

      for (const [error, path] of [
        [top, 'When'],
        [inner, 'Tag.1.Value'],
        [listed, 'List.2'],
      ] as const) {
        expect(error.message).toContain(`Invalid value for ${path}: got ${kind};`);
        expect(error.message).toContain(ALLOWED);
        expect(error.message).toContain(hint);
      }
    },
  );

  it('refuses a Date with a hint to pass an ISO 8601 string', () => {
    expect(refusal(() => flattenParams({ StartTime: new Date(0) as unknown as RpcParamValue })).message).toBe(
      `Invalid value for StartTime: got a Date; expected ${ALLOWED} (null and undefined are left out): ` +
        'pass an ISO 8601 string such as date.toISOString().',
    );
  });

  it.each([
    ['a Map', () => new Map([['RegionId', 'cn-hangzhou']]), 'a Map'],
    ['a class instance', () => new Credentials('v'), 'an instance of Credentials'],
    ['a Date', () => new Date(0), 'a Date'],
  ])('refuses %s given as the whole parameters', (_what, make, kind) => {
    const error = refusal(() => flattenParams(make() as unknown as RpcParams));

    expect(error.message).toContain(`Invalid value for params: got ${kind};`);
    expect(error.message).toContain('a plain object of parameters');
  });

  it('sends a bigint as its exact decimal text', () => {
    expect(flattenParams({ OwnerId: 1234567890123456789n, Ids: [-1n, 0n] })).toEqual([
      ['OwnerId', '1234567890123456789'],
      ['Ids.1', '-1'],
      ['Ids.2', '0'],
    ]);
  });

  it('accepts plain objects with a null prototype and from another realm', () => {
    const bare = Object.assign(Object.create(null) as Record<string, RpcParamValue>, { Key: 'k' });
    const foreign = runInNewContext("({ RegionId: 'cn-hangzhou', Tag: [{ Key: 'env' }] })") as RpcParams;

    expect(flattenParams({ Tag: [bare] })).toEqual([['Tag.1.Key', 'k']]);
    expect(flattenParams(foreign)).toEqual([
      ['RegionId', 'cn-hangzhou'],
      ['Tag.1.Key', 'env'],
    ]);
  });

  it('tells a plain object by its real prototype, whatever an own __proto__ key holds', () => {
    const parsed = JSON.parse('{ "__proto__": "x", "Name": "n" }') as RpcParams;
    const disguised = Object.defineProperty(new Credentials('v'), '__proto__', { value: Object.prototype });

    expect(flattenParams(parsed)).toEqual([
      ['__proto__', 'x'],
      ['Name', 'n'],
    ]);
    expect(refusal(() => flattenParams({ Auth: disguised as unknown as RpcParamValue })).message).toContain(
      'got an instance of Credentials',
    );
  });

  it('either sends every leaf as text or throws ClientError, as the kinds of its values say', () => {
    /** True when flattenParams should accept `value` (fc.anything makes no cycles and stays shallow). */
    const acceptable = (value: unknown): boolean => {
      if (value === undefined || value === null) return true;
      switch (typeof value) {
        case 'string':
          return !/\p{Cs}/u.test(value);
        case 'number':
          return Number.isFinite(value);
        case 'boolean':
        case 'bigint':
          return true;
        case 'object': {
          if (Array.isArray(value)) return value.every(acceptable);
          const proto: unknown = Object.getPrototypeOf(value);
          if (proto !== Object.prototype && proto !== null) return false;
          return Object.entries(value).every(([key, item]) => !/\p{Cs}/u.test(key) && acceptable(item));
        }
        default:
          return false;
      }
    };
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withTypedArray: true,
      withSparseArray: true,
    });

    fc.assert(
      fc.property(fc.dictionary(fc.string(), anything), (params) => {
        let flat: [string, string][] | undefined;
        try {
          flat = flattenParams(params as RpcParams);
        } catch (error) {
          expect(error).toBeInstanceOf(ClientError);
        }
        expect(flat !== undefined).toBe(acceptable(params));
        for (const [name, text] of flat ?? [])
          expect([typeof name, typeof text]).toEqual(['string', 'string']);
      }),
      { numRuns: 500 },
    );
  });
});
