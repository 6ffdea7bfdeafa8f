import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { Config } from '../../src/config.js';
import { OidcRoleArnCredentialProvider } from '../../src/node.js';
import { ClientError } from '../../src/errors/client-error.js';
import { ServerError } from '../../src/errors/server-error.js';
import { HOUR, T0, clock, expectNoSecret, rejectionOf, tempHome } from './helpers.js';
import { closedUrl, oidcStsServer } from './servers.js';

const ROLE = 'acs:ram::123456789012:role/app';
const PROVIDER = 'acs:ram::123456789012:oidc-provider/ack-rrsa-c1';
// A JWT-shaped token with characters percent-encoding changes (`+`, `/`, `=`).
const TOKEN_1 = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.SIG+one/do-not-leak=';
const TOKEN_2 = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.SIG+two/do-not-leak=';

/** The request's `Timestamp`, in epoch ms. */
const sentAt = (call: { query: Record<string, string> }) => Date.parse(call.query.Timestamp!);

describe('OidcRoleArnCredentialProvider (loopback STS, real token file)', () => {
  let sts: Awaited<ReturnType<typeof oidcStsServer>>;
  let home: Awaited<ReturnType<typeof tempHome>>;
  let tokenFile: string;
  beforeEach(async () => {
    sts = await oidcStsServer();
    home = await tempHome();
    tokenFile = await home.write('rrsa-tokens/token', TOKEN_1);
  });
  afterEach(async () => {
    await sts.close();
    await home.cleanup();
  });

  const make = (extra: object = {}) =>
    new OidcRoleArnCredentialProvider({
      roleArn: ROLE,
      oidcProviderArn: PROVIDER,
      oidcTokenFilePath: tokenFile,
      stsEndpoint: sts.url,
      now: () => T0,
      env: {},
      ...extra,
    });

  it('sends AssumeRoleWithOIDC 2015-04-01 unsigned (POST, query + form) with the token from the file', async () => {
    const provider = make({ roleSessionName: 'ci', durationSeconds: 900, policy: '{"Version":"1"}' });
    const before = Date.now();
    const credential = await provider.getCredential();
    const after = Date.now();
    expect(credential).toEqual({
      accessKeyId: 'STS.oidc-1',
      accessKeySecret: 'OIDC-SECRET-1',
      securityToken: 'OIDC-STS-TOKEN-1',
      expiration: T0 + HOUR,
    });
    const [call] = sts.calls;
    expect(call!.method).toBe('POST');
    // credentials-go providers/oidc.go and @alicloud/credentials providers/oidc_role_arn.ts: these
    // four in the query, the rest in an x-www-form-urlencoded body.
    expect(call!.query).toEqual({
      Version: '2015-04-01',
      Action: 'AssumeRoleWithOIDC',
      Format: 'JSON',
      Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    // The time of sending, as for every call (the provider's `now` only decides expiry).
    expect(sentAt(call!)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(sentAt(call!)).toBeLessThanOrEqual(after);
    expect(call!.form).toEqual({
      RoleArn: ROLE,
      OIDCProviderArn: PROVIDER,
      OIDCToken: TOKEN_1,
      RoleSessionName: 'ci',
      DurationSeconds: '900',
      Policy: '{"Version":"1"}',
    });
    expect(call!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call!.headers['user-agent']).toMatch(/^alicloud-rx\//);
    // Anonymous: no signature, no AccessKeyId, no security token anywhere.
    expect(Object.keys(call!.headers).filter((h) => /^(authorization|x-acs-)/.test(h))).toEqual([]);
  });

  it('reads roleArn, oidcProviderArn, token file and session name from the ALIBABA_CLOUD_* variables', async () => {
    const env = {
      ALIBABA_CLOUD_ROLE_ARN: ROLE,
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER,
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
      ALIBABA_CLOUD_ROLE_SESSION_NAME: 'from-env',
    };
    const provider = new OidcRoleArnCredentialProvider({ env, stsEndpoint: sts.url });
    await provider.getCredential();
    expect(sts.calls[0]!.form).toEqual({
      RoleArn: ROLE,
      OIDCProviderArn: PROVIDER,
      OIDCToken: TOKEN_1,
      RoleSessionName: 'from-env',
      DurationSeconds: '3600', // the official default; no Policy unless given
    });
    const { ALIBABA_CLOUD_ROLE_SESSION_NAME: _unused, ...unnamed } = env;
    expect(new OidcRoleArnCredentialProvider({ env: unnamed, now: () => T0 }).roleSessionName).toBe(
      `alicloud-rx-${T0}`,
    );
  });

  it('reads the token file again on every refresh (it rotates), once per refresh under 1,000 concurrent calls', async () => {
    const time = clock();
    const reads: string[] = [];
    const provider = make({
      now: time.now,
      readFile: (path: string) => (reads.push(path), readFile(path, 'utf8')),
    });
    const first = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(new Set(first.map((c) => c.accessKeyId))).toEqual(new Set(['STS.oidc-1']));
    expect(sts.calls).toHaveLength(1);

    await home.write('rrsa-tokens/token', `${TOKEN_2}\n`); // the kubelet rotates it (a newline is trimmed)
    time.set(T0 + HOUR); // expired: everyone waits for one refresh
    sts.state.expiration = T0 + 2 * HOUR;
    const second = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(new Set(second.map((c) => c.accessKeyId))).toEqual(new Set(['STS.oidc-2']));
    expect(sts.calls.map((c) => c.form.OIDCToken)).toEqual([TOKEN_1, TOKEN_2]);
    expect(sentAt(sts.calls[1]!)).toBeGreaterThanOrEqual(sentAt(sts.calls[0]!));
    expect(reads).toEqual([tokenFile, tokenFile]);
  });

  it('passes an STS error answer on as a ServerError, the token redacted even when STS echoes it', async () => {
    sts.state.fail = {
      status: 400,
      body: {
        RequestId: 'R-bad',
        Code: 'AuthenticationFail.OIDCToken.Invalid',
        Message: `The OIDC token ${TOKEN_1} has expired (${encodeURIComponent(TOKEN_1)}).`,
      },
    };
    const error = await rejectionOf(make().getCredential());
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      code: 'AuthenticationFail.OIDCToken.Invalid',
      requestId: 'R-bad',
      action: 'AssumeRoleWithOIDC',
      statusCode: 400,
    });
    expectNoSecret(error, [TOKEN_1, encodeURIComponent(TOKEN_1)]);
  });

  it('rejects a malformed answer: no Credentials or no Expiration (SDK.CredentialError), not JSON (SDK.InvalidResponse)', async () => {
    sts.state.fail = { status: 200, body: { RequestId: 'R-y' } };
    const noCredentials = await rejectionOf(make().getCredential());
    expect(noCredentials.code).toBe('SDK.CredentialError');
    expect(noCredentials.message).toContain(`AssumeRoleWithOIDC of ${ROLE} at ${sts.url}`);
    expect(noCredentials.message).toContain('Credentials.AccessKeyId, AccessKeySecret and SecurityToken');

    sts.state.fail = {
      status: 200,
      body: { Credentials: { AccessKeyId: 'STS.x', AccessKeySecret: 'S-do-not-leak', SecurityToken: 'T-x' } },
    };
    const noExpiration = await rejectionOf(make().getCredential());
    expect(noExpiration.code).toBe('SDK.CredentialError');
    expect(noExpiration.message).toContain('Credentials.Expiration');
    expectNoSecret(noExpiration, ['S-do-not-leak']);

    sts.state.raw = `<html>proxy error for ${TOKEN_1}</html>`;
    const notJson = await rejectionOf(make().getCredential());
    expect(notJson).toBeInstanceOf(ServerError);
    expect(notJson.code).toBe('SDK.InvalidResponse');
    expectNoSecret(notJson, [TOKEN_1]);
  });

  it('names the missing options and variables, the missing or empty token file, and a bad durationSeconds', async () => {
    const none = await rejectionOf(
      Promise.resolve().then(() => new OidcRoleArnCredentialProvider({ env: {} })),
    );
    expect(none).toBeInstanceOf(ClientError);
    expect(none.code).toBe('SDK.MissingParam');
    expect(none.message).toBe(
      'OIDC role ARN credentials need roleArn, oidcProviderArn and oidcTokenFilePath: pass them or set ' +
        'ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE.',
    );
    expect(
      () =>
        new OidcRoleArnCredentialProvider({
          env: { ALIBABA_CLOUD_ROLE_ARN: ROLE },
          oidcProviderArn: PROVIDER,
        }),
    ).toThrow('need oidcTokenFilePath: pass it or set ALIBABA_CLOUD_OIDC_TOKEN_FILE.');
    expect(() => make({ durationSeconds: 899 })).toThrow(ClientError);

    const missing = await rejectionOf(make({ oidcTokenFilePath: `${home.dir}/nope/token` }).getCredential());
    expect(missing).toBeInstanceOf(ClientError);
    expect(missing.code).toBe('SDK.MissingParam');
    expect(missing.message).toBe(`There is no OIDC token file at ${home.dir}/nope/token.`);

    await home.write('rrsa-tokens/token', ' \n');
    const empty = await rejectionOf(make().getCredential());
    expect(empty.code).toBe('SDK.MissingParam');
    expect(empty.message).toBe(`The OIDC token file ${tokenFile} is empty.`);
    expect(sts.calls).toHaveLength(0); // nothing sent without a token
  });

  it('picks the STS endpoint as the official SDKs do: explicit, regional, VPC, else global', () => {
    const endpoint = (extra: object, env: Record<string, string> = {}) =>
      make({ stsEndpoint: undefined, env, ...extra }).stsEndpoint;
    expect(endpoint({})).toBe('https://sts.aliyuncs.com');
    expect(endpoint({ stsRegionId: 'cn-shanghai' })).toBe('https://sts.cn-shanghai.aliyuncs.com');
    expect(
      endpoint({}, { ALIBABA_CLOUD_STS_REGION: 'cn-beijing', ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'true' }),
    ).toBe('https://sts-vpc.cn-beijing.aliyuncs.com');
    expect(endpoint({ stsEndpoint: 'sts.cn-hangzhou.aliyuncs.com' })).toBe(
      'https://sts.cn-hangzhou.aliyuncs.com',
    );
    // Like the official credentials libraries, ALIBABA_CLOUD_STS_ENDPOINT is not read.
    expect(endpoint({}, { ALIBABA_CLOUD_STS_ENDPOINT: 'sts.example.com' })).toBe('https://sts.aliyuncs.com');
  });

  it('reports a network failure or a timeout as NetworkError / TimeoutError and shows no token or secret in toString, JSON or inspect', async () => {
    const down = await rejectionOf(make({ stsEndpoint: await closedUrl() }).getCredential());
    expect(down.code).toBe('SDK.NetworkError');
    expect(down.message).toContain('AssumeRoleWithOIDC failed at the network level');
    expectNoSecret(down, [TOKEN_1]);

    sts.state.hang = true;
    const slow = await rejectionOf(make({ stsConfig: new Config().withReadTimeout(50) }).getCredential());
    expect(slow).toMatchObject({ code: 'SDK.TimeoutError', action: 'AssumeRoleWithOIDC', timeout: 50 });
    sts.state.hang = false;

    const provider = make({ roleSessionName: 's' });
    await provider.getCredential();
    expect(String(provider)).toBe(`OidcRoleArnCredentialProvider(${ROLE}, s)`);
    expect(inspect(provider)).toBe(String(provider));
    expect(JSON.parse(JSON.stringify(provider))).toEqual({
      type: 'OidcRoleArnCredentialProvider',
      roleArn: ROLE,
      oidcProviderArn: PROVIDER,
      oidcTokenFilePath: tokenFile,
      roleSessionName: 's',
    });
    expectNoSecret(provider, [TOKEN_1, 'OIDC-SECRET-', 'OIDC-STS-TOKEN-']);
  });
});
