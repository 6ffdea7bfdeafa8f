import fc from 'fast-check';
import { formEncode, percentEncode } from '../../src/signing/percent-encode.js';

describe('percentEncode', () => {
  it.each([
    ['the empty string', '', ''],
    ['unreserved characters', 'AZaz09-_.~', 'AZaz09-_.~'],
    ['a space as %20, never +', 'a b', 'a%20b'],
    ['an asterisk', '*', '%2A'],
    ['a tilde', '~', '~'],
    ['the characters encodeURIComponent leaves alone', "!'()", '%21%27%28%29'],
    ['a plus sign', '+', '%2B'],
    ['URL delimiters', '/?=&:#', '%2F%3F%3D%26%3A%23'],
    ['a percent sign', '%', '%25'],
    ['a two-byte UTF-8 character', 'é', '%C3%A9'],
    ['three-byte UTF-8 characters', '中文', '%E4%B8%AD%E6%96%87'],
    ['a four-byte UTF-8 character (surrogate pair)', '😀', '%F0%9F%98%80'],
    ['an RPC timestamp', '2026-11-26T12:12:21Z', '2026-11-26T12%3A12%3A21Z'],
    ['an STS token', 'test-sts-token/with+special=chars', 'test-sts-token%2Fwith%2Bspecial%3Dchars'],
    [
      'the special-characters vector value',
      "web *~!'()中文 +/=&?",
      'web%20%2A~%21%27%28%29%E4%B8%AD%E6%96%87%20%2B%2F%3D%26%3F',
    ],
  ])('encodes %s', (_label, input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });

  it('round-trips any Unicode string through decodeURIComponent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        expect(decodeURIComponent(percentEncode(s))).toBe(s);
      }),
    );
  });

  it('emits only unreserved characters and upper-case %XY escapes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        const encoded = percentEncode(s);
        expect(encoded).toMatch(/^[A-Za-z0-9\-_.~%]*$/);
        expect(encoded.replace(/%[0-9A-F]{2}/g, '')).not.toContain('%');
      }),
    );
  });

  it('leaves strings of unreserved characters unchanged', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9\-_.~]*$/), (s) => {
        expect(percentEncode(s)).toBe(s);
      }),
    );
  });
});

describe('formEncode', () => {
  it('joins the pairs in their order, both sides percent-encoded', () => {
    expect(formEncode([])).toBe('');
    expect(
      formEncode([
        ['Tag.1.Key', 'a b'],
        ['Action', 'DescribeRegions'],
        ['x*', 'ü~'],
      ]),
    ).toBe('Tag.1.Key=a%20b&Action=DescribeRegions&x%2A=%C3%BC~');
  });

  it('is percentEncode on each side, joined by = and & (any strings)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 8 }), (pairs) => {
        expect(formEncode(pairs)).toBe(
          pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&'),
        );
      }),
    );
  });
});
