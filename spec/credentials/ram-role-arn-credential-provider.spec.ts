import { inspect } from 'node:util';
import { Config } from '../../src/config.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { RamRoleArnCredentialProvider } from '../../src/node.js';
import { StsTokenCredential } from '../../src/credentials/sts-token-credential.js';
import { ClientError } from '../../src/errors/client-error.js';
import { CredentialError } from '../../src/errors/credential-error.js';
import { ServerError } from '../../src/errors/server-error.js';
import { HOUR, T0, clock, expectNoSecret, rejectionOf } from './helpers.js';
import { stsServer } from './servers.js';

const ROLE = 'acs:ram::123456789012:role/deployer';
const SOURCE_SECRET = 'SOURCE-SECRET-do-not-leak';

describe('RamRoleArnCredentialProvider (loopback STS)', () => {
  let sts: Awaited<ReturnType<typeof stsServer>>;
  beforeEach(async () => (sts = await stsServer({ 'LTAI-source': SOURCE_SECRET })));
  afterEach(() => sts.close());

  const source = new AccessKeyCredential('LTAI-source', SOURCE_SECRET);

  it('calls AssumeRole 2015-04-01, signed (ACS3) with the source credential, and returns the STS credential', async () => {
    const provider = new RamRoleArnCredentialProvider({
      source,
      roleArn: ROLE,
      roleSessionName: 'ci',
      durationSeconds: 900,
      policy: '{"Version":"1","Statement":[]}',
      externalId: 'ext-1',
      stsEndpoint: sts.url,
      env: {},
    });
    expect(await provider.getCredential()).toEqual({
      accessKeyId: 'STS.assumed-1',
      accessKeySecret: 'ASSUMED-SECRET-1',
      securityToken: 'ASSUMED-TOKEN-1',
      expiration: T0 + HOUR,
    });
    const [call] = sts.calls;
    expect(call!.verification).toMatchObject({
      scheme: 'ACS3-HMAC-SHA256',
      accessKeyId: 'LTAI-source',
      action: 'AssumeRole',
    });
    expect(call!.version).toBe('2015-04-01');
    expect(call!.params).toMatchObject({
      RoleArn: ROLE,
      RoleSessionName: 'ci',
      DurationSeconds: '900',
      Policy: '{"Version":"1","Statement":[]}',
      ExternalId: 'ext-1',
    });
  });

  it('signs with HMAC-SHA1 when the STS config says so, and sends the source STS token', async () => {
    const provider = new RamRoleArnCredentialProvider({
      source: new StsTokenCredential('LTAI-source', SOURCE_SECRET, 'SOURCE-TOKEN'),
      roleArn: ROLE,
      stsEndpoint: sts.url,
      stsConfig: new Config().withSignatureAlgorithm('HMAC-SHA1'),
      env: {},
    });
    await provider.getCredential();
    expect(sts.calls[0]!.verification).toMatchObject({ scheme: 'HMAC-SHA1', securityToken: 'SOURCE-TOKEN' });
    expect(sts.calls[0]!.params).toMatchObject({
      Action: 'AssumeRole',
      Version: '2015-04-01',
      DurationSeconds: '3600',
    });
  });

  it('takes the role and session name from ALIBABA_CLOUD_ROLE_ARN and ALIBABA_CLOUD_ROLE_SESSION_NAME', async () => {
    const provider = new RamRoleArnCredentialProvider({
      source,
      stsEndpoint: sts.url,
      env: { ALIBABA_CLOUD_ROLE_ARN: ROLE, ALIBABA_CLOUD_ROLE_SESSION_NAME: 'from-env' },
    });
    await provider.getCredential();
    expect(sts.calls[0]!.params).toMatchObject({ RoleArn: ROLE, RoleSessionName: 'from-env' });
    const unnamed = new RamRoleArnCredentialProvider({ source, roleArn: ROLE, env: {}, now: () => T0 });
    expect(unnamed.roleSessionName).toBe(`alicloud-rx-${T0}`);
  });

  it('1,000 concurrent calls make one AssumeRole; after expiry 1,000 more make exactly one more', async () => {
    const time = clock();
    const provider = new RamRoleArnCredentialProvider({
      source,
      roleArn: ROLE,
      stsEndpoint: sts.url,
      now: time.now,
      env: {},
    });
    const first = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(new Set(first.map((c) => c.accessKeyId))).toEqual(new Set(['STS.assumed-1']));
    expect(sts.calls).toHaveLength(1);
    time.set(T0 + HOUR);
    sts.state.expiration = T0 + 2 * HOUR;
    const second = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(new Set(second.map((c) => c.accessKeyId))).toEqual(new Set(['STS.assumed-2']));
    expect(sts.calls).toHaveLength(2);
  });

  it('passes the service’s error on, with the source secret redacted even when the server echoes it', async () => {
    sts.state.fail = {
      status: 403,
      body: { RequestId: 'R-x', Code: 'NoPermission', Message: `You are not authorized (${SOURCE_SECRET})` },
    };
    const provider = new RamRoleArnCredentialProvider({
      source,
      roleArn: ROLE,
      stsEndpoint: sts.url,
      stsConfig: new Config().withAutoRetry(false),
      env: {},
    });
    const error = await rejectionOf(provider.getCredential());
    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBe('NoPermission');
    expectNoSecret(error, [SOURCE_SECRET]);
  });

  it('rejects an answer without Credentials with SDK.CredentialError', async () => {
    sts.state.fail = { status: 200, body: { RequestId: 'R-y' } };
    const provider = new RamRoleArnCredentialProvider({
      source,
      roleArn: ROLE,
      stsEndpoint: sts.url,
      env: {},
    });
    const error = await rejectionOf(provider.getCredential());
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.code).toBe('SDK.CredentialError');
    expect(error.message).toContain(`AssumeRole of ${ROLE}`);
  });

  it('picks the STS endpoint as the official SDK does: global, regional, or VPC', () => {
    const make = (extra: object, env = {}) =>
      new RamRoleArnCredentialProvider({ source, roleArn: ROLE, env, ...extra }).stsEndpoint;
    expect(make({})).toBe('https://sts.aliyuncs.com');
    expect(make({ stsRegionId: 'cn-shanghai' })).toBe('https://sts.cn-shanghai.aliyuncs.com');
    expect(
      make({}, { ALIBABA_CLOUD_STS_REGION: 'cn-beijing', ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'true' }),
    ).toBe('https://sts-vpc.cn-beijing.aliyuncs.com');
    expect(make({ stsEndpoint: 'http://127.0.0.1:9' })).toBe('http://127.0.0.1:9');
  });

  it('checks its options and shows no secret', async () => {
    expect(() => new RamRoleArnCredentialProvider({ source, env: {} })).toThrow(/ALIBABA_CLOUD_ROLE_ARN/);
    expect(
      () => new RamRoleArnCredentialProvider({ source, roleArn: ROLE, durationSeconds: 899, env: {} }),
    ).toThrow(ClientError);
    expect(() => new RamRoleArnCredentialProvider({ roleArn: ROLE } as never)).toThrow(/source/);
    const provider = new RamRoleArnCredentialProvider({
      source,
      roleArn: ROLE,
      roleSessionName: 's',
      stsEndpoint: sts.url,
      env: {},
    });
    await provider.getCredential();
    expect(String(provider)).toBe(`RamRoleArnCredentialProvider(${ROLE}, s)`);
    expect(inspect(provider)).toBe(String(provider));
    expectNoSecret(provider, [SOURCE_SECRET, 'ASSUMED-SECRET-1', 'ASSUMED-TOKEN-1']);
  });
});
