// A static key is taken without waiting a turn for getCredential()'s promise; a subclass that
// overrides getCredential (to rotate keys, say) must still be asked, every attempt.
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import type { Credential } from '../../src/credentials/credential.js';
import { useWire } from '../clients/wire.js';

describe('the static-credential fast path (real loopback HTTP, real signatures)', () => {
  const wire = useWire();

  it('signs with the key itself; an instance whose getCredential was replaced is asked instead', async () => {
    const key = new AccessKeyCredential('testid', 'testsecret');
    let asked = 0;
    const original = key.getCredential.bind(key);
    key.getCredential = () => ((asked += 1), original()); // an own property: not the class's method
    await wire
      .client({ credential: new AccessKeyCredential('testid', 'testsecret') })
      .request('DescribeRegions', {});
    expect(wire.server.requests[0]!.signatureValid).toBe(true);
    // The patched instance does override getCredential, so it is asked.
    await wire.client({ credential: key }).request('DescribeRegions', {});
    expect(asked).toBe(1);
  });

  it('asks a subclass that overrides getCredential, and signs with what it answers', async () => {
    class Rotating extends AccessKeyCredential {
      calls = 0;
      override getCredential(): Promise<Credential> {
        this.calls += 1;
        return Promise.resolve({ accessKeyId: 'testid', accessKeySecret: 'testsecret' }); // the rotated key
      }
    }
    const rotating = new Rotating('stale-id', 'stale-secret');
    await wire.client({ credential: rotating }).request('DescribeRegions', {});
    expect(rotating.calls).toBe(1);
    expect(wire.server.requests[0]).toMatchObject({ accessKeyId: 'testid', signatureValid: true });
  });
});
