import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { checkCredential } from '../../src/credentials/check-credential.js';
import { RefreshingCredentialProvider } from '../../src/credentials/refreshing-credential-provider.js';
import { StsTokenCredential } from '../../src/credentials/sts-token-credential.js';
import { ClientError } from '../../src/errors/client-error.js';
import { expectNoSecret, rejectionOf } from './helpers.js';
import { clientErrorOf } from '../helpers/client-error-of.js';

const SECRET = 'PLANTED-SECRET';
const BAD = [
  ['a line feed', `${SECRET}\n`],
  ['a CR LF and a header', `${SECRET}\r\nX-Injected: 1`],
  ['NUL', `${SECRET}\0`],
  ['DEL', `${SECRET}\u007f`],
  ['a character above Latin-1', `${SECRET}\u0100`],
  ['a lone surrogate', `${SECRET}\uD800`],
] as const;

const refusal = (fn: () => unknown): ClientError => clientErrorOf(fn);

describe('credentials whose AccessKeyId or SecurityToken cannot go in a header', () => {
  it.each(BAD)('AccessKeyCredential refuses an AccessKeyId with %s, without quoting it', (_what, id) => {
    const error = refusal(() => new AccessKeyCredential(id, 'secret'));

    expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
    expect(error.message).toBe(
      'AccessKeyCredential: accessKeyId must be printable Latin-1 text without control characters (value not shown).',
    );
    expectNoSecret(error, [SECRET]);
  });

  it.each(BAD)(
    'StsTokenCredential refuses an AccessKeyId or SecurityToken with %s, without quoting it',
    (_what, bad) => {
      const id = refusal(() => new StsTokenCredential(bad, 'secret', 'token'));
      const token = refusal(() => new StsTokenCredential('STS.id', 'secret', bad));

      expect(id.message).toContain('StsTokenCredential: accessKeyId must be printable Latin-1');
      expect(token.message).toContain('StsTokenCredential: securityToken must be printable Latin-1');
      for (const error of [id, token]) {
        expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
        expectNoSecret(error, [SECRET]);
      }
    },
  );

  it('accepts printable Latin-1 ids and tokens (tab and 0xA0–0xFF included)', () => {
    expect(new StsTokenCredential('STS.id\u00e9', 'secret', 'CAIS/+=\ttoken\u00ff').accessKeyId).toBe(
      'STS.id\u00e9',
    );
    expect(checkCredential({ accessKeyId: 'id', accessKeySecret: 'sécret \u0100 ok' }, 'p')).toBeTruthy();
  });

  it.each(BAD)(
    'a refreshing provider whose source answers %s fails with ClientError, value not shown',
    async (_what, bad) => {
      const expiration = Date.now() + 3_600_000;
      const provider = new RefreshingCredentialProvider({
        name: 'TestProvider',
        fetchCredential: async () => ({
          accessKeyId: 'STS.id',
          accessKeySecret: 'secret',
          securityToken: bad,
          expiration,
        }),
      });

      const error = await rejectionOf(provider.getCredential());

      expect(error).toBeInstanceOf(ClientError);
      expect(error.code).toBe('SDK.InvalidParam');
      expect(error.message).toContain('securityToken must be printable Latin-1');
      expectNoSecret(error, [SECRET]);
    },
  );
});
