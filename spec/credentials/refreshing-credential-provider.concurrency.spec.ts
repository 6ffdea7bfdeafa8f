import { jest } from '@jest/globals';
import { RefreshingCredentialProvider } from '../../src/credentials/refreshing-credential-provider.js';
import { HOUR, MINUTE, T0, clock, countingSource, deferred, ids, rejectionOf, settled } from './helpers.js';

describe('RefreshingCredentialProvider: single flight and failures', () => {
  it('1,000 concurrent calls on an expired credential trigger exactly one refresh and all get its result', async () => {
    const time = clock();
    const { state, fetchCredential } = countingSource(time.now);
    const provider = new RefreshingCredentialProvider({ fetchCredential, now: time.now });
    await provider.getCredential();
    time.set(T0 + HOUR + 1); // expired
    state.gate = deferred<void>();
    const calls = Array.from({ length: 1000 }, () => provider.getCredential());
    state.gate.resolve();
    const credentials = await Promise.all(calls);
    expect(state.fetches).toBe(2); // the first fetch, plus ONE refresh for the 1,000 calls
    expect(ids(credentials)).toEqual(['id-2']);
  });

  it('1,000 concurrent first calls share one fetch', async () => {
    const time = clock();
    const { state, fetchCredential } = countingSource(time.now);
    const provider = new RefreshingCredentialProvider({ fetchCredential, now: time.now });
    const credentials = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(state.fetches).toBe(1);
    expect(ids(credentials)).toEqual(['id-1']);
  });

  it('a failed refresh rejects every waiting caller once; the next call tries again', async () => {
    const time = clock();
    const { state, fetchCredential } = countingSource(time.now);
    const provider = new RefreshingCredentialProvider({ fetchCredential, now: time.now });
    state.fail = true;
    const results = await Promise.allSettled(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(state.fetches).toBe(1);
    expect(
      results.every((r) => r.status === 'rejected' && String(r.reason).includes('source down (1)')),
    ).toBe(true);
    state.fail = false;
    expect((await provider.getCredential()).accessKeyId).toBe('id-2');
    expect(state.fetches).toBe(2);
  });

  it('a failed refresh while the cached credential is unexpired keeps serving it, logging nothing', async () => {
    const errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const warnSpy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const time = clock();
      const { state, fetchCredential } = countingSource(time.now);
      const provider = new RefreshingCredentialProvider({
        fetchCredential,
        now: time.now,
        expiryMarginMs: MINUTE,
      });
      await provider.getCredential();
      state.fail = true;
      time.set(T0 + HOUR - 2 * MINUTE); // background-refresh window
      expect((await provider.getCredential()).accessKeyId).toBe('id-1');
      await settled(); // let the background refresh fail
      time.set(T0 + HOUR - 30_000); // inside the margin: waits, the refresh fails, the old one is still valid
      expect((await provider.getCredential()).accessKeyId).toBe('id-1');
      expect(state.fetches).toBe(3); // each call after a failure tried again
      time.set(T0 + HOUR); // expired: now the failure reaches the caller
      expect(String(await rejectionOf(provider.getCredential()))).toContain('source down (4)');
      expect(errorSpy).not.toHaveBeenCalled();
      expect(warnSpy).not.toHaveBeenCalled();
    } finally {
      errorSpy.mockRestore();
      warnSpy.mockRestore();
    }
  });

  it('a source that throws synchronously settles the flight and is tried again', async () => {
    let calls = 0;
    const provider = new RefreshingCredentialProvider({
      fetchCredential: () => {
        calls += 1;
        if (calls === 1) throw new Error('sync boom');
        return Promise.resolve({ accessKeyId: 'id', accessKeySecret: 's' });
      },
    });
    expect((await rejectionOf(provider.getCredential())).message).toBe('sync boom');
    expect((await provider.getCredential()).accessKeyId).toBe('id');
  });
});
