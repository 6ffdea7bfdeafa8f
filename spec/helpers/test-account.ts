/**
 * The test account every wire and fake-cloud spec signs with (the fake cloud's and the loopback
 * server's default account), and reading a rejection without try/catch in each test.
 */
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { StsTokenCredential } from '../../src/credentials/sts-token-credential.js';

/** The STS token the default account accepts (the one in the captured vectors). */
export const STS_TOKEN = 'test-sts-token/with+special=chars';

/** The default account's AccessKey. */
export const testKey = (): AccessKeyCredential => new AccessKeyCredential('testid', 'testsecret');

/** The default account's AccessKey with {@link STS_TOKEN}. */
export const stsToken = (): StsTokenCredential => new StsTokenCredential('testid', 'testsecret', STS_TOKEN);

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
