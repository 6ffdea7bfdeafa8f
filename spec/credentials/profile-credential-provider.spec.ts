import { rm } from 'node:fs/promises';
import { inspect } from 'node:util';
import { ProfileCredentialProvider } from '../../src/node.js';
import { ClientError } from '../../src/errors/client-error.js';
import { expectNoSecret, rejectionOf, tempHome } from './helpers.js';
import { metadataServer, stsServer } from './servers.js';

const FILE = '.alibabacloud/credentials';
const INI = `
; the official shared credentials file
[default]
type = access_key
access_key_id = LTAI-default
access_key_secret = DEFAULT-SECRET

[temp]
type = sts
access_key_id = STS.temp
access_key_secret = TEMP-SECRET
security_token = TEMP-TOKEN

[on-ecs]
type = ecs_ram_role
role_name = test-role

[deploy]
type = ram_role_arn
access_key_id = LTAI-deploy
access_key_secret = DEPLOY-SECRET
role_arn = acs:ram::123456789012:role/deployer
role_session_name = deploy-session
policy = {"Version":"1"}

[broken]
type = rsa_key_pair
access_key_secret = BROKEN-SECRET

[half]
type = access_key
access_key_id = LTAI-half
access_key_secret =
`;

describe('ProfileCredentialProvider (~/.alibabacloud/credentials)', () => {
  let home: Awaited<ReturnType<typeof tempHome>>;
  beforeEach(async () => {
    home = await tempHome();
    await home.write(FILE, INI);
  });
  afterEach(() => home.cleanup());

  it('reads [default] from ~/.alibabacloud/credentials', async () => {
    const provider = new ProfileCredentialProvider({ homeDir: home.dir, env: {} });
    expect(await provider.getCredential()).toEqual({
      accessKeyId: 'LTAI-default',
      accessKeySecret: 'DEFAULT-SECRET',
    });
    expect(provider.profileName).toBe('default');
  });

  it('picks the profile: option > ALIBABA_CLOUD_PROFILE > default; the file: option > ALIBABA_CLOUD_CREDENTIALS_FILE > home', async () => {
    const other = await home.write(
      'elsewhere/creds.ini',
      '[x]\ntype = access_key\naccess_key_id = X\naccess_key_secret = XS\n',
    );
    const fromEnv = new ProfileCredentialProvider({
      homeDir: home.dir,
      env: { ALIBABA_CLOUD_PROFILE: 'temp' },
    });
    expect((await fromEnv.getCredential()).securityToken).toBe('TEMP-TOKEN');
    const fromOption = new ProfileCredentialProvider({
      homeDir: home.dir,
      profileName: 'default',
      env: { ALIBABA_CLOUD_PROFILE: 'temp' },
    });
    expect((await fromOption.getCredential()).accessKeyId).toBe('LTAI-default');
    const otherFile = new ProfileCredentialProvider({
      homeDir: home.dir,
      env: { ALIBABA_CLOUD_CREDENTIALS_FILE: other, ALIBABA_CLOUD_PROFILE: 'x' },
    });
    expect((await otherFile.getCredential()).accessKeyId).toBe('X');
    expect(otherFile.credentialsFile).toBe(other);
  });

  it('type = sts gives the security token', async () => {
    const provider = new ProfileCredentialProvider({ homeDir: home.dir, profileName: 'temp', env: {} });
    expect(await provider.getCredential()).toEqual({
      accessKeyId: 'STS.temp',
      accessKeySecret: 'TEMP-SECRET',
      securityToken: 'TEMP-TOKEN',
    });
  });

  it('type = ecs_ram_role asks the metadata service for role_name', async () => {
    const metadata = await metadataServer({ roles: ['test-role'] });
    try {
      const provider = new ProfileCredentialProvider({
        homeDir: home.dir,
        profileName: 'on-ecs',
        metadataUrl: metadata.url,
        env: {},
      });
      expect((await provider.getCredential()).accessKeyId).toBe('STS.ecs-1');
      expect(metadata.count('GET', '/latest/meta-data/ram/security-credentials/test-role')).toBe(1);
      expect(metadata.count('GET', '/latest/meta-data/ram/security-credentials/')).toBe(0);
    } finally {
      await metadata.close();
    }
  });

  it('type = ram_role_arn assumes role_arn with STS, signed with the profile’s key', async () => {
    const sts = await stsServer({ 'LTAI-deploy': 'DEPLOY-SECRET' });
    try {
      const provider = new ProfileCredentialProvider({
        homeDir: home.dir,
        profileName: 'deploy',
        stsEndpoint: sts.url,
        env: {},
      });
      expect((await provider.getCredential()).accessKeyId).toBe('STS.assumed-1');
      expect(sts.calls[0]!.verification.accessKeyId).toBe('LTAI-deploy');
      expect(sts.calls[0]!.params).toMatchObject({
        RoleArn: 'acs:ram::123456789012:role/deployer',
        RoleSessionName: 'deploy-session',
        Policy: '{"Version":"1"}',
      });
    } finally {
      await sts.close();
    }
  });

  it('reads the file once, on first use, and keeps the provider', async () => {
    const provider = new ProfileCredentialProvider({ homeDir: home.dir, env: {} });
    await provider.getCredential();
    await rm(`${home.dir}/${FILE}`);
    expect((await provider.getCredential()).accessKeyId).toBe('LTAI-default');
  });

  it('a missing file fails with SDK.MissingParam, and is looked for again on the next call', async () => {
    await rm(`${home.dir}/${FILE}`);
    const provider = new ProfileCredentialProvider({ homeDir: home.dir, env: {} });
    const error = await rejectionOf(provider.getCredential());
    expect(error).toBeInstanceOf(ClientError);
    expect(error.code).toBe('SDK.MissingParam');
    expect(error.message).toBe(`There is no credentials file at ${home.dir}/${FILE}.`);
    await home.write(FILE, INI);
    expect((await provider.getCredential()).accessKeyId).toBe('LTAI-default');
  });

  it('names the profile, the file and the key that is wrong, never a value', async () => {
    const errors = await Promise.all(
      ['nope', 'broken', 'half'].map((profileName) =>
        rejectionOf(
          new ProfileCredentialProvider({ homeDir: home.dir, profileName, env: {} }).getCredential(),
        ),
      ),
    );
    const path = `${home.dir}/${FILE}`;
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['SDK.MissingParam', `There is no profile [nope] in ${path}.`],
      [
        'SDK.InvalidParam',
        `Profile [broken] of ${path} has an unknown type (a value of 12 characters, not shown); alicloud-rx supports access_key, sts, ecs_ram_role, ram_role_arn.`,
      ],
      ['SDK.MissingParam', `Profile [half] of ${path} has no access_key_secret.`],
    ]);
    for (const error of errors)
      expectNoSecret(error, ['DEFAULT-SECRET', 'BROKEN-SECRET', 'TEMP-SECRET', 'DEPLOY-SECRET']);
  });

  it('shows no secret in toString or inspect', async () => {
    const provider = new ProfileCredentialProvider({ homeDir: home.dir, env: {} });
    await provider.getCredential();
    expect(String(provider)).toBe(`ProfileCredentialProvider(default, ${home.dir}/${FILE})`);
    expect(inspect(provider)).toBe(String(provider));
    expectNoSecret(provider, ['DEFAULT-SECRET']);
  });
});
