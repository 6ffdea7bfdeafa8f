import {
  EMPTY_BODY_SHA256,
  acs3CanonicalRequest,
  acs3Signature,
  acs3StringToSign,
  signAcs3,
} from '../../src/signing/acs3.js';
import { signedHeaderNames } from '../../src/signing/canonical-request.js';
import type { Acs3Request } from '../../src/signing/acs3.js';
import { rpcStringToSign, signRpcHmacSha1 } from '../../src/signing/hmac-sha1.js';
import { sha256Hex } from '../../src/signing/web-crypto.js';

// The examples Alibaba Cloud publishes in its signature documentation for ACS3-HMAC-SHA256 and RPC HMAC-SHA1.

describe('the published ACS3-HMAC-SHA256 example (RunInstances)', () => {
  const request: Acs3Request = {
    method: 'POST',
    host: 'ecs.cn-shanghai.aliyuncs.com',
    path: '/',
    query: [
      ['ImageId', 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd'],
      ['RegionId', 'cn-shanghai'],
    ],
    headers: {
      'x-acs-action': 'RunInstances',
      'x-acs-version': '2014-05-26',
      'x-acs-date': '2023-10-26T10:22:32Z',
      'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
      'x-acs-content-sha256': EMPTY_BODY_SHA256,
    },
    contentSha256: EMPTY_BODY_SHA256,
  };
  const credential = { accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret' };
  const signedHeaders =
    'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version';
  const canonicalRequestHash = '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259';
  const signature = '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0';

  it('signs the documented header names by default', () => {
    expect(signedHeaderNames(Object.keys(request.headers)).join(';')).toBe(signedHeaders);
  });

  it('builds the canonical request whose SHA-256 is the published hash', async () => {
    const canonical = acs3CanonicalRequest(request, signedHeaders.split(';'));
    expect(canonical).toBe(
      [
        'POST',
        '/',
        'ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai',
        'host:ecs.cn-shanghai.aliyuncs.com',
        'x-acs-action:RunInstances',
        `x-acs-content-sha256:${EMPTY_BODY_SHA256}`,
        'x-acs-date:2023-10-26T10:22:32Z',
        'x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d',
        'x-acs-version:2014-05-26',
        '',
        signedHeaders,
        EMPTY_BODY_SHA256,
      ].join('\n'),
    );
    expect(await sha256Hex(canonical)).toBe(canonicalRequestHash);
  });

  it('derives the published string-to-sign and signature', async () => {
    const stringToSign = await acs3StringToSign(acs3CanonicalRequest(request, signedHeaders.split(';')));
    expect(stringToSign).toBe(`ACS3-HMAC-SHA256\n${canonicalRequestHash}`);
    expect(await acs3Signature(stringToSign, credential.accessKeySecret)).toBe(signature);
  });

  it('produces the matching Authorization header through signAcs3', async () => {
    expect(await signAcs3(request, credential)).toBe(
      `ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=${signedHeaders},Signature=${signature}`,
    );
  });

  it('uses the documented hash of the empty body', async () => {
    expect(await sha256Hex('')).toBe(EMPTY_BODY_SHA256);
    expect(EMPTY_BODY_SHA256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('the published RPC HMAC-SHA1 examples', () => {
  const common = [
    ['AccessKeyId', 'testid'],
    ['SignatureMethod', 'HMAC-SHA1'],
    ['SignatureVersion', '1.0'],
  ] as const;
  const describeRegionsXml = [
    ['Action', 'DescribeRegions'],
    ['Format', 'XML'],
    ['SignatureNonce', '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf'],
    ['TimeStamp', '2016-02-23T12:46:24Z'],
    ['Version', '2014-05-26'],
    ...common,
  ] as const;

  it('reproduces the DescribeDedicatedHosts string-to-sign and signature byte for byte', async () => {
    // Given out of order on purpose: the signer sorts.
    const params = [
      ['Version', '2014-05-26'],
      ['Action', 'DescribeDedicatedHosts'],
      ['Timestamp', '2023-03-13T08:34:30Z'],
      ['Format', 'JSON'],
      ['RegionId', 'cn-beijing'],
      ['SignatureNonce', 'edb2b34af0af9a6d14deaf7c1a5315eb'],
      ...common,
    ] as const;
    expect(rpcStringToSign('GET', params)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDedicatedHosts%26Format%3DJSON%26RegionId%3Dcn-beijing' +
        '%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dedb2b34af0af9a6d14deaf7c1a5315eb' +
        '%26SignatureVersion%3D1.0%26Timestamp%3D2023-03-13T08%253A34%253A30Z%26Version%3D2014-05-26',
    );
    expect(await signRpcHmacSha1('GET', params, 'testsecret')).toBe('9NaGiOspFP5UPcwX8Iwt2YJXXuk=');
  });

  it('reproduces the DescribeRegions XML signature, with its TimeStamp spelled with a capital S', async () => {
    const params = describeRegionsXml;
    expect(rpcStringToSign('GET', params)).toContain('%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26');
    expect(await signRpcHmacSha1('GET', params, 'testsecret')).toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
  });

  it('leaves an existing Signature parameter out of the string-to-sign', async () => {
    const params = [...describeRegionsXml, ['Signature', 'CT9X0VtwR86fNWSnsc6v8YGOjuE=']] as const;
    expect(await signRpcHmacSha1('GET', params, 'testsecret')).toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
  });

  it('signs the HTTP method: the same params under POST give another signature', async () => {
    const params = describeRegionsXml;
    expect(rpcStringToSign('POST', params)).toMatch(/^POST&%2F&/);
    expect(await signRpcHmacSha1('POST', params, 'testsecret')).not.toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
  });
});
