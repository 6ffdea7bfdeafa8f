// Hashes and HMACs through Web Crypto, so signing runs unchanged in Node 20+ and in browsers.

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_LIMIT = 64;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s)
    throw new Error('Web Crypto (crypto.subtle) is not available: use Node 20+ or a secure browser context.');
  return s;
}

function bytes(data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return (typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data)) as Uint8Array<ArrayBuffer>;
}

function hex(buffer: ArrayBuffer): string {
  const view = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < view.length; i++) out += (view[i] as number).toString(16).padStart(2, '0');
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

/** Lower-case hex SHA-256 of a string (UTF-8) or bytes. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return hex(await subtle().digest('SHA-256', bytes(data)));
}

/** Lower-case hex HMAC-SHA256. */
export async function hmacSha256Hex(secret: string, data: string): Promise<string> {
  return hex(await subtle().sign('HMAC', await hmacKey('SHA-256', secret), bytes(data)));
}

/** Base64 HMAC-SHA1. */
export async function hmacSha1Base64(secret: string, data: string): Promise<string> {
  return base64(await subtle().sign('HMAC', await hmacKey('SHA-1', secret), bytes(data)));
}

/** 32 random hex characters for `SignatureNonce` / `x-acs-signature-nonce`. */
export function randomNonce(): string {
  const buf = new Uint8Array(16);
  globalThis.crypto.getRandomValues(buf);
  return hex(buf.buffer);
}
