import { inspect } from 'node:util';
import { EcsRamRoleCredentialProvider } from '../../src/credentials/ecs-ram-role-credential-provider.js';
import { ClientError } from '../../src/errors/client-error.js';
import { CredentialError } from '../../src/errors/credential-error.js';
import { HOUR, MINUTE, T0, clock, expectNoSecret, rejectionOf } from './helpers.js';
import { closedUrl, metadataServer } from './servers.js';

const TOKEN_PATH = '/latest/api/token';
const LIST_PATH = '/latest/meta-data/ram/security-credentials/';

describe('EcsRamRoleCredentialProvider (loopback metadata service)', () => {
  let server: Awaited<ReturnType<typeof metadataServer>>;
  beforeEach(async () => (server = await metadataServer()));
  afterEach(() => server.close());

  it('gets an IMDSv2 token, finds the role, and reads its credentials with the token header', async () => {
    const provider = new EcsRamRoleCredentialProvider({ metadataUrl: server.url, env: {} });
    const credential = await provider.getCredential();
    expect(credential).toEqual({
      accessKeyId: 'STS.ecs-1',
      accessKeySecret: 'ECS-SECRET-do-not-leak-1',
      securityToken: 'ECS-TOKEN-1',
      expiration: T0 + 6 * HOUR,
    });
    const [put, list, get] = server.requests;
    expect(put).toMatchObject({ method: 'PUT', url: TOKEN_PATH });
    expect(put!.headers['x-aliyun-ecs-metadata-token-ttl-seconds']).toBe('21600');
    expect(list).toMatchObject({ method: 'GET', url: LIST_PATH });
    expect(get).toMatchObject({ method: 'GET', url: `${LIST_PATH}test-role` });
    expect(list!.headers['x-aliyun-ecs-metadata-token']).toBe('imds-token-1');
    expect(get!.headers['x-aliyun-ecs-metadata-token']).toBe('imds-token-1');
  });

  it('uses the role from the option, else ALIBABA_CLOUD_ECS_METADATA, without listing roles', async () => {
    server.behaviour.roles = ['from-env', 'from option'];
    await new EcsRamRoleCredentialProvider({
      metadataUrl: server.url,
      env: { ALIBABA_CLOUD_ECS_METADATA: 'from-env' },
    }).getCredential();
    await new EcsRamRoleCredentialProvider({
      metadataUrl: server.url,
      roleName: 'from option',
      env: { ALIBABA_CLOUD_ECS_METADATA: 'from-env' },
    }).getCredential();
    expect(server.count('GET', LIST_PATH)).toBe(0);
    expect(server.count('GET', `${LIST_PATH}from-env`)).toBe(1);
    expect(server.count('GET', `${LIST_PATH}from%20option`)).toBe(1);
  });

  it('1,000 concurrent calls make one token request and one credentials request; the refresh-ahead point makes one more', async () => {
    const time = clock();
    server.behaviour.expiration = T0 + HOUR;
    const provider = new EcsRamRoleCredentialProvider({ metadataUrl: server.url, now: time.now, env: {} });
    const first = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(new Set(first.map((c) => c.accessKeyId))).toEqual(new Set(['STS.ecs-1']));
    expect(server.count('PUT', TOKEN_PATH)).toBe(1);
    expect(server.count('GET', `${LIST_PATH}test-role`)).toBe(1);

    time.set(T0 + HOUR + 1); // expired: everyone waits for one refresh
    server.behaviour.expiration = T0 + 2 * HOUR;
    const second = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(new Set(second.map((c) => c.accessKeyId))).toEqual(new Set(['STS.ecs-2']));
    expect(server.count('PUT', TOKEN_PATH)).toBe(2);
    expect(server.count('GET', `${LIST_PATH}test-role`)).toBe(2);

    time.set(T0 + 2 * HOUR - 3 * MINUTE + 1); // inside the default 3-minute refresh-ahead window
    server.behaviour.expiration = T0 + 3 * HOUR;
    const third = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(new Set(third.map((c) => c.accessKeyId))).toEqual(new Set(['STS.ecs-2'])); // served at once
    await server.issued(3); // one background refresh…
    let latest = await provider.getCredential();
    while (latest.accessKeyId !== 'STS.ecs-3') {
      await new Promise<void>((resolve) => setImmediate(resolve)); // …until its answer is read (no timer)
      latest = await provider.getCredential();
    }
    expect(server.count('GET', `${LIST_PATH}test-role`)).toBe(3);
  });

  it('goes on without a token (IMDSv1) when the token request fails, as the official SDKs do', async () => {
    server.behaviour.token = 403;
    const credential = await new EcsRamRoleCredentialProvider({
      metadataUrl: server.url,
      env: {},
    }).getCredential();
    expect(credential.accessKeyId).toBe('STS.ecs-1');
    const get = server.requests.find((r) => r.url === `${LIST_PATH}test-role`)!;
    expect(get.headers['x-aliyun-ecs-metadata-token']).toBeUndefined();
  });

  it('with IMDSv1 disabled (option or ALIBABA_CLOUD_IMDSV1_DISABLED) a failed token request fails the call', async () => {
    server.behaviour.token = 403;
    for (const options of [
      { disableImdsV1: true, env: {} },
      { env: { ALIBABA_CLOUD_IMDSV1_DISABLED: 'TRUE' } },
    ]) {
      const error = await rejectionOf(
        new EcsRamRoleCredentialProvider({ metadataUrl: server.url, ...options }).getCredential(),
      );
      expect(error.code).toBe('SDK.CredentialError');
      expect(error.message).toContain(`PUT ${server.url}${TOKEN_PATH} answered HTTP 403`);
    }
    expect(server.count('GET', `${LIST_PATH}test-role`)).toBe(0);
  });

  it('fails without a secret when Code is not Success or the credentials request fails', async () => {
    server.behaviour.code = 'Failed';
    const notSuccess = await rejectionOf(
      new EcsRamRoleCredentialProvider({ metadataUrl: server.url, env: {} }).getCredential(),
    );
    expect(notSuccess.message).toContain('answered a Code other than "Success" (a value of 6 characters');
    server.behaviour.credentialsStatus = 500;
    const status = await rejectionOf(
      new EcsRamRoleCredentialProvider({ metadataUrl: server.url, env: {} }).getCredential(),
    );
    expect(status.message).toContain('answered HTTP 500');
    for (const error of [notSuccess, status]) {
      expect(error.code).toBe('SDK.CredentialError');
      expectNoSecret(error, [server.behaviour.secret, 'ECS-TOKEN']);
    }
  });

  it('says so when the instance has no RAM role', async () => {
    server.behaviour.roles = [];
    const error = await rejectionOf(
      new EcsRamRoleCredentialProvider({ metadataUrl: server.url, env: {} }).getCredential(),
    );
    expect(error.message).toMatch(/listed no RAM role.*ALIBABA_CLOUD_ECS_METADATA/);
  });

  it('refuses a listed role name RAM would not allow, without quoting it or asking for it', async () => {
    const planted = 'LTAI-looks-like/a secret?x=1';
    server.behaviour.roles = [planted];
    const error = await rejectionOf(
      new EcsRamRoleCredentialProvider({ metadataUrl: server.url, env: {} }).getCredential(),
    );
    expect(error.code).toBe('SDK.CredentialError');
    expect(error.message).toContain(
      'listed a RAM role name that is not one (a value of 28 characters, not shown)',
    );
    expectNoSecret(error, [planted, encodeURIComponent(planted)]);
    expect(server.requests.some((r) => r.url.startsWith(`${LIST_PATH}LTAI`))).toBe(false);
  });

  it('times out after metadataTimeoutMs when the service does not answer', async () => {
    server.behaviour.hang = true;
    const provider = new EcsRamRoleCredentialProvider({
      metadataUrl: server.url,
      metadataTimeoutMs: 50,
      disableImdsV1: true,
      env: {},
    });
    const error = await rejectionOf(provider.getCredential());
    expect(error.code).toBe('SDK.CredentialError');
    expect(error.message).toContain('got no answer within 50 ms');
  });

  it('fails with SDK.CredentialError when nothing listens', async () => {
    const provider = new EcsRamRoleCredentialProvider({ metadataUrl: await closedUrl(), env: {} });
    const error = await rejectionOf(provider.getCredential());
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.code).toBe('SDK.CredentialError');
    expect(error.message).toContain('failed at the network level');
  });

  it('is turned off by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true', async () => {
    const provider = new EcsRamRoleCredentialProvider({
      metadataUrl: server.url,
      env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' },
    });
    const error = await rejectionOf(provider.getCredential());
    expect(error).toBeInstanceOf(ClientError);
    expect(error.message).toContain('ALIBABA_CLOUD_ECS_METADATA_DISABLED');
    expect(server.requests).toHaveLength(0);
  });

  it('checks its options and shows no secret', async () => {
    expect(() => new EcsRamRoleCredentialProvider({ metadataUrl: 'ftp://x' })).toThrow(/metadataUrl/);
    expect(() => new EcsRamRoleCredentialProvider({ metadataUrl: 'not a url' })).toThrow(ClientError);
    expect(() => new EcsRamRoleCredentialProvider({ roleName: ' ' })).toThrow(/roleName/);
    expect(() => new EcsRamRoleCredentialProvider({ metadataTimeoutMs: 0 })).toThrow(/metadataTimeoutMs/);
    expect(() => new EcsRamRoleCredentialProvider({ metadataTimeoutMs: 3e9 })).toThrow(
      /metadataTimeoutMs: got 3000000000; expected an integer from 1 to 2147483647/,
    );
    const provider = new EcsRamRoleCredentialProvider({
      metadataUrl: `${server.url}/`,
      roleName: 'test-role',
    });
    await provider.getCredential();
    expect(String(provider)).toBe('EcsRamRoleCredentialProvider(test-role)');
    expect(inspect(provider)).toBe('EcsRamRoleCredentialProvider(test-role)');
    expectNoSecret(provider, [server.behaviour.secret, 'ECS-TOKEN-1']);
  });
});
