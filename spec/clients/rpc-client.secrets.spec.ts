import { inspect } from 'node:util';
import { EcsClient } from '../../src/clients/ecs/ecs-client.js';
import { Config } from '../../src/config.js';
import { EnvironmentCredentialProvider } from '../../src/credentials/environment-credential-provider.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { StsTokenCredential } from '../../src/credentials/sts-token-credential.js';
import type { RpcClient } from '../../src/clients/rpc-client.js';
import { aliEncode, type RecordedRequest, type Reply } from '../helpers/loopback-server.js';
import { STS_TOKEN, accessKey, rejectionOf, signatureOf, stsToken, useWire } from './wire.js';

/** Every form a secret may take when a server echoes it: raw, percent-encoded once and twice. */
function forms(secret: string): string[] {
  return [secret, aliEncode(secret), aliEncode(aliEncode(secret)), encodeURIComponent(secret)];
}

/** What a careless service might say back: its string-to-sign, the token and the signature in every form. */
function echo(req: RecordedRequest): string {
  const { Signature: _signature, ...rest } = req.params;
  const canonical = Object.entries(rest)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${aliEncode(k)}=${aliEncode(v)}`)
    .join('&');
  const token = req.securityToken ?? '';
  const signature = signatureOf(req);
  return [
    `server string to sign is:${req.method}&%2F&${aliEncode(canonical)}`,
    `token ${forms(token).join(' ')}`,
    `signature ${forms(signature).join(' ')}`,
    `authorization ${req.headers.authorization ?? ''}`,
  ].join(' | ');
}

const echoingMismatch = (req: RecordedRequest): Reply => ({
  status: 400,
  body: { RequestId: 'R-sig', Code: 'SignatureDoesNotMatch', Message: echo(req) },
});

function expectNoSecret(errors: unknown[], secrets: string[]): void {
  for (const error of errors) {
    const views = {
      message: (error as Error).message,
      string: String(error),
      json: JSON.stringify(error),
      inspect: inspect(error, { depth: null }),
    };
    for (const [view, text] of Object.entries(views)) {
      for (const secret of secrets) {
        if (text.includes(secret))
          throw new Error(`${view} of ${String(error)} contains the secret ${secret}`);
      }
    }
  }
}

describe('RpcClient never lets a secret into an error', () => {
  const wire = useWire();

  it('keeps the secret, the STS token and every signature out of every error of a run of failures', async () => {
    const errors: unknown[] = [];
    const sha1 = (): RpcClient =>
      wire.client({ config: (c) => c.withSignatureAlgorithm('HMAC-SHA1'), credential: stsToken() });
    const collect = async (call: Promise<unknown>) => errors.push(await rejectionOf(call));

    // A signature mismatch whose message echoes the query, token and signature (POST form, GET query, ACS3).
    wire.server.setHandler(echoingMismatch);
    await collect(sha1().request('DescribeInstances', { RegionId: 'cn-hangzhou' }));
    await collect(sha1().request('DescribeInstances', {}, { method: 'GET' }));
    await collect(wire.client({ credential: stsToken() }).request('DescribeInstances', {}));

    // Throttled until retries run out, each answer echoing that attempt's secrets.
    wire.server.setHandler((req) => ({
      status: 400,
      body: { Code: 'Throttling.User', Message: echo(req) },
      headers: { 'x-acs-retry-after': '0.001' },
    }));
    await collect(sha1().request('DescribeInstances', {}, { method: 'GET', maxRetryTime: 1 }));

    // An unreadable page that echoes them.
    wire.server.setHandler((req) => ({ status: 502, body: `<html>${echo(req)}</html>` }));
    await collect(sha1().request('StopInstance', { InstanceId: 'i-1' }, { method: 'GET' }));

    // A network error and a timeout on a GET whose URL carries the token and the signature.
    wire.server.setHandler(() => ({ reset: true }));
    await collect(sha1().request('StopInstance', { InstanceId: 'i-1' }, { method: 'GET' }));
    wire.server.setHandler(() => ({ status: 200, body: {}, delayMs: 2000 }));
    await collect(sha1().request('StopInstance', {}, { method: 'GET', readTimeout: 50 }));

    // A transport that puts the signed URL in its error, as node-fetch does, at the top or one level down.
    const urls: string[] = [];
    const leakyFetch = (nested: boolean) => async (request: Request) => {
      urls.push(request.url);
      const reason = new Error(`request to ${request.url} failed, reason: socket hang up`);
      throw nested ? new TypeError('fetch failed', { cause: reason }) : reason;
    };
    for (const nested of [false, true]) {
      const client = wire.client({
        config: (c) => c.withSignatureAlgorithm('HMAC-SHA1').withFetch(leakyFetch(nested)),
        credential: stsToken(),
      });
      await collect(client.request('StopInstance', { InstanceId: 'i-1' }, { method: 'GET' }));
    }

    // Client-side refusals of bad credentials.
    const constructors = [
      () => new AccessKeyCredential('id', ''),
      () => new AccessKeyCredential('', 'testsecret'),
      () => new StsTokenCredential('testid', 'testsecret', ''),
      () => new StsTokenCredential('testid', '', STS_TOKEN),
      () => new StsTokenCredential('', 'testsecret', STS_TOKEN),
    ];
    for (const build of constructors) {
      try {
        build();
      } catch (error) {
        errors.push(error);
      }
    }
    const badProvider = {
      getCredential: async () => ({
        accessKeyId: 'testid',
        accessKeySecret: 'testsecret',
        securityToken: 42,
      }),
    };
    await collect(wire.client({ credential: badProvider as never }).request('DescribeInstances', {}));

    expect(errors).toHaveLength(15);
    expect(errors.slice(0, 3).map((e) => (e as { code: string }).code)).toEqual(
      Array(3).fill('SignatureDoesNotMatch'),
    );
    expect(errors.slice(3).map((e) => (e as { code: string }).code)).toEqual([
      'Throttling.User',
      'SDK.InvalidResponse',
      'SDK.NetworkError',
      'SDK.TimeoutError',
      'SDK.NetworkError',
      'SDK.NetworkError',
      ...Array(6).fill('SDK.InvalidParam'),
    ]);
    const fetched = urls.map((url) => new URL(url).searchParams.get('Signature') ?? '');
    const signatures = [...wire.server.requests.map(signatureOf), ...fetched];
    expect(signatures.length).toBeGreaterThanOrEqual(9);
    expect(fetched.every((s) => s.length > 0)).toBe(true);
    expectNoSecret(errors, ['testsecret', ...forms(STS_TOKEN), ...signatures.flatMap(forms)]);
  });

  it('still says what went wrong once the secrets are taken out', async () => {
    wire.server.setHandler(echoingMismatch);
    const client = wire.client({
      config: (c) => c.withSignatureAlgorithm('HMAC-SHA1'),
      credential: stsToken(),
    });

    const error = await rejectionOf(client.request('DescribeInstances', {}));

    expect(error.message).toContain('SignatureDoesNotMatch');
    expect(error.message).toContain('server string to sign is:POST&%2F&');
    expect(error.message).toContain('R-sig');
  });

  it.each([
    ['AccessKeyCredential', accessKey()],
    ['StsTokenCredential', stsToken()],
  ])('shows the id of an %s but never its secret or token', (_name, credential) => {
    const views = [String(credential), `${credential}`, JSON.stringify(credential), inspect(credential)];
    for (const view of views) {
      expect(view).toContain('testid');
      expect(view).not.toContain('testsecret');
      for (const form of forms(STS_TOKEN)) expect(view).not.toContain(form);
    }
    expect(Object.values(credential)).not.toContain('testsecret');
  });

  it('never shows the credential provider in a client: inspect and JSON of an RpcClient or EcsClient hold no secret', () => {
    // A user's provider that keeps its secret in a plain field, and the environment provider.
    const plain = { secret: 'testsecret', getCredential: () => accessKey().getCredential() };
    const env = new EnvironmentCredentialProvider({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'testid',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'testsecret',
    });
    for (const credential of [plain, env]) {
      const clients = [
        wire.client({ credential }),
        new EcsClient('cn-hangzhou', new Config(), credential),
        new EcsClient('cn-hangzhou', new Config(), credential).forRegion('cn-beijing'),
      ];
      for (const client of clients) {
        for (const view of [inspect(client, { depth: null }), JSON.stringify(client)]) {
          expect(view).not.toContain('testsecret');
        }
      }
    }
    for (const view of [String(env), JSON.stringify(env), inspect(env, { depth: null })]) {
      expect(view).not.toContain('testsecret');
    }
  });
});
