// A server that answers 302/307 to a second origin, which records anything it receives. Before,
// ky over fetch followed a 307 across origins and sent it x-acs-security-token (with HMAC-SHA1 the
// whole signed form: AccessKeyId, SecurityToken, Signature), and the OIDC provider its OIDCToken;
// the second server's answer came back as the call's success. Now no transport follows a
// redirect, the call fails with SDK.UnexpectedRedirect naming the status and the host only, and
// the second origin hears nothing; the same for every request of the credential providers.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RpcClient } from '../../../src/clients/rpc-client.js';
import type { Config } from '../../../src/config.js';
import { EcsRamRoleCredentialProvider } from '../../../src/credentials/ecs-ram-role-credential-provider.js';
import { OidcRoleArnCredentialProvider } from '../../../src/node.js';
import { RamRoleArnCredentialProvider } from '../../../src/node.js';
import { StsTokenCredential } from '../../../src/credentials/sts-token-credential.js';
import { UriCredentialProvider } from '../../../src/credentials/uri-credential-provider.js';
import { ServerError } from '../../../src/errors/server-error.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { rejectionOf } from '../../credentials/helpers.js';
import { viewsOf } from '../secrets.js';
import { redirectServer, type HostileServer } from './hostile-servers.js';
import { TRANSPORTS } from './transports.js';

const SECRET = 'redirect-S3CRET+/=never-sent';
const TOKEN = 'CAIS.redirect/token+never=sent';
const OIDC_TOKEN = 'eyJ.oidc-token-never-sent.sig';

let origin: LoopbackServer;
let thief: LoopbackServer;
/** Redirects anything, signed or not (the credential sources' requests are not all signed). */
let redirector: HostileServer;
let redirectStatus = 307;

beforeAll(async () => {
  thief = await startLoopbackServer({
    handler: () => ({ body: { RequestId: 'STOLEN', Regions: { Region: [] } } }),
  });
  origin = await startLoopbackServer({ accounts: { 'STS.redirect': SECRET } });
  redirector = await redirectServer(
    () => redirectStatus,
    () => `${thief.url}/collect?Signature=leaked&SecurityToken=leaked`,
  );
});

afterAll(async () => {
  await Promise.all([origin.close(), thief.close(), redirector.close()]);
});

beforeEach(() => {
  thief.requests.length = 0;
  origin.requests.length = 0;
});

const redirectTo = (status: number) => () => ({
  status,
  headers: { location: `${thief.url}/collect?Signature=leaked&SecurityToken=leaked` },
  body: '',
});

function expectRedirectError(error: Error, status: number): void {
  expect(error).toBeInstanceOf(ServerError);
  expect(error).toMatchObject({ code: 'SDK.UnexpectedRedirect', statusCode: status, attempts: 1 });
  const host = new URL(thief.url).host;
  expect(error.message).toContain(`HTTP ${status} to ${host}`);
  for (const view of viewsOf(error)) {
    expect(view).not.toContain('/collect');
    expect(view).not.toContain('leaked');
  }
}

describe.each(TRANSPORTS)('redirects over %s', (_name, config) => {
  const client = (base: Config, algorithm: 'ACS3-HMAC-SHA256' | 'HMAC-SHA1') =>
    new RpcClient({
      product: 'ecs',
      version: '2014-05-26',
      regionId: 'cn-hangzhou',
      config: base.withEndpoint(origin.url).withSignatureAlgorithm(algorithm).withRetryBackoff(1, 2),
      credential: new StsTokenCredential('STS.redirect', SECRET, TOKEN),
    });

  it.each([
    [302, 'ACS3-HMAC-SHA256'],
    [307, 'ACS3-HMAC-SHA256'],
    [302, 'HMAC-SHA1'],
    [307, 'HMAC-SHA1'],
    [303, 'ACS3-HMAC-SHA256'],
    [308, 'HMAC-SHA1'],
  ] as const)(
    'a %d to another origin (%s) is SDK.UnexpectedRedirect, not retried, and that origin hears nothing',
    async (status, algorithm) => {
      origin.setHandler(redirectTo(status));

      const error = await rejectionOf(client(config(), algorithm).request('DescribeRegions', {}));

      expectRedirectError(error, status);
      expect(origin.requests).toHaveLength(1); // a read-only call, yet not retried
      expect(origin.requests[0]!.securityToken).toBe(TOKEN); // what would have been carried over
      expect(thief.requests).toHaveLength(0);
    },
  );

  it('a redirect to a path on the same host is refused too, without quoting the path', async () => {
    origin.setHandler(() => ({ status: 301, headers: { location: '/elsewhere?x=1' }, body: '' }));

    const error = await rejectionOf(client(config(), 'ACS3-HMAC-SHA256').request('DescribeRegions', {}));

    expect(error).toMatchObject({ code: 'SDK.UnexpectedRedirect', statusCode: 301 });
    expect(error.message).toContain('HTTP 301 to a path on the same host');
    expect(error.message).not.toContain('elsewhere');
    expect(origin.requests).toHaveLength(1);
  });

  it('the OIDC provider never sends its OIDCToken across a redirect', async () => {
    redirectStatus = 307;
    const before = redirector.requests();
    const dir = await mkdtemp(join(tmpdir(), 'hostile-oidc-'));
    await writeFile(join(dir, 'token'), OIDC_TOKEN);
    const provider = new OidcRoleArnCredentialProvider({
      roleArn: 'acs:ram::1:role/r',
      oidcProviderArn: 'acs:ram::1:oidc-provider/p',
      oidcTokenFilePath: join(dir, 'token'),
      stsEndpoint: redirector.url,
      stsConfig: config(),
      env: {},
    });

    const error = await rejectionOf(provider.getCredential());

    expectRedirectError(error, 307);
    expect(redirector.requests() - before).toBe(1);
    expect(thief.requests).toHaveLength(0);
    for (const view of viewsOf(error)) expect(view).not.toContain(OIDC_TOKEN);
  });

  it('the RAM role ARN provider never sends its signed AssumeRole across a redirect', async () => {
    origin.setHandler(redirectTo(302));
    const provider = new RamRoleArnCredentialProvider({
      source: new StsTokenCredential('STS.redirect', SECRET, TOKEN),
      roleArn: 'acs:ram::1:role/r',
      stsEndpoint: origin.url,
      stsConfig: config().withRetryBackoff(1, 2),
      env: {},
    });

    const error = await rejectionOf(provider.getCredential());

    expectRedirectError(error, 302);
    expect(thief.requests).toHaveLength(0);
  });
});

describe('redirects in the Node-only credential sources (global fetch)', () => {
  it('the credentials URI provider does not follow a redirect', async () => {
    redirectStatus = 307;
    const provider = new UriCredentialProvider({ credentialsUri: `${redirector.url}/creds`, env: {} });

    const error = await rejectionOf(provider.getCredential());

    expect(error).toMatchObject({ code: 'SDK.CredentialError' });
    expect(error.message).toContain('answered HTTP 307 (redirects are not followed)');
    expect(thief.requests).toHaveLength(0);
  });

  it('the ECS RAM role provider does not follow a redirect of the metadata service', async () => {
    redirectStatus = 302;
    const provider = new EcsRamRoleCredentialProvider({
      metadataUrl: redirector.url,
      roleName: 'r',
      env: {},
    });

    const error = await rejectionOf(provider.getCredential());

    expect(error).toMatchObject({ code: 'SDK.CredentialError' });
    expect(error.message).toContain('answered HTTP 302');
    expect(thief.requests).toHaveLength(0);
  });
});
