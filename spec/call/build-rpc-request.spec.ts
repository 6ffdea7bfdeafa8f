// The RPC request builder assembles the ACS3 canonical request itself (its headers are known), for
// speed: it must sign exactly what the generic `signAcs3` would for the request it sends.
import fc from 'fast-check';
import { buildRpcRequest } from '../../src/call/build-rpc-request.js';
import { signAcs3, type Acs3Request } from '../../src/signing/acs3.js';

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const params = fc.array(fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), text), {
  maxLength: 8,
});

function decodeQuery(url: string): [string, string][] {
  const search = new URL(url).search.slice(1);
  if (search === '') return [];
  return search.split('&').map((pair) => {
    const [k = '', v = ''] = pair.split('=');
    return [decodeURIComponent(k), decodeURIComponent(v)];
  });
}

describe('buildRpcRequest with ACS3-HMAC-SHA256', () => {
  it('signs what signAcs3 signs, and sends the parameters in their given order', async () => {
    await fc.assert(
      fc.asyncProperty(
        params,
        fc.constantFrom('POST' as const, 'GET' as const),
        fc.option(fc.constantFrom('test-sts-token/with+special=chars', ' padded token '), { nil: undefined }),
        fc.constantFrom('http://127.0.0.1:8080', 'https://ecs.cn-hangzhou.aliyuncs.com', 'http://[::1]:9/'),
        async (pairs, method, securityToken, endpoint) => {
          const credential = { accessKeyId: 'testid', accessKeySecret: 'testsecret', securityToken };
          const request = await buildRpcRequest({
            endpoint,
            method,
            action: 'DescribeInstances',
            version: '2014-05-26',
            params: pairs,
            algorithm: 'ACS3-HMAC-SHA256',
            userAgent: 'alicloud-rx/test',
            credential,
            date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
            nonce: '0123456789abcdef0123456789abcdef',
          });
          const query = decodeQuery(request.url);
          expect(query).toEqual(pairs.map(([k, v]) => [k, v]));
          expect(request.headers['x-acs-date']).toBe('2026-01-02T03:04:05Z');
          const generic: Acs3Request = {
            method,
            host: new URL(endpoint).host,
            path: '/',
            query,
            headers: request.headers,
            contentSha256: request.headers['x-acs-content-sha256']!,
          };
          expect(request.headers.authorization).toBe(await signAcs3(generic, credential));
          expect(request.headers.authorization).toContain(`Signature=${request.signature}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
