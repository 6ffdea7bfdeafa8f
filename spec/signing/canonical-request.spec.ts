// The one ACS3 canonicaliser, shared by the signers and the fake cloud's verifier. (The loopback
// server in spec/helpers keeps an independent one on purpose: a bug here cannot hide from it.)
import { EMPTY_BODY_SHA256 } from '../../src/signing/acs3.js';
import { canonicalRequest, signedHeaderNames, signedHeaders } from '../../src/signing/canonical-request.js';
import { percentEncodePairs } from '../../src/signing/percent-encode.js';
import { sha256Hex } from '../../src/signing/web-crypto.js';

const HOST = 'ecs.cn-shanghai.aliyuncs.com';

describe('canonicalRequest', () => {
  it('builds the published RunInstances canonical request from its parts', async () => {
    const names = [
      'host',
      'x-acs-action',
      'x-acs-content-sha256',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-version',
    ];
    const canonical = canonicalRequest({
      method: 'POST',
      path: '/',
      encodedQuery: [
        ['RegionId', 'cn-shanghai'],
        ['ImageId', 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd'],
      ],
      host: HOST,
      headers: {
        'x-acs-action': 'RunInstances',
        'x-acs-version': '2014-05-26',
        'x-acs-date': '2023-10-26T10:22:32Z',
        'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
        'x-acs-content-sha256': EMPTY_BODY_SHA256,
      },
      signedHeaders: signedHeaders(names),
      hashedPayload: EMPTY_BODY_SHA256,
    });
    expect(await sha256Hex(canonical)).toBe(
      '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
    );
  });

  it('sorts the query by encoded name, then value, leaving the given pairs in their order', () => {
    const encodedQuery = percentEncodePairs([
      ['b', '2'],
      ['a b', 'x*'],
      ['b', '1'],
      ['a', '~'],
    ]);
    const before = JSON.stringify(encodedQuery);
    const canonical = canonicalRequest({
      method: 'GET',
      path: '/',
      encodedQuery,
      host: HOST,
      headers: {},
      signedHeaders: signedHeaders(['host']),
      hashedPayload: EMPTY_BODY_SHA256,
    });
    expect(canonical.split('\n')[2]).toBe('a=~&a%20b=x%2A&b=1&b=2');
    expect(JSON.stringify(encodedQuery)).toBe(before);
  });

  it('upper-cases the method, trims header values, signs host from `host` and keeps the names in their order', () => {
    const canonical = canonicalRequest({
      method: 'post',
      path: '',
      encodedQuery: [],
      host: ` ${HOST} `,
      headers: { host: 'ignored.example', 'x-acs-action': '\tDescribeRegions ' },
      signedHeaders: signedHeaders(['x-acs-action', 'host']),
      hashedPayload: 'hash',
    });
    expect(canonical).toBe(
      `POST\n/\n\nx-acs-action:DescribeRegions\nhost:${HOST}\n\nx-acs-action;host\nhash`,
    );
  });

  it('signs an empty value for a listed name the request lacks, Object.prototype names included', () => {
    const canonical = canonicalRequest({
      method: 'POST',
      path: '/',
      encodedQuery: [],
      host: HOST,
      headers: {},
      signedHeaders: signedHeaders(['__proto__', 'constructor', 'host', 'x-acs-missing']),
      hashedPayload: 'hash',
    });
    expect(canonical).toBe(
      `POST\n/\n\n__proto__:\nconstructor:\nhost:${HOST}\nx-acs-missing:\n\n` +
        '__proto__;constructor;host;x-acs-missing\nhash',
    );
  });

  it('percent-encodes each ROA path segment once, whether or not it arrives encoded', () => {
    const uri = (path: string) =>
      canonicalRequest({
        method: 'GET',
        path,
        encodedQuery: [],
        host: HOST,
        headers: {},
        signedHeaders: signedHeaders([]),
        hashedPayload: '',
      }).split('\n')[1];
    expect(uri('/clusters/c 1/nodes')).toBe('/clusters/c%201/nodes');
    expect(uri('/clusters/c%201/x*y')).toBe('/clusters/c%201/x%2Ay');
    expect(uri('/bad/%E0')).toBe('/bad/%25E0');
  });
});

describe('signedHeaderNames', () => {
  it('names host, content-type and every x-acs-* header, lower-cased, sorted and each once', () => {
    expect(
      signedHeaderNames([
        'X-Acs-Version',
        'accept',
        'Content-Type',
        'x-acs-action',
        'x-acs-version',
        'authorization',
        'user-agent',
        'Host',
      ]),
    ).toEqual(['content-type', 'host', 'x-acs-action', 'x-acs-version']);
  });

  it('always signs host, even when the headers do not carry it', () => {
    expect(signedHeaderNames([])).toEqual(['host']);
  });
});
