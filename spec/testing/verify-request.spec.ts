import fc from 'fast-check';
import { buildRpcRequest } from '../../src/call/build-rpc-request.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import { Config } from '../../src/config.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { StsTokenCredential } from '../../src/credentials/sts-token-credential.js';
import type { CredentialProvider } from '../../src/credentials/credential.js';
import { ServerError } from '../../src/errors/server-error.js';
import { verifyRequest } from '../../src/testing/verify-request.js';
import {
  acs3CanonicalRequest,
  acs3Signature,
  acs3StringToSign,
  EMPTY_BODY_SHA256,
} from '../../src/signing/acs3.js';
import { signedHeaderNames } from '../../src/signing/canonical-request.js';
import { serveFetch, type ServedFetch } from '../../src/testing/server.js';
import { loadVectors } from '../helpers/vectors.js';

const accounts = { testid: 'testsecret' };
const TOKEN = 'test-sts-token/with+special=chars';
const signed = loadVectors().filter((v) => v.scheme !== 'ROA-HMAC-SHA1');

describe('verifyRequest', () => {
  it.each(signed.map((v) => [v.name, v] as const))(
    'accepts the captured request %s',
    async (_name, vector) => {
      const { method, url, headers, body } = vector.request;
      const request = new Request(`http://${headers.host}${url}`, {
        method,
        headers: Object.entries(headers).filter(
          ([k]) => k !== 'host' && k !== 'content-length' && k !== 'connection',
        ),
        body: method === 'GET' || body === '' ? undefined : body,
      });
      const result = await verifyRequest(request, accounts);
      expect(result).toMatchObject({ ok: true, accessKeyId: 'testid' });
      if (vector.credentials.securityToken)
        expect(result).toMatchObject({ securityToken: vector.credentials.securityToken });
    },
  );

  it('rejects a tampered captured request with SignatureDoesNotMatch and an unknown key with InvalidAccessKeyId.NotFound', async () => {
    const vector = signed.find((v) => v.scheme === 'ACS3-HMAC-SHA256')!;
    const { method, url, headers } = vector.request;
    const init = {
      method,
      headers: Object.entries(headers).filter(
        ([k]) => k !== 'host' && k !== 'content-length' && k !== 'connection',
      ),
    };
    const tampered = await verifyRequest(new Request(`http://${headers.host}${url}&Extra=1`, init), accounts);
    expect(tampered).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch', status: 400 });
    const unknown = await verifyRequest(new Request(`http://${headers.host}${url}`, init), {
      someoneelse: 'x',
    });
    expect(unknown).toMatchObject({ ok: false, code: 'InvalidAccessKeyId.NotFound', status: 404 });
  });
});

describe('verifyRequest: what must be signed', () => {
  it('refuses an ACS3 request whose SignedHeaders leave out the date, nonce and action', async () => {
    const headers = {
      'x-acs-action': 'DescribeRegions',
      'x-acs-version': '2014-05-26',
      'x-acs-date': '2026-11-26T12:00:00Z',
      'x-acs-signature-nonce': 'n-1',
      'x-acs-content-sha256': EMPTY_BODY_SHA256,
    };
    const input = {
      method: 'POST',
      host: 'ecs.example',
      path: '/',
      query: [],
      headers,
      contentSha256: EMPTY_BODY_SHA256,
    };
    const signature = await acs3Signature(
      await acs3StringToSign(acs3CanonicalRequest(input, ['host'])),
      'testsecret',
    );
    const authorization = `ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host,Signature=${signature}`;
    const result = await verifyRequest(
      new Request('http://ecs.example/', { method: 'POST', headers: { ...headers, authorization } }),
      accounts,
    );
    expect(result).toMatchObject({ ok: false, code: 'IncompleteSignature' });
    expect(result.ok ? '' : result.message).toContain('x-acs-date');
  });
});

