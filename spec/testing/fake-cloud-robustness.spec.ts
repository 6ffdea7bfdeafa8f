// Bad input sent straight at the fake cloud's server, and a bounded load test: every answer is the
// service's JSON error shape, and the server keeps serving.
import { Agent, request } from 'node:http';
import { startFakeCloud, type RunningFakeCloud } from '../../src/testing/server.js';
import { hmacSha1Encoded, signAcs3Call, signedAcs3, type SignedCall } from './fake-cloud-helpers.js';

let fake: RunningFakeCloud;
beforeAll(async () => {
  fake = await startFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: 20 });
});
afterAll(() => fake.close());
beforeEach(() => fake.cloud.resetStats());

/** Checks the service's error shape and returns the body. */
async function serviceError(response: Response, status: number, code: string) {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ Code: code, Message: expect.any(String), RequestId: expect.any(String) });
  expect({ status: response.status, code: body.Code }).toEqual({ status, code });
  expect(response.headers.get('x-acs-request-id')).toBe(body.RequestId);
  return body as { Code: string; Message: string; RequestId: string };
}

/** A good signed call still succeeds: the server survived. */
async function stillServes(url = fake.url): Promise<void> {
  const response = await fetch(await signedAcs3(url, { action: 'DescribeRegions' }));
  expect(response.status).toBe(200);
  await expect(response.json()).resolves.toHaveProperty('Regions.Region');
}

describe('the fake cloud given bad input over loopback', () => {
  it.each([
    ['a query value', '/?Action=DescribeRegions&AccessKeyId=testid&Signature=x&Bad=%E0%A4%A'],
    ['a query name', '/?Action=DescribeRegions&%ZZ=1'],
    ['a lone percent sign', '/?Action=DescribeRegions&Bad=%'],
  ])('refuses malformed percent-encoding in %s with IncompleteSignature', async (_where, path) => {
    await serviceError(await fetch(`${fake.url}${path}`), 400, 'IncompleteSignature');
    expect(fake.cloud.stats.requests).toBe(1);
    await stillServes();
  });

  it('refuses malformed percent-encoding in a form body and after a valid ACS3 signature', async () => {
    const form = await fetch(`${fake.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeRegions&AccessKeyId=testid&Signature=x&Bad=%G0',
    });
    await serviceError(form, 400, 'IncompleteSignature');
    const signed = await signedAcs3(fake.url, { action: 'DescribeRegions' });
    const spoiled = new Request(`${signed.url}?Bad=%E0%A4%A`, { method: 'POST', headers: signed.headers });
    await serviceError(await fetch(spoiled), 400, 'IncompleteSignature');
    await stillServes();
  });

  it('refuses a request without any signature with IncompleteSignature', async () => {
    await serviceError(await fetch(`${fake.url}/?Action=DescribeRegions`), 400, 'IncompleteSignature');
    const garbled = await fetch(`${fake.url}/`, {
      method: 'POST',
      headers: { authorization: 'ACS3-HMAC-SHA256 Credential=testid' },
    });
    await serviceError(garbled, 400, 'IncompleteSignature');
    await stillServes();
  });

  it('refuses a body over the 1 MiB default with 413 RequestEntityTooLarge', async () => {
    const response = await fetch(`${fake.url}/`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    const body = await serviceError(response, 413, 'RequestEntityTooLarge');
    expect(body.Message).toContain('1048576 bytes');
    expect(fake.cloud.stats.requests).toBe(1);
    await stillServes();
  });

  it('refuses a body over a small maxBodyBytes with 413 before reading it all', async () => {
    const small = await startFakeCloud({
      regions: ['cn-hangzhou'],
      instancesPerRegion: 1,
      maxBodyBytes: 1024,
    });
    try {
      for (const size of [1025, 4 * 1024 * 1024]) {
        const response = await fetch(`${small.url}/`, { method: 'POST', body: 'x'.repeat(size) });
        const body = await serviceError(response, 413, 'RequestEntityTooLarge');
        expect(body.Message).toContain('1024 bytes');
      }
      await stillServes(small.url);
    } finally {
      await small.close();
    }
  });

  it.each([
    ['text that is not JSON', 'RegionId=cn-hangzhou'],
    ['a JSON array', '["cn-hangzhou"]'],
    ['a JSON string', '"cn-hangzhou"'],
  ])('answers a signed application/json body holding %s with InvalidParameter', async (_what, text) => {
    const request = await signedAcs3(fake.url, {
      action: 'DescribeInstances',
      body: text,
      contentType: 'application/json',
    });
    const body = await serviceError(await fetch(request), 400, 'InvalidParameter');
    expect(body.Message).toContain('"body"');
    await stillServes();
  });

  it('reads parameters from a signed JSON object body', async () => {
    const request = await signedAcs3(fake.url, {
      action: 'DescribeInstances',
      body: JSON.stringify({ RegionId: 'cn-hangzhou', MaxResults: 5 }),
      contentType: 'application/json',
    });
    const response = await fetch(request);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { TotalCount: number; Instances: { Instance: unknown[] } };
    expect(body.TotalCount).toBe(20);
    expect(body.Instances.Instance).toHaveLength(5);
  });

  it('refuses a body changed after signing with SignatureDoesNotMatch', async () => {
    const signed = await signedAcs3(fake.url, {
      action: 'DescribeInstances',
      body: '{"RegionId":"cn-hangzhou"}',
      contentType: 'application/json',
    });
    const changed = new Request(signed.url, {
      method: 'POST',
      headers: signed.headers,
      body: '{"RegionId":"cn-shanghai"}',
    });
    await serviceError(await fetch(changed), 400, 'SignatureDoesNotMatch');
    await stillServes();
  });

  it('takes no parameter from a JSON body that an HMAC-SHA1 signature does not cover', async () => {
    const query = await hmacSha1Encoded([
      ['Action', 'DescribeInstances'],
      ['RegionId', 'cn-hangzhou'],
    ]);
    const response = await fetch(`${fake.url}/?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ RegionId: 'cn-shanghai', MaxResults: 1 }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { Instances: { Instance: { RegionId: string }[] } };
    expect(new Set(body.Instances.Instance.map((i) => i.RegionId))).toEqual(new Set(['cn-hangzhou']));
    expect(body.Instances.Instance).toHaveLength(10);
  });

  it('refuses an API version it does not serve with InvalidVersion', async () => {
    const request = await signedAcs3(fake.url, { action: 'DescribeRegions', version: '2099-01-01' });
    const body = await serviceError(await fetch(request), 400, 'InvalidVersion');
    expect(body.Message).toContain('2099-01-01');
    await stillServes();
  });

  it('refuses an action ECS does not have with InvalidAction.NotFound', async () => {
    const request = await signedAcs3(fake.url, { action: 'LaunchRockets' });
    const body = await serviceError(await fetch(request), 404, 'InvalidAction.NotFound');
    expect(body.Message).toContain('LaunchRockets');
    expect(fake.cloud.stats.byAction.LaunchRockets).toEqual({ 'InvalidAction.NotFound': 1 });
    await stillServes();
  });

  it('refuses DescribeInstances without RegionId with MissingParameter naming it', async () => {
    const request = await signedAcs3(fake.url, {
      action: 'DescribeInstances',
      query: [['MaxResults', '10']],
    });
    const body = await serviceError(await fetch(request), 400, 'MissingParameter');
    expect(body.Message).toContain('"RegionId"');
    await stillServes();
  });
});

