// Imported from its own module, not through alicloud-rx/node, a provider has no StsCall unless
// one is given: it says so when STS is first needed (not at construction: the order in which
// modules load must not matter), before anything is sent.
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { RamRoleArnCredentialProvider } from '../../src/credentials/ram-role-arn-credential-provider.js';
import { ClientError } from '../../src/errors/client-error.js';
import { clientErrorOf } from '../helpers/client-error-of.js';
import { rejectionOf } from './helpers.js';

const options = {
  source: new AccessKeyCredential('LTAI-x', 'X-SECRET'),
  roleArn: 'acs:ram::1:role/r',
  env: {},
};

describe('StsCall not installed', () => {
  it('is a ClientError naming stsCall and alicloud-rx/node, from getCredential()', async () => {
    const provider = new RamRoleArnCredentialProvider(options);
    const error = await rejectionOf(provider.getCredential());
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
    expect(error.message).toContain('alicloud-rx/node');
    expect(error.message).toContain('stsCall');
  });

  it('is not needed when stsCall is given', async () => {
    const stsCall = () =>
      Promise.resolve({
        Credentials: {
          AccessKeyId: 'STS.given',
          AccessKeySecret: 'GIVEN-SECRET',
          SecurityToken: 'GIVEN-TOKEN',
          Expiration: '2099-01-01T00:00:00Z',
        },
      });
    const provider = new RamRoleArnCredentialProvider({ ...options, stsCall });
    expect((await provider.getCredential()).accessKeyId).toBe('STS.given');
  });

  it('refuses a stsCall that is not a function, at construction', () => {
    const error = clientErrorOf(
      () => new RamRoleArnCredentialProvider({ ...options, stsCall: 'sts' as never }),
      'SDK.InvalidParam',
    );
    expect(error.message).toContain('stsCall');
  });
});
