// Hashes and HMACs for signing, through Web Crypto: the browser-safe entry uses nothing else, so it
// runs unchanged in Node 20+ and in browsers. Node programs may switch to node:crypto, which is
// about 10× cheaper per call in Node 20 (a Web Crypto call costs ~20 µs of main-thread work, a job
// on libuv's pool and WebIDL checks, against ~2 µs): `useNodeCrypto()` from `alicloud-rx/node`.
// Both give the same bytes (spec/signing/hash-backends.spec.ts).

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_LIMIT = 64;

/** The hashing primitives signing needs; every result is a promise, as Web Crypto's are. */
export interface HashBackend {
  readonly name: 'node:crypto' | 'Web Crypto';
  sha256Hex(data: string | Uint8Array): Promise<string>;
  hmacSha256Hex(secret: string, data: string): Promise<string>;
  hmacSha1Base64(secret: string, data: string): Promise<string>;
  /**
   * The same two ACS3 primitives without a promise, where the backend has them (node:crypto).
   *
   * @example
   * const sync = hashBackend().sync;
   * const hash = sync ? sync.sha256Hex(canonical) : await hashBackend().sha256Hex(canonical);
   */
  readonly sync?: {
    sha256Hex(data: string): string;
    hmacSha256Hex(secret: string, data: string): string;
  };
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s)
    throw new Error('Web Crypto (crypto.subtle) is not available: use Node 20+ or a secure browser context.');
  return s;
}

function bytes(data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return (typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data)) as Uint8Array<ArrayBuffer>;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(buffer: ArrayBuffer): string {
  const view = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < view.length; i++) out += HEX[view[i] as number];
  return out;
}

function base64(buffer: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

// Imported keys are cached per (hash, secret) so signing many calls does not re-import the key.
// The cache is module-private and bounded; the secret is never exposed through it.
function hmacKey(hash: 'SHA-256' | 'SHA-1', secret: string): Promise<CryptoKey> {
  const cacheKey = `${hash}\u0000${secret}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    key = subtle().importKey('raw', bytes(secret), { name: 'HMAC', hash }, false, ['sign']);
    keyCache.set(cacheKey, key);
    key.catch(() => keyCache.delete(cacheKey));
  }
  return key;
}

/** Web Crypto: browsers, and the fallback everywhere. */
export const webCryptoBackend: HashBackend = {
  name: 'Web Crypto',
  sha256Hex: async (data) => hex(await subtle().digest('SHA-256', bytes(data))),
  hmacSha256Hex: async (secret, data) =>
    hex(await subtle().sign('HMAC', await hmacKey('SHA-256', secret), bytes(data))),
  hmacSha1Base64: async (secret, data) =>
    base64(await subtle().sign('HMAC', await hmacKey('SHA-1', secret), bytes(data))),
};

let backend: HashBackend = webCryptoBackend;

/** The backend in use: Web Crypto unless `useNodeCrypto()` (from `alicloud-rx/node`) switched it. */
export function hashBackend(): HashBackend {
  return backend;
}

/** Switches the hashing backend for every signature made from now on (see `useNodeCrypto`). */
export function setHashBackend(next: HashBackend): void {
  backend = next;
}

/** Lower-case hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): Promise<string> {
  return backend.sha256Hex(data);
}

/** Lower-case hex HMAC-SHA256. */
export function hmacSha256Hex(secret: string, data: string): Promise<string> {
  return backend.hmacSha256Hex(secret, data);
}

/** Base64 HMAC-SHA1. */
export function hmacSha1Base64(secret: string, data: string): Promise<string> {
  return backend.hmacSha1Base64(secret, data);
}

/**
 * 32 random hex characters for `SignatureNonce` / `x-acs-signature-nonce`: a v4 UUID without its
 * dashes (122 random bits; `randomUUID` draws from a buffered pool, ~10× cheaper than a
 * `getRandomValues` call per nonce in Node), or 128 random bits where `randomUUID` is missing.
 */
export function randomNonce(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === 'function') {
    // `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`: the dashes cut out by position (no regex per call).
    const id = crypto.randomUUID();
    return id.slice(0, 8) + id.slice(9, 13) + id.slice(14, 18) + id.slice(19, 23) + id.slice(24);
  }
  const buf = new Uint8Array(16);
  crypto.getRandomValues(buf);
  return hex(buf.buffer);
}
