import { inspect } from 'node:util';
import {
  DefaultCredentialProvider,
  defaultCredentialProvider,
} from '../../src/credentials/default-credential-provider.js';
import type { Env } from '../../src/credentials/node-credential-options.js';
import { ClientError } from '../../src/errors/client-error.js';
import { expectNoSecret, rejectionOf, tempHome } from './helpers.js';
import { closedUrl, metadataServer } from './servers.js';

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

describe('defaultCredentialProvider (the official chain)', () => {
  let home: Awaited<ReturnType<typeof tempHome>>;
  let metadata: Awaited<ReturnType<typeof metadataServer>>;
  beforeEach(async () => {
    home = await tempHome();
    metadata = await metadataServer();
  });
  afterEach(async () => {
    await metadata.close();
    await home.cleanup();
  });

  const chain = (env: Env, extra: object = {}) =>
    defaultCredentialProvider({ env, homeDir: home.dir, metadataUrl: metadata.url, ...extra });

  it('tries, in order: environment, CLI config, credentials file, ECS RAM role', async () => {
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
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/var/run/token',
        ALIBABA_CLOUD_CREDENTIALS_URI: 'http://127.0.0.1:1/creds',
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
      `3) credentials file: Profile [default] of ${home.dir}/.alibabacloud/credentials has type "magic"`,
      '4) ECS RAM role: ECS metadata GET',
      'Skipped: OIDC role ARN (ALIBABA_CLOUD_OIDC_* is set, but alicloud-rx does not support OIDC); credentials URI',
    ];
    let at = -1;
    for (const part of order) {
      expect(message).toContain(part);
      expect(message.indexOf(part)).toBeGreaterThan(at);
      at = message.indexOf(part);
    }
    expect(error.cause).toBeInstanceOf(AggregateError);
    expectNoSecret(error, ['ENV-SECRET', 'CLI-SECRET', 'FILE-SECRET']);
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
