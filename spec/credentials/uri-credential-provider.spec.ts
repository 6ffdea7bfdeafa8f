import { inspect } from 'node:util';
import { UriCredentialProvider } from '../../src/credentials/uri-credential-provider.js';
import { ClientError } from '../../src/errors/client-error.js';
import { CredentialError } from '../../src/errors/credential-error.js';
import { HOUR, MINUTE, T0, clock, expectNoSecret, rejectionOf } from './helpers.js';
import { closedUrl, credentialsUriServer } from './servers.js';

const QUERY_TOKEN = 'uri-query-token-do-not-leak';

describe('UriCredentialProvider (loopback credentials URI)', () => {
  let server: Awaited<ReturnType<typeof credentialsUriServer>>;
  beforeEach(async () => (server = await credentialsUriServer()));
  afterEach(() => server.close());

  const make = (extra: object = {}) =>
    new UriCredentialProvider({ credentialsUri: `${server.url}/credentials`, env: {}, ...extra });

  it('GETs the URI as given (path and query) and returns its credential', async () => {
    const provider = make({ credentialsUri: `${server.url}/v1/credentials?token=${QUERY_TOKEN}` });
    expect(await provider.getCredential()).toEqual({
      accessKeyId: 'STS.uri-1',
      accessKeySecret: 'URI-SECRET-1',
      securityToken: 'URI-TOKEN-1',
      expiration: T0 + 6 * HOUR,
    });
    expect(server.requests).toEqual([
      expect.objectContaining({ method: 'GET', path: `/v1/credentials?token=${QUERY_TOKEN}`, form: {} }),
    ]);
  });

  it('takes the URI from ALIBABA_CLOUD_CREDENTIALS_URI; the option wins', async () => {
    const env = { ALIBABA_CLOUD_CREDENTIALS_URI: `${server.url}/from-env` };
    await new UriCredentialProvider({ env }).getCredential();
    await new UriCredentialProvider({ env, credentialsUri: `${server.url}/from-option` }).getCredential();
    expect(server.requests.map((r) => r.path)).toEqual(['/from-env', '/from-option']);
  });

  it('1,000 concurrent calls make one request; expiry and the refresh-ahead point make one more each', async () => {
    const time = clock();
    server.state.expiration = T0 + HOUR;
    const provider = make({ now: time.now });
    const first = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(new Set(first.map((c) => c.accessKeyId))).toEqual(new Set(['STS.uri-1']));
    expect(server.requests).toHaveLength(1);

    time.set(T0 + HOUR + 1); // expired: everyone waits for one refresh
    server.state.expiration = T0 + 2 * HOUR;
    const second = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(new Set(second.map((c) => c.accessKeyId))).toEqual(new Set(['STS.uri-2']));
    expect(server.requests).toHaveLength(2);

    time.set(T0 + 2 * HOUR - 3 * MINUTE + 1); // inside the 3-minute refresh-ahead window
    server.state.expiration = T0 + 3 * HOUR;
    const third = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(new Set(third.map((c) => c.accessKeyId))).toEqual(new Set(['STS.uri-2'])); // served at once
    let latest = await provider.getCredential();
    while (latest.accessKeyId !== 'STS.uri-3') {
      await new Promise<void>((resolve) => setImmediate(resolve)); // the background refresh lands
      latest = await provider.getCredential();
    }
    expect(server.requests).toHaveLength(3);
  });

  it('an error answer (HTTP 500, or a Code other than Success) is SDK.CredentialError without the body', async () => {
    server.state.status = 500;
    server.state.raw = '{"Code":"InternalError","AccessKeySecret":"LEAKED-SECRET"}';
    const http = await rejectionOf(make().getCredential());
    expect(http.code).toBe('SDK.CredentialError');
    expect(http.message).toBe(`Credentials URI GET ${server.url}/credentials answered HTTP 500.`);
    expectNoSecret(http, ['LEAKED-SECRET']);

    server.state.status = 200;
    server.state.raw = undefined;
    server.state.code = 'Failed';
    const code = await rejectionOf(make().getCredential());
    expect(code.code).toBe('SDK.CredentialError');
    expect(code.message).toContain(
      'answered a Code other than "Success" (a value of 6 characters, not shown).',
    );
    expectNoSecret(code, ['URI-SECRET-', 'URI-TOKEN-']);
  });

  it('accepts an answer without Code, as credentials-go and @alicloud/credentials do', async () => {
    server.state.code = undefined;
    expect((await make().getCredential()).accessKeyId).toBe('STS.uri-1');
  });

  it('a malformed answer (not JSON, no AccessKeySecret, no Expiration) is SDK.CredentialError naming the field', async () => {
    const failure = async (raw: string) => {
      server.state.raw = raw;
      const error = await rejectionOf(make().getCredential());
      expect(error).toBeInstanceOf(CredentialError);
      expect(error.code).toBe('SDK.CredentialError');
      expectNoSecret(error, ['RAW-SECRET']);
      return error.message;
    };
    expect(await failure('AccessKeySecret=RAW-SECRET')).toContain('did not answer JSON.');
    expect(
      await failure('{"Code":"Success","AccessKeyId":"a","SecurityToken":"RAW-SECRET","Expiration":"x"}'),
    ).toContain('answered without AccessKeyId, AccessKeySecret and SecurityToken.');
    expect(
      await failure(
        '{"Code":"Success","AccessKeyId":"a","AccessKeySecret":"RAW-SECRET","SecurityToken":"t"}',
      ),
    ).toContain('answered no readable Expiration');
  });

  it('names ALIBABA_CLOUD_CREDENTIALS_URI when it is missing or not an http(s) URL, without echoing it', async () => {
    expect(() => new UriCredentialProvider({ env: {} })).toThrow(
      new ClientError(
        'SDK.MissingParam',
        'credentialsUri is missing: pass it or set ALIBABA_CLOUD_CREDENTIALS_URI.',
      ),
    );
    const bad = await rejectionOf(
      Promise.resolve().then(
        () => new UriCredentialProvider({ env: { ALIBABA_CLOUD_CREDENTIALS_URI: `file:///${QUERY_TOKEN}` } }),
      ),
    );
    expect(bad).toBeInstanceOf(ClientError);
    expect(bad.code).toBe('SDK.InvalidParam');
    expect(bad.message).toBe('ALIBABA_CLOUD_CREDENTIALS_URI is not an http(s) URL (value not shown).');
    expectNoSecret(bad, [QUERY_TOKEN]);
    expect(() => make({ credentialsUri: 'not a url' })).toThrow(/^credentialsUri is not an http\(s\) URL/);
    expect(() => make({ timeoutMs: 0 })).toThrow(ClientError);
    // Past setTimeout's limit a timer fires at once (and Node warns): refused instead.
    expect(() => make({ timeoutMs: 3e9 })).toThrow(
      /timeoutMs: got 3000000000; expected an integer from 1 to 2147483647/,
    );
  });

  it('reports a refused connection and a timeout without the URI query, and shows neither it nor a secret anywhere', async () => {
    const refused = `${await closedUrl()}/credentials?token=${QUERY_TOKEN}`;
    const down = await rejectionOf(make({ credentialsUri: refused }).getCredential());
    expect(down.code).toBe('SDK.CredentialError');
    expect(down.message).toMatch(
      /^Credentials URI GET http:\/\/127\.0\.0\.1:\d+\/credentials\?… failed at the network level/,
    );
    expectNoSecret(down, [QUERY_TOKEN]);

    server.state.hang = true;
    const slow = await rejectionOf(make({ timeoutMs: 50 }).getCredential());
    expect(slow.code).toBe('SDK.CredentialError');
    expect(slow.message).toBe(`Credentials URI GET ${server.url}/credentials got no answer within 50 ms.`);
    server.state.hang = false;

    const provider = make({ credentialsUri: `${server.url}/credentials?token=${QUERY_TOKEN}` });
    await provider.getCredential();
    expect(String(provider)).toBe(`UriCredentialProvider(${server.url}/credentials?…)`);
    expect(inspect(provider)).toBe(String(provider));
    expect(JSON.parse(JSON.stringify(provider))).toEqual({
      type: 'UriCredentialProvider',
      credentialsUri: `${server.url}/credentials?…`,
    });
    expectNoSecret(provider, [QUERY_TOKEN, 'URI-SECRET-', 'URI-TOKEN-']);
  });
});
