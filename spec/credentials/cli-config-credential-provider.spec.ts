import { inspect } from 'node:util';
import { CliConfigCredentialProvider } from '../../src/node.js';
import { expectNoSecret, rejectionOf, tempHome } from './helpers.js';
import { metadataServer, stsServer } from './servers.js';

const FILE = '.aliyun/config.json';
const ROLE = 'acs:ram::123456789012:role/deployer';

/** A config as `aliyun configure` writes it (only the fields that matter here). */
const CONFIG = {
  current: 'main',
  profiles: [
    {
      name: 'main',
      mode: 'AK',
      access_key_id: 'LTAI-main',
      access_key_secret: 'MAIN-SECRET',
      region_id: 'cn-hangzhou',
    },
    {
      name: 'temp',
      mode: 'StsToken',
      access_key_id: 'STS.t',
      access_key_secret: 'TEMP-SECRET',
      sts_token: 'TEMP-TOKEN',
    },
    {
      name: 'role',
      mode: 'RamRoleArn',
      access_key_id: 'LTAI-role',
      access_key_secret: 'ROLE-SECRET',
      ram_role_arn: ROLE,
      ram_session_name: 'cli-session',
      expired_seconds: 900,
      policy: '{"Version":"1"}',
      external_id: 'ext',
    },
    { name: 'chained', mode: 'ChainableRamRoleArn', source_profile: 'role', ram_role_arn: `${ROLE}-2` },
    { name: 'loop-a', mode: 'ChainableRamRoleArn', source_profile: 'loop-b', ram_role_arn: ROLE },
    { name: 'loop-b', mode: 'ChainableRamRoleArn', source_profile: 'loop-a', ram_role_arn: ROLE },
    { name: 'ecs', mode: 'EcsRamRole', ram_role_name: 'test-role' },
    { name: 'oidc', mode: 'OIDC', access_key_secret: 'OIDC-SECRET' },
    { name: 'half', mode: 'AK', access_key_id: 'LTAI-half', access_key_secret: '' },
  ],
};
const SECRETS = ['MAIN-SECRET', 'TEMP-SECRET', 'ROLE-SECRET', 'OIDC-SECRET'];

