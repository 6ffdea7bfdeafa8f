import { inspect } from 'node:util';
import { RefreshingCredentialProvider } from '../../src/credentials/refreshing-credential-provider.js';
import { ClientError } from '../../src/errors/client-error.js';
import {
  HOUR,
  MINUTE,
  T0,
  clock,
  countingSource,
  deferred,
  expectNoSecret,
  ids,
  rejectionOf,
  settled,
} from './helpers.js';

describe('RefreshingCredentialProvider: caching and refresh ahead', () => {
  it('fetches on first use, then serves the cached credential until the refresh-ahead point', async () => {
    const time = clock();
    const { state, fetchCredential } = countingSource(time.now);
    const provider = new RefreshingCredentialProvider({ fetchCredential, now: time.now });
    expect((await provider.getCredential()).accessKeyId).toBe('id-1');
    time.set(T0 + HOUR - 3 * MINUTE - 1); // 1 ms before the default 3-minute refresh-ahead point
    expect((await provider.getCredential()).accessKeyId).toBe('id-1');
    expect(state.fetches).toBe(1);
  });

  it('refreshes ahead of expiry in the background: 1,000 calls in the window get the current credential and start one refresh', async () => {
    const time = clock();
    const { state, fetchCredential } = countingSource(time.now);
    const provider = new RefreshingCredentialProvider({
      fetchCredential,
      now: time.now,
      refreshAheadMs: 5 * MINUTE,
    });
    await provider.getCredential();
    time.set(T0 + HOUR - 5 * MINUTE); // the refresh-ahead point: still valid for 5 minutes
    state.gate = deferred<void>();
    const during = await Promise.all(Array.from({ length: 1000 }, () => provider.getCredential()));
    expect(ids(during)).toEqual(['id-1']); // served at once, without waiting for the refresh
    expect(state.fetches).toBe(2);
    state.gate.resolve();
    await settled();
    expect((await provider.getCredential()).accessKeyId).toBe('id-2');
    expect(state.fetches).toBe(2);
  });

  it('within the expiry margin callers wait for the refresh instead of getting a credential about to expire', async () => {
    const time = clock();
    const { state, fetchCredential } = countingSource(time.now);
    const provider = new RefreshingCredentialProvider({
      fetchCredential,
      now: time.now,
      refreshAheadMs: 5 * MINUTE,
      expiryMarginMs: MINUTE,
    });
    await provider.getCredential();
    time.set(T0 + HOUR - 30_000); // 30 s left: inside the 1-minute margin
    expect((await provider.getCredential()).accessKeyId).toBe('id-2');
    expect(state.fetches).toBe(2);
  });

  it('never refreshes before half of a short-lived credential’s lifetime has passed', async () => {
    const time = clock();
    const { state, fetchCredential } = countingSource(time.now, 10 * MINUTE);
    const provider = new RefreshingCredentialProvider({
      fetchCredential,
      now: time.now,
      refreshAheadMs: 15 * MINUTE,
    });
    await provider.getCredential();
    time.set(T0 + 5 * MINUTE - 1);
    await provider.getCredential();
    expect(state.fetches).toBe(1);
    time.set(T0 + 5 * MINUTE);
    await provider.getCredential();
    expect(state.fetches).toBe(2);
  });

  it('keeps a credential without expiration for good', async () => {
    let fetches = 0;
    const provider = new RefreshingCredentialProvider({
      fetchCredential: async () => ({ accessKeyId: `id-${++fetches}`, accessKeySecret: 's' }),
      now: () => T0 + 100 * 365 * 24 * HOUR,
    });
    await provider.getCredential();
    await provider.getCredential();
    expect(fetches).toBe(1);
  });

  it('invalidate() makes the next call fetch', async () => {
    const time = clock();
    const { state, fetchCredential } = countingSource(time.now);
    const provider = new RefreshingCredentialProvider({ fetchCredential, now: time.now });
    await provider.getCredential();
    provider.invalidate();
    expect((await provider.getCredential()).accessKeyId).toBe('id-2');
    expect(state.fetches).toBe(2);
  });

  it('rejects a malformed credential from its source without echoing the secret', async () => {
    const provider = new RefreshingCredentialProvider({
      fetchCredential: async () => ({ accessKeyId: 'id', accessKeySecret: 'S3CRET', securityToken: '' }),
      name: 'Test',
    });
    const error = await rejectionOf(provider.getCredential());
    expect(error).toBeInstanceOf(ClientError);
    expect(error.message).toContain('Test source: securityToken');
    expectNoSecret(error, ['S3CRET']);
  });

  it('shows no secret in toString, JSON or inspect once it holds a credential', async () => {
    const time = clock();
    const { fetchCredential } = countingSource(time.now);
    const provider = new RefreshingCredentialProvider({ fetchCredential, now: time.now, name: 'EcsRamRole' });
    await provider.getCredential();
    expect(String(provider)).toBe('RefreshingCredentialProvider(EcsRamRole)');
    expect(inspect(provider)).toBe('RefreshingCredentialProvider(EcsRamRole)');
    expectNoSecret(provider, ['SECRET-1', 'TOKEN-1']);
  });

  it('checks its options', () => {
    const fetchCredential = async () => ({ accessKeyId: 'a', accessKeySecret: 'b' });
    expect(() => new RefreshingCredentialProvider({} as never)).toThrow(/fetchCredential/);
    expect(() => new RefreshingCredentialProvider({ fetchCredential, refreshAheadMs: -1 })).toThrow(
      ClientError,
    );
    expect(() => new RefreshingCredentialProvider({ fetchCredential, expiryMarginMs: NaN })).toThrow(
      /expiryMarginMs/,
    );
  });
});
