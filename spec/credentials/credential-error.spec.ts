import { runInNewContext } from 'node:vm';
import { EcsRamRoleCredentialProvider } from '../../src/credentials/ecs-ram-role-credential-provider.js';
import { CredentialError, SdkError, isSdkError } from '../../src/index.js';
import { useWire } from '../clients/wire.js';
import { rejectionOf } from './helpers.js';
import { closedUrl } from './servers.js';

/** A provider whose source is down: the ECS metadata service at a port nothing listens on. */
const failingProvider = async () =>
  new EcsRamRoleCredentialProvider({ metadataUrl: await closedUrl(), env: {} });

describe('CredentialError', () => {
  it('is what a failing provider rejects with: a CredentialError and an SdkError, by instanceof and by isSdkError', async () => {
    const error = await rejectionOf((await failingProvider()).getCredential());

    expect(error).toBeInstanceOf(CredentialError);
    expect(error).toBeInstanceOf(SdkError);
    expect(isSdkError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'CredentialError', code: 'SDK.CredentialError' });
    expect(String(error)).toMatch(
      /^CredentialError \[SDK\.CredentialError\]: ECS metadata .* failed at the network level/,
    );
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'CredentialError',
      code: 'SDK.CredentialError',
    });
  });

  it('is recognised by isSdkError when it comes from another realm, where instanceof fails', () => {
    const foreign = (name: string): unknown =>
      runInNewContext(
        `Object.assign(new Error('no credential'), { name: ${JSON.stringify(name)}, code: 'SDK.CredentialError' })`,
      );

    expect(foreign('CredentialError')).not.toBeInstanceOf(CredentialError);
    expect(isSdkError(foreign('CredentialError'))).toBe(true);
    expect(isSdkError(foreign('SomeOtherError'))).toBe(false);
  });

  describe('in a client call', () => {
    const wire = useWire();

    it('reaches the caller unchanged, and nothing is sent', async () => {
      const client = wire.client({ credential: await failingProvider() });

      const error = await rejectionOf(client.request('DescribeRegions', {}));

      expect(error).toBeInstanceOf(CredentialError);
      expect(error.message).toContain('failed at the network level');
      expect(wire.server.requests).toHaveLength(0);
    });

    it('wraps what a custom provider throws (not an SdkError) as a CredentialError with it as cause', async () => {
      const thrown = new TypeError('vault unreachable');
      const client = wire.client({ credential: { getCredential: () => Promise.reject(thrown) } });

      const error = await rejectionOf(client.request('DescribeRegions', {}));

      expect(error).toBeInstanceOf(CredentialError);
      expect(error.message).toBe('Could not get a credential for DescribeRegions.');
      expect(error.cause).toBe(thrown);
      expect(wire.server.requests).toHaveLength(0);
    });
  });
});