describe('CliConfigCredentialProvider (~/.aliyun/config.json)', () => {
  let home: Awaited<ReturnType<typeof tempHome>>;
  beforeEach(async () => {
    home = await tempHome();
    await home.write(FILE, JSON.stringify(CONFIG, null, 4));
  });
  afterEach(() => home.cleanup());

  const make = (options: object = {}) =>
    new CliConfigCredentialProvider({ homeDir: home.dir, env: {}, ...options });

  it('uses the current profile of ~/.aliyun/config.json', async () => {
    expect(await make().getCredential()).toEqual({
      accessKeyId: 'LTAI-main',
      accessKeySecret: 'MAIN-SECRET',
    });
  });

  it('picks the profile: option > ALIBABA_CLOUD_PROFILE > current; the file: option > ALIBABA_CLOUD_CONFIG_FILE > home', async () => {
    expect((await make({ env: { ALIBABA_CLOUD_PROFILE: 'temp' } }).getCredential()).securityToken).toBe(
      'TEMP-TOKEN',
    );
    expect(
      (await make({ profileName: 'main', env: { ALIBABA_CLOUD_PROFILE: 'temp' } }).getCredential())
        .accessKeyId,
    ).toBe('LTAI-main');
    const other = await home.write(
      'other/config.json',
      JSON.stringify({ current: 'x', profiles: [{ ...CONFIG.profiles[0], name: 'x', access_key_id: 'X' }] }),
    );
    const fromEnv = make({ env: { ALIBABA_CLOUD_CONFIG_FILE: other } });
    expect((await fromEnv.getCredential()).accessKeyId).toBe('X');
    expect(fromEnv.configFile).toBe(other);
  });

  it('RamRoleArn assumes ram_role_arn with the profile’s key and its session name, duration, policy and external id', async () => {
    const sts = await stsServer({ 'LTAI-role': 'ROLE-SECRET' });
    try {
      const credential = await make({ profileName: 'role', stsEndpoint: sts.url }).getCredential();
      expect(credential.accessKeyId).toBe('STS.assumed-1');
      expect(sts.calls[0]!.verification.accessKeyId).toBe('LTAI-role');
      expect(sts.calls[0]!.params).toMatchObject({
        RoleArn: ROLE,
        RoleSessionName: 'cli-session',
        DurationSeconds: '900',
        Policy: '{"Version":"1"}',
        ExternalId: 'ext',
      });
    } finally {
      await sts.close();
    }
  });

  it('ChainableRamRoleArn assumes its role with the source profile’s credential', async () => {
    const sts = await stsServer({ 'LTAI-role': 'ROLE-SECRET', 'STS.assumed-1': 'ASSUMED-SECRET-1' });
    try {
      const credential = await make({ profileName: 'chained', stsEndpoint: sts.url }).getCredential();
      expect(credential.accessKeyId).toBe('STS.assumed-2');
      expect(sts.calls.map((c) => [c.verification.accessKeyId, c.params.RoleArn])).toEqual([
        ['LTAI-role', ROLE],
        ['STS.assumed-1', `${ROLE}-2`],
      ]);
      expect(sts.calls[1]!.verification.securityToken).toBe('ASSUMED-TOKEN-1');
    } finally {
      await sts.close();
    }
  });

  it('EcsRamRole reads ram_role_name from the metadata service', async () => {
    const metadata = await metadataServer();
    try {
      const credential = await make({ profileName: 'ecs', metadataUrl: metadata.url }).getCredential();
      expect(credential.accessKeyId).toBe('STS.ecs-1');
      expect(metadata.count('GET', '/latest/meta-data/ram/security-credentials/test-role')).toBe(1);
    } finally {
      await metadata.close();
    }
  });

  it('explains every bad config without quoting a secret', async () => {
    const path = `${home.dir}/${FILE}`;
    const errors = await Promise.all(
      ['nope', 'oidc', 'half', 'loop-a'].map((profileName) =>
        rejectionOf(make({ profileName }).getCredential()),
      ),
    );
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['SDK.MissingParam', `There is no profile "nope" in ${path}.`],
      [
        'SDK.InvalidParam',
        `Profile "oidc" of ${path} has an unknown mode (a value of 4 characters, not shown); alicloud-rx supports AK, StsToken, RamRoleArn, EcsRamRole, ChainableRamRoleArn.`,
      ],
      ['SDK.MissingParam', `Profile "half" of ${path} has no access_key_secret.`],
      [
        'SDK.InvalidParam',
        `Profile "loop-a" of ${path} is its own source_profile (loop-a → loop-b → loop-a).`,
      ],
    ]);
    await home.write(FILE, `{"current":"main","profiles":[{"access_key_secret":"MAIN-SECRET",}]}`);
    const invalid = await rejectionOf(make().getCredential());
    expect([invalid.code, invalid.message]).toEqual(['SDK.InvalidParam', `${path} is not valid JSON.`]);
    await home.write(FILE, '{"current":"main","profiles":[]}');
    expect((await rejectionOf(make().getCredential())).message).toBe(`${path} has no profiles.`);
    for (const error of [...errors, invalid]) expectNoSecret(error, SECRETS);
  });

  it('a missing file fails with SDK.MissingParam naming it', async () => {
    const error = await rejectionOf(make({ homeDir: `${home.dir}/nowhere` }).getCredential());
    expect([error.code, error.message]).toEqual([
      'SDK.MissingParam',
      `There is no Alibaba Cloud CLI config at ${home.dir}/nowhere/${FILE}.`,
    ]);
  });

  it('shows no secret in toString or inspect', async () => {
    const provider = make({ profileName: 'main' });
    await provider.getCredential();
    expect(String(provider)).toBe(`CliConfigCredentialProvider(main, ${home.dir}/${FILE})`);
    expect(inspect(provider)).toBe(String(provider));
    expectNoSecret(provider, SECRETS);
  });
});
