// RoaClient over real loopback HTTP: ROA requests signed with ACS3 (the path as canonical URI,
// the body hashed), checked by two independent verifiers (the spec server's and the fake cloud's
// verifyRequest); ROA error bodies map to the same error classes; bad requests send nothing.
import { RoaClient, type RoaRequest } from '../../src/clients/roa-client.js';
import type { CredentialProvider } from '../../src/credentials/credential.js';
import { ClientError } from '../../src/errors/client-error.js';
import { ServerError } from '../../src/errors/server-error.js';
import { nodeCryptoBackend } from '../../src/signing/node-crypto-backend.js';
import { setHashBackend, webCryptoBackend } from '../../src/signing/web-crypto.js';
import { serveFetch } from '../../src/testing/server.js';
import { verifyRequest } from '../../src/testing/verify-request.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { accessKey, ok, rejectionOf, stsToken, wireConfig } from './wire.js';

const CLUSTER = 'c 1/ä'; // a space, a slash and a non-ASCII letter: all percent-encoded in the path

describe('RoaClient (real loopback HTTP, ACS3 for ROA)', () => {
  let server: LoopbackServer;
  const clients: RoaClient[] = [];
  beforeEach(async () => (server = await startLoopbackServer()));
  afterEach(async () => {
    await server.close();
    await Promise.all(clients.splice(0).map((c) => c.shutdown()));
  });
  const roa = (credential: CredentialProvider = accessKey(), config = wireConfig(server.url)) => {
    const client = new RoaClient({
      product: 'cs',
      version: '2015-12-15',
      regionId: 'cn-hangzhou',
      config,
      credential,
    });
    clients.push(client);
    return client;
  };

  it('GET: fills and encodes the path parameters, sends the query, signs (valid for an independent verifier)', async () => {
    server.reply(ok({ cluster_id: 'c-1' }));
    const answer = await roa().request('DescribeClusterNodePools', {
      method: 'GET',
      pathname: '/clusters/[ClusterId]/nodepools',
      pathParams: { ClusterId: CLUSTER },
      query: { page_size: 10, Tag: [{ Key: 'a b', Value: '*' }] },
    });
    expect(answer).toMatchObject({ cluster_id: 'c-1' });
    const [sent] = server.requests;
    expect(sent!.method).toBe('GET');
    expect(sent!.path).toBe(`/clusters/${encodeURIComponent(CLUSTER)}/nodepools`);
    expect(Object.fromEntries(new URL(sent!.url, server.url).searchParams)).toEqual({
      page_size: '10',
      'Tag.1.Key': 'a b',
      'Tag.1.Value': '*',
    });
    expect(sent!.headers).toMatchObject({
      'x-acs-action': 'DescribeClusterNodePools',
      'x-acs-version': '2015-12-15',
    });
    expect(sent).toMatchObject({ scheme: 'ACS3-HMAC-SHA256', accessKeyId: 'testid', signatureValid: true });
    expect(sent!.body).toBe('');
  });

  it('POST JSON and PUT form bodies: the content type and the body hash are signed, with an STS token too', async () => {
    server.reply(ok(), ok());
    const client = roa(stsToken());
    await client.request('CreateCluster', {
      method: 'POST',
      pathname: '/clusters',
      body: { name: 'k8s', tags: [{ key: 'env', value: 'prod' }], ünïcode: '✓' },
    });
    await client.request('ModifyThing', {
      method: 'PUT',
      pathname: '/things/1',
      body: { Name: 'a&b', Size: 2 },
      bodyType: 'form',
    });
    const [json, form] = server.requests;
    expect(json!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(json!.body)).toEqual({
      name: 'k8s',
      tags: [{ key: 'env', value: 'prod' }],
      ünïcode: '✓',
    });
    expect(form!.method).toBe('PUT');
    expect(form!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(form!.body))).toEqual({ Name: 'a&b', Size: '2' });
    for (const sent of [json!, form!]) {
      expect(sent).toMatchObject({ signatureValid: true, securityToken: expect.any(String) });
      expect(sent.headers.authorization).toContain('content-type');
    }
  });

  it("is accepted by the fake cloud's verifyRequest, signed on Web Crypto and on node:crypto", async () => {
    const verdicts: unknown[] = [];
    const served = await serveFetch(async (request) => {
      const verdict = await verifyRequest(request, { testid: 'testsecret' });
      verdicts.push(verdict);
      return Response.json({ RequestId: 'R' });
    });
    try {
      const request: RoaRequest = {
        method: 'DELETE',
        pathname: '/clusters/[ClusterId]',
        pathParams: { ClusterId: CLUSTER },
        query: { retain_resources: 'sg-1' },
      };
      await roa(accessKey(), wireConfig(served.url)).request('DeleteCluster', request);
      setHashBackend(nodeCryptoBackend);
      try {
        await roa(accessKey(), wireConfig(served.url)).request('DeleteCluster', {
          ...request,
          body: { x: 1 },
        });
      } finally {
        setHashBackend(webCryptoBackend);
      }
      expect(verdicts).toEqual([
        expect.objectContaining({ ok: true, scheme: 'ACS3-HMAC-SHA256', action: 'DeleteCluster' }),
        expect.objectContaining({ ok: true, scheme: 'ACS3-HMAC-SHA256', action: 'DeleteCluster' }),
      ]);
    } finally {
      await served.close();
    }
  });

  it('maps a ROA error body (lower-case code, message, requestId) to ServerError, and retries throttling of a GET', async () => {
    server.reply(
      { status: 400, body: { code: 'Throttling.User', message: 'slow down', requestId: 'R-t' } },
      ok({ fine: true }),
      { status: 404, body: { code: 'ErrorClusterNotFound', message: 'no such cluster', requestId: 'R-404' } },
    );
    const client = roa();
    const get = {
      method: 'GET',
      pathname: '/clusters/[ClusterId]',
      pathParams: { ClusterId: 'c-1' },
    } as const;
    expect(await client.request('DescribeClusterDetail', get)).toMatchObject({ fine: true });
    expect(server.requests).toHaveLength(2);
    const error = await rejectionOf(client.request('DescribeClusterDetail', get));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      code: 'ErrorClusterNotFound',
      statusCode: 404,
      requestId: 'R-404',
      action: 'DescribeClusterDetail',
    });
  });

  it('does not retry a failed POST without ClientToken (it may have run), but does with one', async () => {
    server.reply(
      { status: 503, body: { code: 'ServiceUnavailable', message: 'busy', requestId: 'R-1' } },
      { status: 503, body: { code: 'ServiceUnavailable', message: 'busy', requestId: 'R-2' } },
      ok(),
    );
    const client = roa();
    await expect(
      client.request('CreateCluster', { method: 'POST', pathname: '/clusters', body: { name: 'a' } }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
    await client.request('CreateCluster', {
      method: 'POST',
      pathname: '/clusters',
      body: { name: 'a', ClientToken: 't-1' },
    });
    expect(server.requests).toHaveLength(3);
  });

  it('returns a ROA answer that is a JSON array, and {} for an empty one (HEAD, 204)', async () => {
    server.reply({ status: 200, body: [{ cluster_id: 'c-1' }] }, { status: 200 }, { status: 204 });
    const client = roa();
    expect(await client.request('DescribeClusters', { method: 'GET', pathname: '/clusters' })).toEqual([
      { cluster_id: 'c-1' },
    ]);
    expect(await client.request('CheckCluster', { method: 'HEAD', pathname: '/clusters/c-1' })).toEqual({});
    expect(await client.request('DeleteThing', { method: 'DELETE', pathname: '/things/1' })).toEqual({});
  });

  it('has the four call forms, through the pool', async () => {
    server.reply(ok({ n: 1 }), ok({ n: 2 }), ok({ n: 3 }));
    const client = roa(accessKey(), wireConfig(server.url).withEnableAsync(true).withPoolSize(2));
    const request: RoaRequest = { method: 'GET', pathname: '/api/v1/clusters' };
    const [response, error] = client.requestWithChan('DescribeClustersV1', request);
    expect(await error).toBeUndefined();
    expect(await response).toMatchObject({ RequestId: 'REQ-OK' });
    let seen: unknown;
    expect(await client.requestWithCallback('DescribeClustersV1', request, (res) => (seen = res))).toBe(1);
    expect(seen).toMatchObject({ RequestId: 'REQ-OK' });
    const values: unknown[] = [];
    await new Promise<void>((resolve) =>
      client
        .request$('DescribeClustersV1', request)
        .subscribe({ next: (v) => values.push(v), complete: resolve }),
    );
    expect(values).toHaveLength(1);
  });

  it('refuses a bad request with a ClientError naming what is wrong, and sends nothing', async () => {
    const client = roa();
    const cases: [RoaRequest, string, RegExp][] = [
      [{ method: 'GET', pathname: '/clusters/[ClusterId]' }, 'SDK.MissingParam', /ClusterId is missing/],
      [{ method: 'FETCH' as never, pathname: '/x' }, 'SDK.InvalidParam', /method/],
      [{ method: 'GET', pathname: 'clusters' }, 'SDK.InvalidParam', /pathname/],
      [{ method: 'GET', pathname: '/x?y=1' }, 'SDK.InvalidParam', /pathname/],
      [
        { method: 'GET', pathname: '/x', headers: { Authorization: 'mine' } },
        'SDK.InvalidParam',
        /authorization is set by the SDK/,
      ],
      [
        { method: 'GET', pathname: '/x', headers: { 'x-acs-date': 'now' } },
        'SDK.InvalidParam',
        /x-acs-date is set by the SDK/,
      ],
      [
        { method: 'GET', pathname: '/x', headers: { 'x-trace': 'a\nb' } },
        'SDK.InvalidParam',
        /headers\.x-trace/,
      ],
      [{ method: 'POST', pathname: '/x', body: { n: 1n } }, 'SDK.InvalidParam', /Invalid body/],
      [
        { method: 'POST', pathname: '/x', body: {}, bodyType: 'xml' as never },
        'SDK.InvalidParam',
        /bodyType/,
      ],
    ];
    for (const [request, code, message] of cases) {
      const error = await rejectionOf(client.request('DoThing', request));
      expect(error).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({ code });
      expect(error.message).toMatch(message);
    }
    // A bad header value is refused without being shown: it may be a token.
    const secret = await rejectionOf(
      client.request('DoThing', {
        method: 'GET',
        pathname: '/x',
        headers: { 'x-acs-token': 'SUPERSECRET\n' },
      }),
    );
    expect(secret).toMatchObject({ code: 'SDK.InvalidParam' });
    expect(secret.message).toContain('headers.x-acs-token');
    expect(secret.message).not.toContain('SUPERSECRET');
    const badAction = await rejectionOf(client.request('Do-Thing', { method: 'GET', pathname: '/x' }));
    expect(badAction).toMatchObject({ code: 'SDK.InvalidParam' });
    expect(server.requests).toHaveLength(0);
  });
});
