import { inspect } from 'node:util';
import { DefaultCredentialProvider, defaultCredentialProvider } from '../../src/node.js';
import type { Env } from '../../src/credentials/node-credential-options.js';
import { ClientError } from '../../src/errors/client-error.js';
import { expectNoSecret, rejectionOf, tempHome } from './helpers.js';
import { closedUrl, credentialsUriServer, metadataServer, oidcStsServer } from './servers.js';

const ENV_KEYS = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI-env',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'ENV-SECRET',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'ENV-TOKEN',
};
const CLI = JSON.stringify({
  current: 'main',
  profiles: [{ name: 'main', mode: 'AK', access_key_id: 'LTAI-cli', access_key_secret: 'CLI-SECRET' }],
});
const INI = '[default]\ntype = access_key\naccess_key_id = LTAI-file\naccess_key_secret = FILE-SECRET\n';
const OIDC_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.OIDC-TOKEN-do-not-leak';

describe('defaultCredentialProvider (the official chain)', () => {
  let home: Awaited<ReturnType<typeof tempHome>>;
  let metadata: Awaited<ReturnType<typeof metadataServer>>;
  let sts: Awaited<ReturnType<typeof oidcStsServer>>;
  let uri: Awaited<ReturnType<typeof credentialsUriServer>>;
  beforeEach(async () => {
    home = await tempHome();
    metadata = await metadataServer();
    sts = await oidcStsServer();
    uri = await credentialsUriServer();
  });
  afterEach(async () => {
    await Promise.all([metadata.close(), sts.close(), uri.close()]);
    await home.cleanup();
  });

  const chain = (env: Env, extra: object = {}) =>
    defaultCredentialProvider({
      env,
      homeDir: home.dir,
      metadataUrl: metadata.url,
      stsEndpoint: sts.url,
      ...extra,
    });
  const rrsa = async (): Promise<Env> => ({
    ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::123456789012:role/app',
    ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::123456789012:oidc-provider/ack-rrsa-c1',
    ALIBABA_CLOUD_OIDC_TOKEN_FILE: await home.write('rrsa-tokens/token', OIDC_TOKEN),
  });

  it('with every source configured, each wins over those after it: environment, OIDC, CLI config, file, ECS, URI', async () => {
    // The order of credentials-go providers/default.go, @alicloud/credentials providers/default.ts,
    // credentials-java DefaultCredentialsProvider and credentials-python provider/default.py.
    await home.write('.aliyun/config.json', CLI);
    await home.write('.alibabacloud/credentials', INI);
    const env: Record<string, string | undefined> = {
      ...ENV_KEYS,
      ...(await rrsa()),
      ALIBABA_CLOUD_CREDENTIALS_URI: `${uri.url}/credentials`,
    };
    const winner = async () => {
      const provider = chain({ ...env });
      const credential = await provider.getCredential();
      return [provider.resolvedProvider, credential.accessKeyId];
    };
    expect(chain(env).chain).toEqual([
      'environment variables',
      'OIDC role ARN',
      'CLI config',
      'credentials file',
      'ECS RAM role',
      'credentials URI',
    ]);
    expect(await winner()).toEqual(['environment variables', 'LTAI-env']);
    env.ALIBABA_CLOUD_ACCESS_KEY_ID = undefined;
    expect(await winner()).toEqual(['OIDC role ARN', 'STS.oidc-1']);
    env.ALIBABA_CLOUD_OIDC_TOKEN_FILE = undefined;
    expect(await winner()).toEqual(['CLI config', 'LTAI-cli']);
    env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED = 'true';
    expect(await winner()).toEqual(['credentials file', 'LTAI-file']);
    env.ALIBABA_CLOUD_CREDENTIALS_FILE = `${home.dir}/no-such-file`;
    expect(await winner()).toEqual(['ECS RAM role', 'STS.ecs-1']);
    env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
    expect(await winner()).toEqual(['credentials URI', 'STS.uri-1']);
    expect([sts.calls.length, uri.requests.length]).toEqual([1, 1]); // nothing asked past the winner
  });

  it('a failing OIDC or credentials URI provider hands over to the next one; an unbuildable one fails at its turn', async () => {
    await home.write('.alibabacloud/credentials', INI);
    sts.state.fail = { status: 400, body: { Code: 'AuthenticationFail.OIDCToken.Expired', Message: 'no' } };
    const provider = chain({ ...(await rrsa()), ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' });
    expect((await provider.getCredential()).accessKeyId).toBe('LTAI-file');
    expect(sts.calls).toHaveLength(1);
    expect(sts.calls[0]!.form.OIDCToken).toBe(OIDC_TOKEN);

    uri.state.status = 503;
    uri.state.raw = 'down';
    const last = chain({
      ALIBABA_CLOUD_CREDENTIALS_URI: `${uri.url}/credentials`,
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      ALIBABA_CLOUD_CREDENTIALS_FILE: `${home.dir}/no-such-file`,
    });
    const error = await rejectionOf(last.getCredential());
    expect(error.message).toContain(
      `4) credentials URI: Credentials URI GET ${uri.url}/credentials answered HTTP 503.`,
    );
    // A variable the provider cannot even be built from fails at its turn, not when the chain is built.
    const unbuildable = chain({
      ALIBABA_CLOUD_CREDENTIALS_URI: 'ftp://creds',
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      ALIBABA_CLOUD_CREDENTIALS_FILE: `${home.dir}/no-such-file`,
    });
    expect(unbuildable.chain).toContain('credentials URI');
    expect((await rejectionOf(unbuildable.getCredential())).message).toContain(
      '4) credentials URI: ALIBABA_CLOUD_CREDENTIALS_URI is not an http(s) URL (value not shown).',
    );
  });

  it('without OIDC or URI variables, tries: environment, CLI config, credentials file, ECS RAM role', async () => {
    expect(chain({}).chain).toEqual([
      'environment variables',
      'CLI config',
      'credentials file',
      'ECS RAM role',
    ]);
    // Only the metadata service: ECS RAM role.
    expect((await chain({}).getCredential()).accessKeyId).toBe('STS.ecs-1');
    // + the credentials file: it comes before ECS.
    await home.write('.alibabacloud/credentials', INI);
    expect((await chain({}).getCredential()).accessKeyId).toBe('LTAI-file');
    // + the CLI config: it comes before the credentials file.
    await home.write('.aliyun/config.json', CLI);
    expect((await chain({}).getCredential()).accessKeyId).toBe('LTAI-cli');
    // + environment variables: they come first.
    expect(await chain({ ...ENV_KEYS }).getCredential()).toEqual({
      accessKeyId: 'LTAI-env',
      accessKeySecret: 'ENV-SECRET',
      securityToken: 'ENV-TOKEN',
    });
    expect(metadata.count('GET', '/latest/meta-data/ram/security-credentials/test-role')).toBe(1);
  });

  it('honours ALIBABA_CLOUD_CLI_PROFILE_DISABLED and ALIBABA_CLOUD_ECS_METADATA_DISABLED', async () => {
    await home.write('.aliyun/config.json', CLI);
    await home.write('.alibabacloud/credentials', INI);
    const provider = chain({
      ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'True',
    });
    expect(provider.chain).toEqual(['environment variables', 'credentials file']);
    expect((await provider.getCredential()).accessKeyId).toBe('LTAI-file');
  });

  it('remembers the provider that worked: later calls go straight to it', async () => {
    await home.write('.alibabacloud/credentials', INI);
    const env: Record<string, string> = {};
    const provider = chain(env);
    expect(provider.resolvedProvider).toBeUndefined();
    expect((await provider.getCredential()).accessKeyId).toBe('LTAI-file');
    expect(provider.resolvedProvider).toBe('credentials file');
    // Environment variables and a CLI config appear: the chain is not walked again.
    Object.assign(env, ENV_KEYS);
    await home.write('.aliyun/config.json', CLI);
    expect((await provider.getCredential()).accessKeyId).toBe('LTAI-file');
    expect(String(provider)).toBe('DefaultCredentialProvider(credentials file)');
  });

  it('1,000 concurrent first calls walk the chain once and refresh the ECS credential once', async () => {
    const provider = chain({});
    const credentials = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(new Set(credentials.map((c) => c.accessKeyId))).toEqual(new Set(['STS.ecs-1']));
    expect(metadata.count('PUT', '/latest/api/token')).toBe(1);
    expect(metadata.count('GET', '/latest/meta-data/ram/security-credentials/test-role')).toBe(1);
  });

  it('when nothing works, a ClientError lists what it tried, in order, and why each failed, without secrets', async () => {
    await home.write(
      '.aliyun/config.json',
      '{"current":"main","profiles":[{"access_key_secret":"CLI-SECRET",}]}',
    );
    await home.write(
      '.alibabacloud/credentials',
      '[default]\ntype = magic\naccess_key_secret = FILE-SECRET\n',
    );
    const provider = chain(
      {
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'ENV-SECRET',
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/var/run/token', // half an RRSA setup: skipped, as officially
        ALIBABA_CLOUD_CREDENTIALS_URI: `${await closedUrl()}/creds?token=URI-TOKEN`,
      },
      { metadataUrl: await closedUrl() },
    );
    const error = await rejectionOf(provider.getCredential());
    expect(error).toBeInstanceOf(ClientError);
    expect(error.code).toBe('SDK.MissingParam');
    const message = error.message;
    const order = [
      'No credential found. Tried, in order: 1) environment variables: Environment credentials are missing',
      `2) CLI config: ${home.dir}/.aliyun/config.json is not valid JSON.`,
      `3) credentials file: Profile [default] of ${home.dir}/.alibabacloud/credentials has an unknown type (a value of 5 characters, not shown)`,
      '4) ECS RAM role: ECS metadata GET',
      '5) credentials URI: Credentials URI GET http://127.0.0.1:',
      'Skipped: OIDC role ARN (ALIBABA_CLOUD_ROLE_ARN and ALIBABA_CLOUD_OIDC_PROVIDER_ARN not set).',
    ];
    let at = -1;
    for (const part of order) {
      expect(message).toContain(part);
      expect(message.indexOf(part)).toBeGreaterThan(at);
      at = message.indexOf(part);
    }
    expect(error.cause).toBeInstanceOf(AggregateError);
    expectNoSecret(error, ['ENV-SECRET', 'CLI-SECRET', 'FILE-SECRET', 'URI-TOKEN']);
    expect(provider.resolvedProvider).toBeUndefined();
  });

  it('shows no secret in toString, JSON or inspect', async () => {
    const provider = new DefaultCredentialProvider({ env: { ...ENV_KEYS }, homeDir: home.dir });
    await provider.getCredential();
    expect(inspect(provider)).toBe('DefaultCredentialProvider(environment variables)');
    expect(JSON.parse(JSON.stringify(provider))).toEqual({
      type: 'DefaultCredentialProvider',
      resolvedProvider: 'environment variables',
    });
    expectNoSecret(provider, ['ENV-SECRET', 'ENV-TOKEN']);
  });
});
