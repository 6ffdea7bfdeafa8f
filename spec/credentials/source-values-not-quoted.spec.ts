import { CliConfigCredentialProvider } from '../../src/node.js';
import { ProfileCredentialProvider } from '../../src/node.js';
import { UriCredentialProvider } from '../../src/credentials/uri-credential-provider.js';
import { ClientError } from '../../src/errors/client-error.js';
import { expectNoSecret, rejectionOf, tempHome } from './helpers.js';
import { credentialsUriServer } from './servers.js';

/** A secret put by mistake where a type, a mode or a Code belongs (22 characters). */
const PLANTED = 'LTAI5tPLANTEDSECRET000';

describe('values read from a credential source are never quoted in an error', () => {
  let home: Awaited<ReturnType<typeof tempHome>>;
  beforeEach(async () => (home = await tempHome()));
  afterEach(() => home.cleanup());

  it("a credentials file profile's unknown type: names the field and the allowed values, not the value", async () => {
    const path = await home.write('.alibabacloud/credentials', `[default]\ntype = ${PLANTED}\n`);

    const error = await rejectionOf(
      new ProfileCredentialProvider({ homeDir: home.dir, env: {} }).getCredential(),
    );

    expect(error).toBeInstanceOf(ClientError);
    expect(error.code).toBe('SDK.InvalidParam');
    expect(error.message).toBe(
      `Profile [default] of ${path} has an unknown type (a value of 22 characters, not shown); alicloud-rx supports access_key, sts, ecs_ram_role, ram_role_arn.`,
    );
    expectNoSecret(error, [PLANTED]);
  });

  it("an Aliyun CLI profile's unknown mode: names the field and the allowed values, not the value", async () => {
    const path = await home.write(
      '.aliyun/config.json',
      JSON.stringify({ current: 'main', profiles: [{ name: 'main', mode: PLANTED }] }),
    );

    const error = await rejectionOf(
      new CliConfigCredentialProvider({ homeDir: home.dir, env: {} }).getCredential(),
    );

    expect(error).toBeInstanceOf(ClientError);
    expect(error.code).toBe('SDK.InvalidParam');
    expect(error.message).toBe(
      `Profile "main" of ${path} has an unknown mode (a value of 22 characters, not shown); alicloud-rx supports AK, StsToken, RamRoleArn, EcsRamRole, ChainableRamRoleArn.`,
    );
    expectNoSecret(error, [PLANTED]);
  });

  it("a credentials URI answer's Code other than Success: names the field and the allowed value, not the value", async () => {
    const server = await credentialsUriServer();
    try {
      server.state.code = PLANTED;

      const error = await rejectionOf(
        new UriCredentialProvider({ credentialsUri: `${server.url}/credentials`, env: {} }).getCredential(),
      );

      expect(error.code).toBe('SDK.CredentialError');
      expect(error.message).toBe(
        `Credentials URI GET ${server.url}/credentials answered a Code other than "Success" (a value of 22 characters, not shown).`,
      );
      expectNoSecret(error, [PLANTED]);
    } finally {
      await server.close();
    }
  });
});
