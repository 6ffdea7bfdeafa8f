// Node only: the node:crypto hashing backend, switched on by `useNodeCrypto()` from 'alicloud-rx/node'.
import { createHash, createHmac } from 'node:crypto';
import { setHashBackend, type HashBackend } from './web-crypto.js';

const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
const hmacSha256Hex = (secret: string, data: string): string =>
  createHmac('sha256', secret).update(data).digest('hex');

/**
 * SHA-256 and HMACs through `node:crypto`: synchronous, about 10× cheaper than Web Crypto in Node
 * 20; `sync` lets ACS3 signing skip the promises altogether.
 */
export const nodeCryptoBackend: HashBackend = {
  name: 'node:crypto',
  sync: { sha256Hex, hmacSha256Hex },
  sha256Hex: (data) => Promise.resolve(sha256Hex(data)),
  hmacSha256Hex: (secret, data) => Promise.resolve(hmacSha256Hex(secret, data)),
  hmacSha1Base64: (secret, data) => Promise.resolve(createHmac('sha1', secret).update(data).digest('base64')),
};

/**
 * Signs with `node:crypto` instead of Web Crypto from now on, in this process: the same
 * signatures, at a tenth of the CPU per call. Call it once at startup in a Node program.
 *
 * @example
 * import { useNodeCrypto } from 'alicloud-rx/node';
 * useNodeCrypto();
 */
export function useNodeCrypto(): void {
  setHashBackend(nodeCryptoBackend);
}
