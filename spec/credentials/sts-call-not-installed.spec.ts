// Imported from its own module, not through alicloud-rx/node, a provider has no StsCall unless
// one is given: it says so at construction, before anything could be sent.
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { RamRoleArnCredentialProvider } from '../../src/credentials/ram-role-arn-credential-provider.js';
import { clientErrorOf } from '../helpers/client-error-of.js';

describe('StsCall not installed', () => {
  it('is a ClientError naming stsCall and alicloud-rx/node', () => {
    const error = clientErrorOf(
      () =>
        new RamRoleArnCredentialProvider({
          source: new AccessKeyCredential('LTAI-x', 'X-SECRET'),
          roleArn: 'acs:ram::1:role/r',
          env: {},
        }),
      'SDK.InvalidParam',
    );
    expect(error.message).toContain('alicloud-rx/node');
    expect(error.message).toContain('stsCall');
  });

  it('is not needed when stsCall is given', () => {
    const provider = new RamRoleArnCredentialProvider({
      source: new AccessKeyCredential('LTAI-x', 'X-SECRET'),
      roleArn: 'acs:ram::1:role/r',
      stsCall: () => Promise.resolve({}),
      env: {},
    });
    expect(provider.roleArn).toBe('acs:ram::1:role/r');
  });
});
