// How the fake cloud authenticates our own client, called in-process through Config.withFetch.
import type { RpcClient } from '../../src/clients/rpc-client.js';
import { Config, type SignatureAlgorithm } from '../../src/config.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import type { CredentialProvider } from '../../src/credentials/credential.js';
import { StsTokenCredential } from '../../src/credentials/sts-token-credential.js';
import { ServerError } from '../../src/errors/server-error.js';
import { DEFAULT_ACCOUNTS } from '../../src/testing/fake-account.js';
import { createFakeCloud, type FakeCloud } from '../../src/testing/fake-cloud.js';
import { STS_TOKEN, ecsClient, manualClock, rejectionOf, type ManualClock } from './fake-cloud-helpers.js';

const MINUTE = 60_000;
const SHORT_TOKEN = 'short-lived-token';

describe.each(['ACS3-HMAC-SHA256', 'HMAC-SHA1'] as const)(
  'the fake cloud authenticating our client signing with %s',
  (algorithm: SignatureAlgorithm) => {
    let clock: ManualClock;
    let cloud: FakeCloud;
    beforeEach(() => {
      clock = manualClock();
      cloud = createFakeCloud({
        now: clock.now,
        regions: ['cn-hangzhou'],
        instancesPerRegion: 10,
        accounts: [
          ...DEFAULT_ACCOUNTS,
          { accessKeyId: 'plain', accessKeySecret: 'plain-secret' },
          {
            accessKeyId: 'expiring',
            accessKeySecret: 'expiring-secret',
            securityTokens: [SHORT_TOKEN],
            tokenExpiration: clock.now() + MINUTE,
          },
        ],
      });
    });

    const config = () =>
      new Config()
        .withEndpoint('http://ecs.fake.test')
        .withFetch(cloud.fetch)
        .withSignatureAlgorithm(algorithm);
    const clients: RpcClient[] = [];
    afterEach(() => Promise.all(clients.splice(0).map((c) => c.shutdown())));
    const client = (credential: CredentialProvider, base = config()) => {
      const ecs = ecsClient(base, credential);
      clients.push(ecs);
      return ecs;
    };
    const call = (credential: CredentialProvider) => client(credential).request('DescribeRegions');
    const refusal = async (credential: CredentialProvider) => {
      const error = await rejectionOf(call(credential));
      expect(error).toBeInstanceOf(ServerError);
      return error as ServerError;
    };

    it('accepts the STS token the default account lists', async () => {
      const body = await call(new StsTokenCredential('testid', 'testsecret', STS_TOKEN));
      expect(body).toHaveProperty('Regions.Region');
      expect(cloud.stats.byAction.DescribeRegions).toEqual({ OK: 1 });
    });

    it('refuses an AccessKeyId it does not know with InvalidAccessKeyId.NotFound, without retrying', async () => {
      const error = await refusal(new AccessKeyCredential('nobody', 'testsecret'));
      expect(error).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', statusCode: 404, attempts: 1 });
      expect(error.requestId).toEqual(expect.any(String));
      expect(cloud.stats.requests).toBe(1);
    });

    it('refuses a wrong secret with SignatureDoesNotMatch, showing the server string-to-sign with the token redacted', async () => {
      const error = await refusal(new StsTokenCredential('testid', 'wrong-secret', STS_TOKEN));
      expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400, attempts: 1 });
      expect(error.message).toContain(
        algorithm === 'HMAC-SHA1'
          ? 'server string to sign is:POST&%2F&'
          : 'server string to sign is:ACS3-HMAC-SHA256\n',
      );
      // The fake echoes what it signed, the token among it; our ServerError blanks it out.
      expect(error.message).toContain('***');
      expect(error.message).not.toContain('test-sts-token');
      expect(error.message).not.toContain('wrong-secret');
      expect(cloud.stats.byAction.DescribeRegions).toEqual({ SignatureDoesNotMatch: 1 });
    });

    it('refuses a token the AccessKey does not accept with InvalidSecurityToken.MismatchWithAccessKey', async () => {
      const error = await refusal(new StsTokenCredential('testid', 'testsecret', 'someone-elses-token'));
      expect(error).toMatchObject({ code: 'InvalidSecurityToken.MismatchWithAccessKey', statusCode: 400 });
    });

    it('refuses a token on an AccessKey that takes none with InvalidSecurityToken.Malformed', async () => {
      const error = await refusal(new StsTokenCredential('plain', 'plain-secret', 'any-token'));
      expect(error.code).toBe('InvalidSecurityToken.Malformed');
      await expect(call(new AccessKeyCredential('plain', 'plain-secret'))).resolves.toBeDefined();
    });

    it('accepts a token until its expiration and then refuses it with InvalidSecurityToken.Expired', async () => {
      const credential = new StsTokenCredential('expiring', 'expiring-secret', SHORT_TOKEN);
      await expect(call(credential)).resolves.toHaveProperty('Regions');
      clock.advance(MINUTE);
      await expect(call(credential)).resolves.toHaveProperty('Regions');
      clock.advance(1);
      const error = await refusal(credential);
      expect(error).toMatchObject({ code: 'InvalidSecurityToken.Expired', statusCode: 400 });
    });

    it('accepts a request signed 14 minutes off its clock and refuses one 16 minutes off with InvalidTimeStamp.Expired', async () => {
      clock.advance(14 * MINUTE);
      await expect(call(new StsTokenCredential('testid', 'testsecret', STS_TOKEN))).resolves.toBeDefined();
      clock.advance(2 * MINUTE);
      const error = await refusal(new StsTokenCredential('testid', 'testsecret', STS_TOKEN));
      expect(error).toMatchObject({ code: 'InvalidTimeStamp.Expired', statusCode: 400, attempts: 1 });
      clock.advance(-32 * MINUTE);
      expect((await refusal(new AccessKeyCredential('testid', 'testsecret'))).code).toBe(
        'InvalidTimeStamp.Expired',
      );
    });

    it('refuses the same signed request sent a second time with SignatureNonceUsed', async () => {
      const sent: Request[] = [];
      const tap = (input: Request, init?: RequestInit) => {
        const request = init === undefined ? input : new Request(input, init);
        sent.push(request.clone());
        return cloud.fetch(request);
      };
      await client(new AccessKeyCredential('testid', 'testsecret'), config().withFetch(tap)).request(
        'DescribeRegions',
      );
      expect(sent).toHaveLength(1);
      const original = sent[0] as Request;
      const body = await original.text();
      const replayed = new Request(original.url, {
        method: original.method,
        headers: original.headers,
        body: body === '' ? undefined : body,
      });
      const response = await cloud.fetch(replayed);
      expect(response.status).toBe(400);
      await expect(response.json()).resolves.toMatchObject({
        Code: 'SignatureNonceUsed',
        RequestId: expect.any(String),
      });
      expect(cloud.stats.byAction.DescribeRegions).toEqual({ OK: 1, SignatureNonceUsed: 1 });
    });

    it('checks the signature before the token and the clock, so a wrong secret is always SignatureDoesNotMatch', async () => {
      const codes: string[] = [];
      codes.push((await refusal(new StsTokenCredential('testid', 'wrong', 'someone-elses-token'))).code);
      codes.push((await refusal(new StsTokenCredential('plain', 'wrong', 'any-token'))).code);
      clock.advance(MINUTE + 1);
      codes.push((await refusal(new StsTokenCredential('expiring', 'wrong', SHORT_TOKEN))).code);
      clock.advance(16 * MINUTE);
      codes.push((await refusal(new AccessKeyCredential('testid', 'wrong'))).code);
      expect(codes).toEqual(Array(4).fill('SignatureDoesNotMatch'));
    });
  },
);