describe('verifyRequest and the signers: one canonical request', () => {
  const credential = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
  const text = fc.string({ unit: 'grapheme', maxLength: 12 });
  const params = fc.array(fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), text), {
    maxLength: 8,
  });

  it('accepts every ACS3 request the RPC request builder signs, and refuses it with one parameter added', async () => {
    await fc.assert(
      fc.asyncProperty(
        params,
        fc.constantFrom('POST' as const, 'GET' as const),
        fc.option(fc.constantFrom(TOKEN, ' padded token '), { nil: undefined }),
        async (pairs, method, securityToken) => {
          const signed = await buildRpcRequest({
            endpoint: 'http://127.0.0.1:8080',
            method,
            action: 'DescribeInstances',
            version: '2014-05-26',
            params: pairs,
            algorithm: 'ACS3-HMAC-SHA256',
            userAgent: 'alicloud-rx/test',
            credential: { ...credential, securityToken },
            date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
            nonce: '0123456789abcdef0123456789abcdef',
          });
          const init = { method, headers: signed.headers };
          const result = await verifyRequest(new Request(signed.url, init), accounts);
          expect(result).toMatchObject({ ok: true, params: Object.fromEntries(pairs) });
          const extra = `${signed.url}${signed.url.includes('?') ? '&' : '?'}Extra=1`;
          expect(await verifyRequest(new Request(extra, init), accounts)).toMatchObject({
            ok: false,
            code: 'SignatureDoesNotMatch',
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('signs a listed header the request lacks as empty, even one named like an Object.prototype member', async () => {
    const headers = {
      'x-acs-action': 'DescribeRegions',
      'x-acs-version': '2014-05-26',
      'x-acs-date': '2026-11-26T12:00:00Z',
      'x-acs-signature-nonce': 'n-2',
      'x-acs-content-sha256': EMPTY_BODY_SHA256,
    };
    const input = {
      method: 'POST',
      host: 'ecs.example',
      path: '/',
      query: [],
      headers,
      contentSha256: EMPTY_BODY_SHA256,
    };
    const list = ['constructor', ...signedHeaderNames(Object.keys(headers))];
    const signature = await acs3Signature(
      await acs3StringToSign(acs3CanonicalRequest(input, list)),
      'testsecret',
    );
    const authorization = `ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=${list.join(';')},Signature=${signature}`;
    const result = await verifyRequest(
      new Request('http://ecs.example/', { method: 'POST', headers: { ...headers, authorization } }),
      accounts,
    );
    expect(result).toMatchObject({ ok: true, action: 'DescribeRegions' });
  });
});

describe('serveFetch with verifyRequest, called by RpcClient over loopback', () => {
  let server: ServedFetch;
  const aborted: string[] = [];
  let release: (() => void) | undefined;
  let arrived: (() => void) | undefined;

  beforeAll(async () => {
    server = await serveFetch(async (request) => {
      const result = await verifyRequest(request, accounts);
      if (!result.ok)
        return Response.json(
          { Code: result.code, Message: result.message, RequestId: 'r-1' },
          { status: result.status },
        );
      if (result.action === 'Hang') {
        arrived?.();
        request.signal.addEventListener('abort', () => {
          aborted.push(result.action);
          release?.();
        });
        return new Promise<Response>(() => undefined);
      }
      return Response.json({
        RequestId: 'r-2',
        Scheme: result.scheme,
        Action: result.action,
        Token: result.securityToken ?? null,
      });
    });
  });
  afterAll(() => server.close());

  const client = (
    config: Config,
    credential: CredentialProvider = new AccessKeyCredential('testid', 'testsecret'),
  ) =>
    new RpcClient({
      product: 'ecs',
      version: '2014-05-26',
      regionId: 'cn-hangzhou',
      config: config.withEndpoint(server.url),
      credential,
    });

  it.each(['ACS3-HMAC-SHA256', 'HMAC-SHA1'] as const)(
    'verifies %s requests, with an STS token too',
    async (algorithm) => {
      const config = new Config().withSignatureAlgorithm(algorithm);
      await expect(
        client(config).request('DescribeRegions', { AcceptLanguage: 'en-US' }),
      ).resolves.toMatchObject({
        Scheme: algorithm,
        Action: 'DescribeRegions',
      });
      const sts = client(config, new StsTokenCredential('testid', 'testsecret', TOKEN));
      await expect(sts.request('DescribeRegions', {}, { method: 'GET' })).resolves.toMatchObject({
        Token: TOKEN,
      });
    },
  );

  it('gives SignatureDoesNotMatch for a wrong secret, with the server string-to-sign but never the token', async () => {
    const wrong = client(
      new Config().withSignatureAlgorithm('HMAC-SHA1'),
      new StsTokenCredential('testid', 'wrong', TOKEN),
    );
    const error = (await wrong.request('DescribeRegions', {}).catch((e: unknown) => e)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.message).toContain('server string to sign is:POST&%2F&');
    expect(error.message).not.toContain(encodeURIComponent(encodeURIComponent(TOKEN)));
    expect(error.message).not.toContain('test-sts-token');
  });

  it('aborts the served request when the caller unsubscribes', async () => {
    const gone = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const subscription = client(new Config()).request$('Hang', {}).subscribe();
    await reached;
    subscription.unsubscribe();
    await gone;
    expect(aborted).toEqual(['Hang']);
  });
});
