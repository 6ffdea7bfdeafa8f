// Signing hashes through node:crypto (Node, fast and synchronous) or Web Crypto (browsers): both
// must give the same bytes for every input, or a signature would depend on the runtime.
import fc from 'fast-check';
import { createHash, createHmac } from 'node:crypto';
import { buildRpcRequest } from '../../src/call/build-rpc-request.js';
import { nodeCryptoBackend, useNodeCrypto } from '../../src/signing/node-crypto-backend.js';
import { formatTimestamp } from '../../src/signing/timestamp.js';
import {
  hashBackend,
  randomNonce,
  setHashBackend,
  webCryptoBackend,
  type HashBackend,
} from '../../src/signing/web-crypto.js';

// Any string, lone surrogates included (both backends encode them as U+FFFD); a secret is never
// empty (checkCredential refuses it, and Web Crypto cannot import an empty HMAC key).
const text = fc.string({ unit: 'binary', maxLength: 300 });
const secret = fc.string({ unit: 'binary', minLength: 1, maxLength: 80 });

describe('the hash backends', () => {
  it('sign with Web Crypto until useNodeCrypto() switches to node:crypto', () => {
    expect(hashBackend()).toBe(webCryptoBackend);
    useNodeCrypto();
    try {
      expect(hashBackend()).toBe(nodeCryptoBackend);
    } finally {
      setHashBackend(webCryptoBackend);
    }
  });

  const backends: [string, HashBackend][] = [
    ['Web Crypto', webCryptoBackend],
    ['node:crypto', nodeCryptoBackend],
  ];

  it.each(backends)('%s gives the known answers', async (_name, backend) => {
    expect(await backend.sha256Hex('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(await backend.sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    // RFC 4231 test case 2 and RFC 2202 test case 2.
    expect(await backend.hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(await backend.hmacSha1Base64('Jefe', 'what do ya want for nothing?')).toBe(
      Buffer.from('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79', 'hex').toString('base64'),
    );
  });

  it('agree on every string and secret', async () => {
    await fc.assert(
      fc.asyncProperty(secret, text, async (secret, data) => {
        const [web, node] = backends.map(([, b]) => b);
        expect(await node!.sha256Hex(data)).toBe(await web!.sha256Hex(data));
        expect(await node!.hmacSha256Hex(secret, data)).toBe(await web!.hmacSha256Hex(secret, data));
        expect(await node!.hmacSha1Base64(secret, data)).toBe(await web!.hmacSha1Base64(secret, data));
        expect(await node!.sha256Hex(data)).toBe(createHash('sha256').update(data).digest('hex'));
        expect(await node!.hmacSha256Hex(secret, data)).toBe(
          createHmac('sha256', secret).update(data).digest('hex'),
        );
        // The synchronous forms ACS3 signing takes when node:crypto is in use.
        expect(nodeCryptoBackend.sync!.sha256Hex(data)).toBe(await web!.sha256Hex(data));
        expect(nodeCryptoBackend.sync!.hmacSha256Hex(secret, data)).toBe(
          await web!.hmacSha256Hex(secret, data),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('an RPC request signed on each backend', () => {
  const input = (params: [string, string][], securityToken?: string) => ({
    endpoint: 'https://ecs.cn-hangzhou.aliyuncs.com',
    method: 'POST' as const,
    action: 'DescribeInstances',
    version: '2014-05-26',
    params,
    algorithm: 'ACS3-HMAC-SHA256' as const,
    userAgent: 'alicloud-rx/test',
    credential: { accessKeyId: 'LTAI-x', accessKeySecret: 'secret-x', securityToken },
    date: new Date('2030-01-01T00:00:00Z'),
    nonce: '0123456789abcdef0123456789abcdef',
  });

  it('is the same request: signed at once (no promise) on node:crypto, a turn later on Web Crypto', async () => {
    const pair = fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(pair, { maxLength: 6 }),
        fc.option(fc.string({ minLength: 1 })),
        async (params, token) => {
          const web = buildRpcRequest(input(params, token ?? undefined));
          expect(web).toBeInstanceOf(Promise);
          setHashBackend(nodeCryptoBackend);
          try {
            const node = buildRpcRequest(input(params, token ?? undefined));
            expect(node).not.toBeInstanceOf(Promise);
            expect(node).toEqual(await web);
          } finally {
            setHashBackend(webCryptoBackend);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('formatTimestamp', () => {
  it('gives each date its own second, in any order (its one-second cache never answers for another)', () => {
    const dates = fc.date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(fc.array(dates, { minLength: 1, maxLength: 20 }), (list) => {
        for (const date of [...list, ...list.reverse()]) {
          expect(formatTimestamp(date)).toBe(date.toISOString().replace(/\.\d{3}Z$/, 'Z'));
        }
      }),
    );
    // Two dates within one second share the text; the next second gets its own.
    expect(formatTimestamp(new Date('2030-01-01T00:00:00.100Z'))).toBe('2030-01-01T00:00:00Z');
    expect(formatTimestamp(new Date('2030-01-01T00:00:00.900Z'))).toBe('2030-01-01T00:00:00Z');
    expect(formatTimestamp(new Date('2030-01-01T00:00:01.000Z'))).toBe('2030-01-01T00:00:01Z');
  });
});

describe('randomNonce', () => {
  it('gives 32 lower-case hex characters, different every time', () => {
    const nonces = Array.from({ length: 1000 }, randomNonce);
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(nonces).size).toBe(1000);
  });

  it('falls back to getRandomValues where randomUUID is missing', () => {
    const crypto = globalThis.crypto;
    // An own property shadows Crypto.prototype.randomUUID; deleting it restores the original.
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(crypto.randomUUID).toBeUndefined();
      expect(randomNonce()).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      delete (crypto as { randomUUID?: unknown }).randomUUID;
    }
    expect(typeof crypto.randomUUID).toBe('function');
  });
});