describe('the fake cloud under load', () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 200 });
  afterAll(() => agent.destroy());

  /** POSTs a signed call over the shared keep-alive agent (lighter than fetch, so the server is what is loaded). */
  const send = (call: SignedCall) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(call.url, { method: 'POST', headers: call.headers, agent }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(call.body);
    });

  it('serves 10,000 signed calls from 200 concurrent clients, never more than 200 at once', async () => {
    // 1 ms per answer, as a real service takes time: with zero latency and synchronous signature
    // checks (node:crypto) each request is served whole in the task that read it, so requests never
    // overlap and "many at once" could not be observed.
    fake.cloud.faults = { latencyMs: 1 };
    let ok = 0;
    // Each client signs every call afresh (new date and nonce) with our own ACS3 signer.
    const client = async () => {
      for (let i = 0; i < 50; i++) {
        const { status, text } = await send(await signAcs3Call(fake.url, { action: 'DescribeRegions' }));
        if (status === 200 && text.includes('"Regions"')) ok++;
      }
    };
    await Promise.all(Array.from({ length: 200 }, client));
    expect(ok).toBe(10_000);
    const { requests, peakInFlight, inFlight, byAction } = fake.cloud.stats;
    expect({ requests, inFlight }).toEqual({ requests: 10_000, inFlight: 0 });
    expect(peakInFlight).toBeGreaterThanOrEqual(20); // many at once, not one after another
    expect(peakInFlight).toBeLessThanOrEqual(200);
    expect(byAction).toEqual({ DescribeRegions: { OK: 10_000 } });
    fake.cloud.faults = {};
  }, 90_000); // ~7 s on 2 cores, but --detectOpenHandles traces every promise: ~6x slower
});
