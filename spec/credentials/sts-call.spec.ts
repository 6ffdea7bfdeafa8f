// The STS-based providers reach STS through one injected StsCall: by default the SDK's own
// pipeline (installed by alicloud-rx/node), or the caller's, handed down from the profile and
// chain providers to the RAM role ARN and OIDC providers they build.
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import type { StsCall, StsRequest } from '../../src/node.js';
import {
  defaultCredentialProvider,
  ProfileCredentialProvider,
  RamRoleArnCredentialProvider,
  rpcStsCall,
} from '../../src/node.js';
import { HOUR, T0, tempHome } from './helpers.js';
import { oidcStsServer, stsServer } from './servers.js';

const ROLE = 'acs:ram::123456789012:role/deployer';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.SIG+inj/do-not-leak=';

/** An StsCall that records each request and hands it on to the SDK's own. */
function recording(): { call: StsCall; requests: StsRequest[] } {
  const requests: StsRequest[] = [];
  return { requests, call: (request) => (requests.push(request), rpcStsCall(request)) };
}

describe('StsCall: one way to call STS, injected into the providers', () => {
  it('a RAM role ARN provider sends AssumeRole through the given stsCall, signed by its source', async () => {
    const sts = await stsServer({ 'LTAI-source': 'SOURCE-SECRET' });
    try {
      const source = new AccessKeyCredential('LTAI-source', 'SOURCE-SECRET');
      const { call, requests } = recording();
      const provider = new RamRoleArnCredentialProvider({
        source,
        roleArn: ROLE,
        roleSessionName: 'ci',
        stsEndpoint: sts.url,
        stsCall: call,
        env: {},
      });
      expect((await provider.getCredential()).accessKeyId).toBe('STS.assumed-1');
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({
        action: 'AssumeRole',
        endpoint: sts.url,
        params: { RoleArn: ROLE, RoleSessionName: 'ci', DurationSeconds: '3600' },
        secrets: [],
      });
      expect(requests[0]!.signer).toBe(source);
      expect(sts.calls[0]!.verification.accessKeyId).toBe('LTAI-source'); // and it reached STS signed
    } finally {
      await sts.close();
    }
  });

  it('a profile provider hands stsCall down to the RAM role ARN provider it builds', async () => {
    const home = await tempHome();
    const sts = await stsServer({ 'LTAI-deploy': 'DEPLOY-SECRET' });
    try {
      await home.write(
        '.alibabacloud/credentials',
        `[deploy]\ntype = ram_role_arn\naccess_key_id = LTAI-deploy\naccess_key_secret = DEPLOY-SECRET\nrole_arn = ${ROLE}\n`,
      );
      const { call, requests } = recording();
      const provider = new ProfileCredentialProvider({
        homeDir: home.dir,
        profileName: 'deploy',
        stsEndpoint: sts.url,
        stsCall: call,
        env: {},
      });
      expect((await provider.getCredential()).accessKeyId).toBe('STS.assumed-1');
      expect(requests.map((r) => r.action)).toEqual(['AssumeRole']);
    } finally {
      await sts.close();
      await home.cleanup();
    }
  });

  it('the default chain hands stsCall down to its OIDC provider: unsigned, the token named as a secret', async () => {
    const home = await tempHome();
    const sts = await oidcStsServer(T0 + HOUR);
    try {
      const tokenFile = await home.write('token', TOKEN);
      const { call, requests } = recording();
      const provider = defaultCredentialProvider({
        env: {
          ALIBABA_CLOUD_ROLE_ARN: ROLE,
          ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::123456789012:oidc-provider/p',
          ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
        },
        homeDir: home.dir,
        stsEndpoint: sts.url,
        stsCall: call,
        now: () => T0,
      });
      expect((await provider.getCredential()).accessKeyId).toBe('STS.oidc-1');
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({ action: 'AssumeRoleWithOIDC', secrets: [TOKEN] });
      expect(requests[0]!.signer).toBeUndefined();
      expect(requests[0]!.params.OIDCToken).toBe(TOKEN);
    } finally {
      await sts.close();
      await home.cleanup();
    }
  });

  it('a provider whose stsCall fails passes that failure on, unchanged', async () => {
    const failure = new Error('routed elsewhere and refused');
    const provider = new RamRoleArnCredentialProvider({
      source: new AccessKeyCredential('LTAI-x', 'X-SECRET'),
      roleArn: ROLE,
      stsCall: () => Promise.reject(failure),
      env: {},
    });
    await expect(provider.getCredential()).rejects.toBe(failure);
  });
});
