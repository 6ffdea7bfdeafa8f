import { invalidParam } from '../errors/client-error.js';
import type { Credential, CredentialProvider } from './credential.js';
import { frozenCredential } from './check-credential.js';

/**
 * What a {@link RefreshingCredentialProvider} is built from.
 *
 * @example
 * import type { RefreshingCredentialProviderOptions } from 'alicloud-rx/node';
 * const options: RefreshingCredentialProviderOptions = { fetchCredential: fetchFromVault, refreshAheadMs: 300_000 };
 */
export interface RefreshingCredentialProviderOptions {
  /** Fetches a new credential (usually one with an `expiration`). Called at most once at a time. */
  fetchCredential: () => Promise<Credential>;
  /**
   * How long before expiry a refresh starts; callers keep getting the current credential while it
   * runs. Never more than half the credential's lifetime, so a short-lived credential is not
   * refreshed over and over. @default 180_000 (3 minutes)
   */
  refreshAheadMs?: number | undefined;
  /**
   * Within this much of expiry the current credential is no longer handed out: callers wait for the
   * refresh (and get the old credential only if the refresh fails while it is still unexpired).
   * Capped at `refreshAheadMs`. @default 60_000 (1 minute)
   */
  expiryMarginMs?: number | undefined;
  /** The clock, in epoch milliseconds. @default Date.now */
  now?: (() => number) | undefined;
  /** Shown by `toString()`, e.g. `'EcsRamRole'`. @default 'RefreshingCredentialProvider' */
  name?: string;
}

interface Cached {
  readonly credential: Credential;
  /** Refresh (in the background) from this time on. */
  readonly refreshAt: number;
  /** Stop handing the credential out (callers wait for the refresh) from this time on. */
  readonly blockAt: number;
}

const DEFAULT_REFRESH_AHEAD_MS = 180_000;
const DEFAULT_EXPIRY_MARGIN_MS = 60_000;
const noop = () => undefined;

function milliseconds(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw invalidParam(option, value, 'a number of milliseconds >= 0');
  return value;
}

/**
 * Caches a credential from any source and refreshes it ahead of its `expiration`. Single flight:
 * however many callers arrive together (1,000 concurrent calls included), one refresh runs and they
 * all share its result. A failed refresh rejects the callers waiting on it (unless the cached
 * credential is still unexpired: then they get that); the next call tries again. Nothing is
 * logged. A credential without `expiration` is kept for good. Browser-safe.
 *
 * @example
 * import { RefreshingCredentialProvider } from 'alicloud-rx/node'; // browser-safe: also exported by 'alicloud-rx'
 * const provider = new RefreshingCredentialProvider({
 *   fetchCredential: async () => ({ accessKeyId, accessKeySecret, securityToken, expiration: Date.now() + 3600_000 }),
 * });
 * const credential = await provider.getCredential();
 */
export class RefreshingCredentialProvider implements CredentialProvider {
  readonly #fetch: () => Promise<Credential>;
  readonly #refreshAheadMs: number;
  readonly #expiryMarginMs: number;
  readonly #now: () => number;
  readonly #name: string;
  #cached: Cached | undefined;
  #inFlight: Promise<Credential> | undefined;

  constructor(options: RefreshingCredentialProviderOptions) {
    if (typeof options?.fetchCredential !== 'function')
      throw invalidParam('fetchCredential', options?.fetchCredential, 'a function returning a Promise');
    this.#fetch = options.fetchCredential;
    this.#refreshAheadMs = milliseconds('refreshAheadMs', options.refreshAheadMs, DEFAULT_REFRESH_AHEAD_MS);
    this.#expiryMarginMs = Math.min(
      milliseconds('expiryMarginMs', options.expiryMarginMs, DEFAULT_EXPIRY_MARGIN_MS),
      this.#refreshAheadMs,
    );
    this.#now = options.now ?? Date.now;
    this.#name = options.name ?? 'RefreshingCredentialProvider';
  }

  getCredential(): Promise<Credential> {
    const cached = this.#cached;
    const now = this.#now();
    if (cached && now < cached.refreshAt) return Promise.resolve(cached.credential);
    const refresh = this.#refresh();
    // Stale-while-revalidate: the refresh runs in the background, its failure is retried next call.
    if (cached && now < cached.blockAt) return Promise.resolve(cached.credential);
    return refresh.catch((error: unknown) => {
      const expiration = cached?.credential.expiration;
      if (cached && expiration !== undefined && this.#now() < expiration) return cached.credential;
      throw error;
    });
  }

  /** Drops the cached credential, so the next call fetches a new one (e.g. after the service rejected it). */
  invalidate(): void {
    this.#cached = undefined;
  }

  /** Starts a refresh unless one is running; every caller meanwhile shares the same promise. */
  #refresh(): Promise<Credential> {
    if (this.#inFlight) return this.#inFlight;
    // `Promise.resolve().then`: a source that throws synchronously still settles the flight later.
    const flight = Promise.resolve()
      .then(() => this.#fetch())
      .then((fetched) => {
        const credential = frozenCredential(fetched, `${this.#name} source`);
        this.#cached = this.#schedule(credential);
        return credential;
      })
      .finally(() => {
        if (this.#inFlight === flight) this.#inFlight = undefined;
      });
    flight.catch(noop); // a background refresh nobody awaits must not be an unhandled rejection
    this.#inFlight = flight;
    return flight;
  }

  #schedule(credential: Credential): Cached {
    const expiration = credential.expiration;
    if (expiration === undefined) return { credential, refreshAt: Infinity, blockAt: Infinity };
    const lifetime = Math.max(0, expiration - this.#now());
    const ahead = Math.min(this.#refreshAheadMs, lifetime / 2);
    const margin = Math.min(this.#expiryMarginMs, ahead);
    return { credential, refreshAt: expiration - ahead, blockAt: expiration - margin };
  }

  toString(): string {
    return this.#name === 'RefreshingCredentialProvider'
      ? this.#name
      : `RefreshingCredentialProvider(${this.#name})`;
  }

  toJSON(): Record<string, string> {
    return { type: 'RefreshingCredentialProvider', name: this.#name };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
