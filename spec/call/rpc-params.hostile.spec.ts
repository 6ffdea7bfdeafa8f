import fc from 'fast-check';
import {
  MAX_PARAM_DEPTH,
  flattenParams,
  type RpcParamValue,
  type RpcParams,
} from '../../src/call/rpc-params.js';
import { ClientError } from '../../src/errors/client-error.js';
import { refusal } from './param-refusal.js';

/** True when `text` has no lone surrogate (`String.prototype.isWellFormed`, which the ES2022 lib types lack). */
const wellFormed = (text: string): boolean => !/\p{Cs}/u.test(text);

/** Parameters whose objects nest `levels` deep, the parameters object being the first level. */
function nested(levels: number): RpcParams {
  let value: RpcParamValue = 'leaf';
  for (let i = 0; i < levels; i++) value = { K: value };
  return value as RpcParams;
}

describe('flattenParams refuses hostile input with ClientError SDK.InvalidParam', () => {
  it('refuses a lone surrogate in a value, naming the path (Tag.1.Key) and what is allowed', () => {
    const error = refusal(() => flattenParams({ Tag: [{ Key: 'env\uD800', Value: 'prod' }] }));

    expect(error.message).toContain('Tag.1.Key');
    expect(error.message).toContain('no lone surrogates');
    expect(wellFormed(error.message)).toBe(true);
  });

  it.each([
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate', '\uDC00'],
    ['a swapped pair', '\uDC00\uD800'],
  ])('refuses %s in a top-level value', (_what, text) => {
    expect(refusal(() => flattenParams({ InstanceName: `a${text}b` })).message).toContain('InstanceName');
  });

  it('refuses a lone surrogate in a parameter name, naming where it is without a lone surrogate in the message', () => {
    const top = refusal(() => flattenParams({ ['Bad\uD800']: 'x' }));
    const inner = refusal(() => flattenParams({ Tag: [{ ['K\uDFFF']: 'x' }] }));

    expect(top.message).toContain('parameter name');
    expect(inner.message).toContain('Tag.1');
    for (const error of [top, inner]) {
      expect(error.message).toContain('no lone surrogates');
      expect(wellFormed(error.message)).toBe(true);
    }
  });

  it('accepts well-formed text, astral characters (surrogate pairs) included', () => {
    expect(flattenParams({ Name: 'ok 😀 中文', Tag: [{ Key: '😀', Value: 'v' }] })).toEqual([
      ['Name', 'ok 😀 中文'],
      ['Tag.1.Key', '😀'],
      ['Tag.1.Value', 'v'],
    ]);
  });

  it('refuses a cyclic object, naming the path of the cycle', () => {
    const tag: Record<string, unknown> = { Key: 'k' };
    tag.Self = tag;

    const error = refusal(() => flattenParams({ Tag: [tag as RpcParamValue] }));

    expect(error.message).toContain('Tag.1.Self');
    expect(error.message).toContain('cycle');
  });

  it('refuses parameters that contain themselves, and a cyclic array', () => {
    const params: Record<string, unknown> = {};
    params.Me = params;
    const list: unknown[] = ['a'];
    list.push(list);

    expect(refusal(() => flattenParams(params as RpcParams)).message).toContain('Me');
    expect(refusal(() => flattenParams({ List: list as RpcParamValue })).message).toContain('List.2');
  });

  it('accepts the same object twice side by side (shared, not a cycle)', () => {
    const shared = { Key: 'k' };

    expect(flattenParams({ Tag: [shared, shared] })).toEqual([
      ['Tag.1.Key', 'k'],
      ['Tag.2.Key', 'k'],
    ]);
  });

  it('accepts objects nested 32 levels deep (MAX_PARAM_DEPTH)', () => {
    expect(MAX_PARAM_DEPTH).toBe(32);

    expect(flattenParams(nested(32))).toEqual([[Array(32).fill('K').join('.'), 'leaf']]);
  });

  it('refuses objects nested 33 levels deep, naming the path and the limit', () => {
    const error = refusal(() => flattenParams(nested(33)));

    expect(error.message).toContain(Array(32).fill('K').join('.'));
    expect(error.message).toContain('32 levels');
  });

  it('refuses objects and arrays nested 20,000 levels deep without a RangeError', () => {
    let list: RpcParamValue = ['leaf'];
    for (let i = 0; i < 20_000; i++) list = [list];

    expect(refusal(() => flattenParams(nested(20_000))).message).toContain('32 levels');
    expect(refusal(() => flattenParams({ List: list })).message).toContain('32 levels');
  });

  it('either returns or throws ClientError for random text with lone surrogates inserted', () => {
    const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
    const text = fc
      .tuple(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(), surrogate), { maxLength: 3 }),
      )
      .map(([base, inserts]) =>
        inserts.reduce((s, [at, unit]) => {
          const i = at % (s.length + 1);
          return s.slice(0, i) + unit + s.slice(i);
        }, base),
      );

    fc.assert(
      fc.property(text, text, fc.boolean(), (name, value, nestedValue) => {
        const params: RpcParams = nestedValue ? { Tag: [{ [name]: value }] } : { [name]: value };
        let flat: [string, string][] | undefined;
        try {
          flat = flattenParams(params);
        } catch (error) {
          expect(error).toBeInstanceOf(ClientError);
        }
        expect(flat === undefined).toBe(!wellFormed(name) || !wellFormed(value));
        for (const [key, item] of flat ?? []) expect(wellFormed(key) && wellFormed(item)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
