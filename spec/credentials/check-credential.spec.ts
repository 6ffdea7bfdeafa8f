import { checkCredential, frozenCredential } from '../../src/credentials/check-credential.js';
import { ClientError } from '../../src/errors/client-error.js';

describe('checkCredential and frozenCredential', () => {
  it('checks a plain credential every time: one changed since fails, naming the field only', () => {
    const credential = { accessKeyId: 'id', accessKeySecret: 'secret-1' };
    expect(checkCredential(credential, 'The provider')).toBe(credential);

    credential.accessKeySecret = ' ';

    expect(() => checkCredential(credential, 'The provider')).toThrow(ClientError);
    expect(() => checkCredential(credential, 'The provider')).toThrow(
      'The provider: accessKeySecret must be a non-empty string (value not shown).',
    );
  });

  it('freezes a checked copy (not the caller object), which later checks return as it is', () => {
    const source = { accessKeyId: 'id', accessKeySecret: 'secret-1', securityToken: 'token' };
    const frozen = frozenCredential(source, 'Static');

    expect(frozen).toEqual(source);
    expect(frozen).not.toBe(source);
    expect(Object.isFrozen(frozen)).toBe(true);
    expect(Object.isFrozen(source)).toBe(false);
    expect(checkCredential(frozen, 'The provider')).toBe(frozen);
    expect(() => frozenCredential({ accessKeyId: 'id' }, 'Static')).toThrow(/Static: accessKeySecret/);
  });
});
