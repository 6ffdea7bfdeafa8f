import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createHmac } from 'node:crypto';
import {
  aliEncode,
  decodePairs,
  startLoopbackServer,
  verifyAcs3,
  verifyRpcV1,
  type LoopbackServer,
} from './loopback-server.js';

interface Vector {
  name: string;
  scheme: 'ACS3-HMAC-SHA256' | 'RPC-HMAC-SHA1' | 'ROA-HMAC-SHA1';
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
  request: { method: string; url: string; headers: Record<string, string>; body: string };
}

const vectorsDir = new URL('../fixtures/vectors/', import.meta.url);
const vectors: Vector[] = readdirSync(fileURLToPath(vectorsDir))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, vectorsDir), 'utf8')) as Vector);
const acs3Vectors = vectors.filter((v) => v.scheme === 'ACS3-HMAC-SHA256');
const rpcVectors = vectors.filter((v) => v.scheme === 'RPC-HMAC-SHA1');

function vector(name: string): Vector {
  const found = vectors.find((v) => v.name === name);
  if (!found) throw new Error(`vector ${name} not found`);
  return found;
}

/** The RPC params of a captured request: its query, and its form body if it has one. */
function rpcParams(v: Vector): Record<string, string> {
  const query = v.request.url.includes('?') ? v.request.url.slice(v.request.url.indexOf('?') + 1) : '';
  const pairs = decodePairs(query);
  if ((v.request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    pairs.push(...decodePairs(v.request.body));
  }
  return Object.fromEntries(pairs);
}

function replace(url: string, from: string, to: string): string {
  if (!url.includes(from)) throw new Error(`${from} is not in ${url}`);
  return url.replace(from, to);
}

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

interface Received {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

/**
 * Sends a request with `node:http`, which (unlike fetch) lets us send the captured `host` header, so that
 * an ACS3 capture verifies on a server listening on another port.
 */
function send(server: LoopbackServer, req: Sent): Promise<Received> {
  const { connection: _connection, 'content-length': _length, ...headers } = req.headers;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      `${server.url}${req.url}`,
      {
        method: req.method,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(req.body)) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

const replay = (server: LoopbackServer, v: Vector, change: Partial<Sent> = {}): Promise<Received> =>
  send(server, { ...v.request, ...change });

/** A pop-core GET capture: everything is in the query and the host is not signed, so fetch can replay it. */
const fetchable = vector('popcore-rpcv1-get-DescribeInstances');
const fetchVector = (server: LoopbackServer, init: RequestInit = {}): Promise<Response> =>
  fetch(`${server.url}${fetchable.request.url}`, init);

describe('the pure verifiers', () => {
  it('found captured ACS3 and RPC requests to check', () => {
    expect(acs3Vectors.length).toBeGreaterThanOrEqual(7);
    expect(rpcVectors.length).toBeGreaterThanOrEqual(7);
  });

  it.each(acs3Vectors.map((v) => [v.name, v] as const))(
    'accepts the captured ACS3 request %s',
    (_name, v) => {
      expect(verifyAcs3(v.request, v.credentials.accessKeySecret)).toEqual({ valid: true });
    },
  );

  it.each(rpcVectors.map((v) => [v.name, v] as const))('accepts the captured RPC request %s', (_name, v) => {
    expect(verifyRpcV1(v.request.method, rpcParams(v), v.credentials.accessKeySecret)).toEqual({
      valid: true,
    });
  });

  it('accepts the published ACS3 example', () => {
    const headers = {
      host: 'ecs.cn-shanghai.aliyuncs.com',
      'x-acs-action': 'RunInstances',
      'x-acs-version': '2014-05-26',
      'x-acs-date': '2023-10-26T10:22:32Z',
      'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
      'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      authorization:
        'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;' +
        'x-acs-date;x-acs-signature-nonce;x-acs-version,' +
        'Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    };
    const url = '/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai';
    expect(verifyAcs3({ method: 'POST', url, headers, body: '' }, 'YourAccessKeySecret')).toEqual({
      valid: true,
    });
  });

  it('accepts the published RPC HMAC-SHA1 example', () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeDedicatedHosts',
      Format: 'JSON',
      RegionId: 'cn-beijing',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: 'edb2b34af0af9a6d14deaf7c1a5315eb',
      SignatureVersion: '1.0',
      Timestamp: '2023-03-13T08:34:30Z',
      Version: '2014-05-26',
      Signature: '9NaGiOspFP5UPcwX8Iwt2YJXXuk=',
    };
    expect(verifyRpcV1('GET', params, 'testsecret')).toEqual({ valid: true });
  });

  it("encodes like Alibaba: space as %20, * ! ' ( ) encoded, ~ literal, UTF-8 bytes", () => {
    expect(aliEncode("a b*!'()~-_.中/+=")).toBe('a%20b%2A%21%27%28%29~-_.%E4%B8%AD%2F%2B%3D');
  });

  describe('reject a tampered ACS3 request', () => {
    const v = vector('ecs-acs3-DescribeInstances-sts');
    const secret = v.credentials.accessKeySecret;

    it('when a query value changed', () => {
      const url = replace(v.request.url, 'PageSize=10', 'PageSize=11');
      expect(verifyAcs3({ ...v.request, url }, secret)).toEqual({
        valid: false,
        reason: 'signature mismatch',
      });
    });

    it('when a query parameter was added', () => {
      const url = `${v.request.url}&DryRun=true`;
      expect(verifyAcs3({ ...v.request, url }, secret).valid).toBe(false);
    });

    it('when a signed header changed, including the host port', () => {
      const token = { ...v.request.headers, 'x-acs-security-token': 'another-token' };
      expect(verifyAcs3({ ...v.request, headers: token }, secret).valid).toBe(false);
      const host = { ...v.request.headers, host: '127.0.0.1:38240' };
      expect(verifyAcs3({ ...v.request, headers: host }, secret).valid).toBe(false);
    });

    it('when the method changed', () => {
      expect(verifyAcs3({ ...v.request, method: 'GET' }, secret).valid).toBe(false);
    });

    it('when the body does not match x-acs-content-sha256', () => {
      expect(verifyAcs3({ ...v.request, body: 'x' }, secret)).toEqual({
        valid: false,
        reason: 'x-acs-content-sha256 does not match the body',
      });
    });

    it('when the secret is wrong', () => {
      expect(verifyAcs3(v.request, 'othersecret').valid).toBe(false);
    });

    it('when a mandatory header or the security token is left out of SignedHeaders', () => {
      const authorization = v.request.headers.authorization ?? '';
      for (const name of ['x-acs-date', 'x-acs-security-token', 'host']) {
        const headers = { ...v.request.headers, authorization: replace(authorization, `${name};`, '') };
        expect(verifyAcs3({ ...v.request, headers }, secret)).toEqual({
          valid: false,
          reason: `headers not signed: ${name}`,
        });
      }
    });

    it('when a signed header is missing from the request', () => {
      const { 'x-acs-credentials-provider': _gone, ...headers } = v.request.headers;
      expect(verifyAcs3({ ...v.request, headers }, secret)).toEqual({
        valid: false,
        reason: 'signed header x-acs-credentials-provider is missing',
      });
    });
  });

  it('re-encodes the decoded query, so an ACS3 query sent with * or %2A verifies the same', () => {
    const v = vector('openapiclient-acs3-ROA-GET-clusters');
    expect(v.request.url).toContain('cluster*');
    const url = replace(v.request.url, 'cluster*', 'cluster%2A');
    expect(verifyAcs3({ ...v.request, url }, v.credentials.accessKeySecret)).toEqual({ valid: true });
  });

  describe('reject a tampered RPC request', () => {
    const v = vector('popcore-rpcv1-get-DescribeRegions-sts');
    const params = rpcParams(v);
    const secret = v.credentials.accessKeySecret;

    it('when a parameter changed, was added or was removed', () => {
      expect(verifyRpcV1('GET', { ...params, AcceptLanguage: 'zh-CN' }, secret).valid).toBe(false);
      expect(verifyRpcV1('GET', { ...params, DryRun: 'true' }, secret).valid).toBe(false);
      const { SecurityToken: _token, ...withoutToken } = params;
      expect(verifyRpcV1('GET', withoutToken, secret).valid).toBe(false);
    });

    it('when the method changed', () => {
      expect(verifyRpcV1('POST', params, secret)).toEqual({ valid: false, reason: 'signature mismatch' });
    });

    it('when the key is the secret without the trailing &', () => {
      const { Signature: _sig, ...rest } = params;
      const canonical = Object.keys(rest)
        .sort()
        .map((k) => `${aliEncode(k)}=${aliEncode(rest[k] ?? '')}`)
        .join('&');
      const wrong = createHmac('sha1', secret)
        .update(`GET&%2F&${aliEncode(canonical)}`)
        .digest('base64');
      expect(verifyRpcV1('GET', { ...rest, Signature: wrong }, secret).valid).toBe(false);
    });

    it('when the signature or SignatureMethod is missing or wrong', () => {
      const { Signature: _sig, ...unsigned } = params;
      expect(verifyRpcV1('GET', unsigned, secret)).toEqual({ valid: false, reason: 'missing Signature' });
      expect(verifyRpcV1('GET', { ...params, SignatureMethod: 'HMAC-SHA256' }, secret).valid).toBe(false);
    });
  });
});

describe('the loopback server', () => {
  let server: LoopbackServer;

  beforeEach(async () => {
    server = await startLoopbackServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('listens on 127.0.0.1 with an ephemeral port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toBe('http://127.0.0.1:0');
  });

  it.each([...acs3Vectors, ...rpcVectors].map((v) => [v.name, v] as const))(
    'accepts and records the replayed capture %s',
    async (_name, v) => {
      const res = await replay(server, v);
      const action = v.request.headers['x-acs-action'];
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ RequestId: expect.any(String), Action: action, Params: expect.any(Object) });
      expect(res.headers['x-acs-request-id']).toBe(res.json.RequestId);
      expect(server.requests).toHaveLength(1);
      const recorded = server.requests[0];
      expect(recorded).toMatchObject({
        method: v.request.method,
        path: v.request.url.split('?')[0],
        url: v.request.url,
        body: v.request.body,
        action,
        scheme: v.scheme === 'ACS3-HMAC-SHA256' ? 'ACS3-HMAC-SHA256' : 'HMAC-SHA1',
        accessKeyId: 'testid',
        signatureValid: true,
      });
      expect(recorded?.signatureError).toBeUndefined();
      expect(recorded?.securityToken).toBe(v.credentials.securityToken);
      expect(recorded?.nonce).toMatch(/^[0-9a-f]{32,64}$/);
      expect(recorded?.headers.host).toBe('127.0.0.1:38239');
      if (v.scheme === 'RPC-HMAC-SHA1') expect(recorded?.params).toEqual(rpcParams(v));
      expect(res.json.Params).toEqual(recorded?.params);
    },
  );

  it('merges RPC params split between the query and the form body', async () => {
    const v = vector('popcore-rpcv1-post-DescribeInstances');
    const [regionId, signature] = [
      'RegionId=cn-hangzhou&',
      '&Signature=IQulifiKjo%2Bd306mdz%2BGsI2yR%2FU%3D',
    ];
    const body = replace(replace(v.request.body, regionId, ''), signature, '');
    const url = `/?${regionId}${signature.slice(1)}`;
    const res = await replay(server, v, { url, body });
    expect(res.status).toBe(200);
    expect(server.requests[0]?.params).toEqual(rpcParams(v));
  });

  it('answers a tampered request with SignatureDoesNotMatch and no string-to-sign, skipping queue and handler', async () => {
    let handled = 0;
    server.setHandler(() => {
      handled++;
      return { body: 'handled' };
    });
    server.reply({ status: 503, body: { Code: 'ServiceUnavailable' } });
    const acs3 = vector('ecs-acs3-DescribeInstances');
    const rpc = vector('popcore-rpcv1-post-DescribeInstances');
    const responses = [
      await replay(server, acs3, { url: replace(acs3.request.url, 'cn-hangzhou', 'cn-beijing') }),
      await replay(server, acs3, { body: '{}' }),
      await replay(server, rpc, { body: replace(rpc.request.body, 'PageSize=10', 'PageSize=100') }),
      await replay(server, rpc, { method: 'PUT' }),
    ];
    for (const res of responses) {
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        RequestId: expect.any(String),
        Code: 'SignatureDoesNotMatch',
        Message: 'Specified signature is not matched with our calculation.',
      });
      expect(res.headers['x-acs-request-id']).toBe(res.json.RequestId);
      expect(res.text).not.toMatch(/ACS3-HMAC-SHA256|%2F&|\\n/);
    }
    expect(server.requests.map((r) => r.signatureValid)).toEqual([false, false, false, false]);
    expect(server.requests[1]?.signatureError).toBe('x-acs-content-sha256 does not match the body');
    expect(handled).toBe(0);
    expect((await replay(server, rpc)).status).toBe(503);
  });

  it('answers an unknown AccessKeyId with 404 InvalidAccessKeyId.NotFound', async () => {
    await server.close();
    server = await startLoopbackServer({ accounts: { otherid: 'testsecret' } });
    for (const v of [vector('ecs-acs3-DescribeRegions'), vector('popcore-rpcv1-get-DescribeInstances')]) {
      const res = await replay(server, v);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ Code: 'InvalidAccessKeyId.NotFound', RequestId: expect.any(String) });
    }
    expect(server.requests.map((r) => [r.accessKeyId, r.signatureValid])).toEqual([
      ['testid', false],
      ['testid', false],
    ]);
  });

  it('answers a request without a signature with 400 IncompleteSignature', async () => {
    const res = await fetch(`${server.url}/?Action=DescribeRegions&RegionId=cn-hangzhou`);
    expect(res.status).toBe(400);
    expect(res.headers.get('x-acs-request-id')).toMatch(/^[0-9A-F-]{36}$/);
    expect(await res.json()).toMatchObject({ Code: 'IncompleteSignature' });
    expect(server.requests[0]).toMatchObject({
      scheme: 'none',
      action: 'DescribeRegions',
      params: { Action: 'DescribeRegions', RegionId: 'cn-hangzhou' },
      signatureValid: false,
    });
  });

  it('serves queued replies in order, then the handler with the request index', async () => {
    server.reply(
      {
        status: 400,
        headers: { 'x-acs-retry-after': '1' },
        body: { Code: 'Throttling.User', RequestId: 'R-1' },
      },
      { status: 200, body: 'raw text', headers: { 'content-type': 'text/xml' } },
    );
    server.setHandler((req, index) => ({ body: { index, action: req.action } }));
    const first = await fetchVector(server);
    expect(first.status).toBe(400);
    expect(first.headers.get('x-acs-retry-after')).toBe('1');
    expect(first.headers.get('x-acs-request-id')).toBe('R-1');
    expect(await first.json()).toEqual({ Code: 'Throttling.User', RequestId: 'R-1' });
    const second = await fetchVector(server);
    expect(second.headers.get('content-type')).toBe('text/xml');
    expect(await second.text()).toBe('raw text');
    const third = await fetchVector(server);
    expect(third.headers.get('x-acs-request-id')).toMatch(/^[0-9A-F-]{36}$/);
    expect(await third.json()).toEqual({ index: 2, action: 'DescribeInstances' });
  });

  it('accepts the handler as an option and turns its failure into a 500 InternalError', async () => {
    await server.close();
    server = await startLoopbackServer({
      handler: () => Promise.reject(new Error('boom')),
    });
    const res = await fetchVector(server);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ Code: 'InternalError', Message: 'Error: boom' });
  });

  it('waits for requests through events, resolving at once when they have already arrived', async () => {
    const arrived = server.waitForRequests(2);
    let resolved = false;
    void arrived.then(() => (resolved = true));
    await (await fetchVector(server)).text();
    expect(resolved).toBe(false);
    await (await fetchVector(server)).text();
    await arrived;
    await server.waitForRequests(1);
    expect(server.requests).toHaveLength(2);
  });

  it('delays a reply and counts it in flight meanwhile', async () => {
    server.reply({ delayMs: 150 });
    const started = Date.now();
    const pending = fetchVector(server);
    await server.waitForRequests(1);
    expect(server.inFlight).toBe(1);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await res.text();
    expect(server.inFlight).toBe(0);
    expect(server.aborted).toBe(0);
  });

  it('tracks the peak number of requests in flight', async () => {
    server.setHandler(() => ({ delayMs: 100 }));
    const responses = await Promise.all([fetchVector(server), fetchVector(server), fetchVector(server)]);
    await Promise.all(responses.map((r) => r.text()));
    expect(server.peakInFlight).toBe(3);
    expect(server.inFlight).toBe(0);
  });

  it('resets the socket without answering, which is not counted as a client abort', async () => {
    server.reply({ reset: true });
    await expect(fetchVector(server)).rejects.toThrow('fetch failed');
    expect(server.requests).toHaveLength(1);
    expect(server.aborted).toBe(0);
    expect(server.inFlight).toBe(0);
    expect((await fetchVector(server)).status).toBe(200);
  });

  it('drips the body one byte at a time after sending the headers', async () => {
    const body = { RequestId: 'drip', Pad: 'x' };
    const text = JSON.stringify(body);
    server.reply({ body, dripMs: 10 });
    const started = Date.now();
    const res = await fetchVector(server);
    const headersAt = Date.now();
    expect(res.headers.get('content-length')).toBe(String(text.length));
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(text);
    expect(chunks.length).toBeGreaterThan(1);
    expect(headersAt - started).toBeLessThan(Date.now() - headersAt);
    expect(Date.now() - started).toBeGreaterThanOrEqual(text.length * 10 - 20);
  });

  it('counts a client abort during a delay and clears the timer', async () => {
    server.reply({ delayMs: 60_000 });
    const controller = new AbortController();
    const pending = fetchVector(server, { signal: controller.signal });
    await server.waitForRequests(1);
    expect(server.inFlight).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await server.waitForAborted(1);
    expect(server.aborted).toBe(1);
    expect(server.inFlight).toBe(0);
  });

  it('counts a client abort in the middle of a dripped body', async () => {
    server.reply({ body: { Pad: 'x'.repeat(200) }, dripMs: 20 });
    const controller = new AbortController();
    const res = await fetchVector(server, { signal: controller.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    await server.waitForAborted(1);
    expect(server.aborted).toBe(1);
    expect(server.inFlight).toBe(0);
  });

  it('closes idle keep-alive connections and can be closed twice', async () => {
    await (await fetchVector(server)).text();
    await server.close();
    await server.close();
    await expect(fetchVector(server)).rejects.toThrow('fetch failed');
  });
});
