// Hashes and HMACs for signing. Browsers (and any runtime without Node's built-ins) use Web Crypto;
// Node, Bun and Deno use `node:crypto`, reached through `process.getBuiltinModule` (Node 20.16+)
// so that no bundler ever sees a Node import. Both give the same bytes (spec/signing/hash-backends).
// In Node 20 a Web Crypto call costs ~20 µs of main-thread work (a job on libuv's pool, WebIDL
// checks) against ~2 µs for node:crypto's synchronous one: per signed call that is most of the
// signing cost (bench/e2e).

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_LIMIT = 64;

/** The hashing primitives signing needs; every result is a promise, as Web Crypto's are. */
export interface HashBackend {
  readonly name: 'node:crypto' | 'Web Crypto';
  sha256Hex(data: string | Uint8Array): Promise<string>;
  hmacSha256Hex(secret: string, data: string): Promise<string>;
  hmacSha1Base64(secret: string, data: string): Promise<string>;
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

/** The part of `node:crypto` used here. */
interface NodeCrypto {
  createHash(algorithm: string): { update(data: string | Uint8Array): { digest(encoding: 'hex'): string } };
  createHmac(
    algorithm: string,
    key: string,
  ): { update(data: string): { digest(encoding: 'hex' | 'base64'): string } };
}

function nodeCrypto(): NodeCrypto | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const crypto = proc?.getBuiltinModule?.('node:crypto') as Partial<NodeCrypto> | undefined;
    return typeof crypto?.createHash === 'function' && typeof crypto.createHmac === 'function'
      ? (crypto as NodeCrypto)
      : undefined;
  } catch {
    return undefined;
  }
}

function nodeBackend(crypto: NodeCrypto): HashBackend {
  return {
    name: 'node:crypto',
    sha256Hex: (data) => Promise.resolve(crypto.createHash('sha256').update(data).digest('hex')),
    hmacSha256Hex: (secret, data) =>
      Promise.resolve(crypto.createHmac('sha256', secret).update(data).digest('hex')),
    hmacSha1Base64: (secret, data) =>
      Promise.resolve(crypto.createHmac('sha1', secret).update(data).digest('base64')),
  };
}

const native = nodeCrypto();

/** `node:crypto` where the runtime has it, else `undefined`. */
export const nodeCryptoBackend: HashBackend | undefined = native && nodeBackend(native);

/** The backend in use: `node:crypto` when available, else Web Crypto. */
export const hashBackend: HashBackend = nodeCryptoBackend ?? webCryptoBackend;

/** Lower-case hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): Promise<string> {
  return hashBackend.sha256Hex(data);
}

/** Lower-case hex HMAC-SHA256. */
export function hmacSha256Hex(secret: string, data: string): Promise<string> {
  return hashBackend.hmacSha256Hex(secret, data);
}

/** Base64 HMAC-SHA1. */
export function hmacSha1Base64(secret: string, data: string): Promise<string> {
  return hashBackend.hmacSha1Base64(secret, data);
}

/**
 * 32 random hex characters for `SignatureNonce` / `x-acs-signature-nonce`: a v4 UUID without its
 * dashes (122 random bits; `randomUUID` draws from a buffered pool, ~10× cheaper than a
 * `getRandomValues` call per nonce in Node), or 128 random bits where `randomUUID` is missing.
 */
export function randomNonce(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID().replace(/-/g, '');
  const buf = new Uint8Array(16);
  crypto.getRandomValues(buf);
  return hex(buf.buffer);
}
