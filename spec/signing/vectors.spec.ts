import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { acs3CanonicalRequest, acs3Signature, acs3StringToSign, signAcs3 } from '../../src/signing/acs3.js';
import { signedHeaderNames } from '../../src/signing/canonical-request.js';
import type { Acs3Request } from '../../src/signing/acs3.js';
import { signRpcHmacSha1 } from '../../src/signing/hmac-sha1.js';
import { sha256Hex } from '../../src/signing/web-crypto.js';
import { VECTORS_DIR, VECTOR_SCHEMES, decodeForm, decodeQuery, loadVectors } from '../helpers/vectors.js';
import type { Vector, VectorScheme } from '../helpers/vectors.js';

const vectors = loadVectors();
const WRONG_SECRET = 'wrongsecret';

const byScheme = (scheme: VectorScheme): Vector[] => vectors.filter((v) => v.scheme === scheme);
const named = (list: readonly Vector[]): [string, Vector][] => list.map((v) => [v.file, v]);

function header(vector: Vector, name: string): string {
  const value = vector.request.headers[name];
  if (value === undefined) throw new Error(`${vector.file}: no ${name} header`);
  return value;
}

// ---------------------------------------------------------------- ACS3-HMAC-SHA256

interface Acs3Authorization {
  credential: string;
  signedHeaders: string[];
  signature: string;
}

function parseAcs3Authorization(value: string): Acs3Authorization {
  const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
    value,
  );
  if (!match?.[1] || !match[2] || !match[3]) throw new Error(`not an ACS3 Authorization header: ${value}`);
  return { credential: match[1], signedHeaders: match[2].split(';'), signature: match[3] };
}

/** The request as a verifier sees it: decoded query (acs3CanonicalRequest re-encodes it), the received headers. */
function acs3RequestOf(vector: Vector): Acs3Request {
  const { request } = vector;
  return {
    method: request.method,
    host: header(vector, 'host'),
    path: request.path,
    query: decodeQuery(request.rawQuery),
    headers: request.headers,
    contentSha256: header(vector, 'x-acs-content-sha256'),
  };
}

async function verifyAcs3(vector: Vector, secret: string): Promise<string> {
  const { signedHeaders } = parseAcs3Authorization(header(vector, 'authorization'));
  const canonical = acs3CanonicalRequest(acs3RequestOf(vector), signedHeaders);
  return acs3Signature(await acs3StringToSign(canonical), secret);
}

// ---------------------------------------------------------------- RPC HMAC-SHA1 (v1)

/** RPC params travel in the query, or (pop-core POST) in a form body at `/`. */
function rpcParamsOf(vector: Vector): [string, string][] {
  const { request } = vector;
  return [...decodeQuery(request.rawQuery), ...(request.body === '' ? [] : decodeForm(request.body))];
}

function rpcSignatureOf(vector: Vector): string {
  const signature = rpcParamsOf(vector).find(([name]) => name === 'Signature')?.[1];
  if (signature === undefined) throw new Error(`${vector.file}: no Signature parameter`);
  return signature;
}

// ---------------------------------------------------------------- specs

describe('captured signature vectors', () => {
  it('reads the vectors from the copy kept inside the repository', () => {
    const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
    expect(fileURLToPath(VECTORS_DIR)).toBe(resolve(repoRoot, 'spec/fixtures/vectors') + '/');
  });

  it('finds captured requests for every signature scheme', () => {
    expect(vectors.length).toBeGreaterThan(0);
    for (const scheme of VECTOR_SCHEMES) expect(byScheme(scheme).length).toBeGreaterThan(0);
  });

  it('never sees a bare + in a captured query string (the SDKs send %20 and %2B)', () => {
    for (const vector of vectors) expect(vector.request.rawQuery).not.toContain('+');
  });
});

describe('ACS3-HMAC-SHA256 vectors', () => {
  const acs3 = named(byScheme('ACS3-HMAC-SHA256'));

  it.each(acs3)('%s: the body hash matches x-acs-content-sha256', async (_file, vector) => {
    expect(await sha256Hex(vector.request.body)).toBe(header(vector, 'x-acs-content-sha256'));
  });

  it.each(acs3)(
    '%s: the signature recomputed from the SignedHeaders it lists matches the captured one',
    async (_file, vector) => {
      const authorization = parseAcs3Authorization(header(vector, 'authorization'));
      expect(authorization.credential).toBe(vector.credentials.accessKeyId);
      expect(await verifyAcs3(vector, vector.credentials.accessKeySecret)).toBe(authorization.signature);
    },
  );

  it.each(acs3)('%s: signAcs3 reproduces the captured Authorization header', async (_file, vector) => {
    const request = acs3RequestOf(vector);
    expect(signedHeaderNames(Object.keys(request.headers))).toEqual(
      parseAcs3Authorization(header(vector, 'authorization')).signedHeaders,
    );
    expect(await signAcs3(request, vector.credentials)).toBe(header(vector, 'authorization'));
  });

  it.each(named(byScheme('ACS3-HMAC-SHA256').filter((v) => v.credentials.securityToken !== undefined)))(
    '%s: the STS token travels unchanged in the signed x-acs-security-token header',
    (_file, vector) => {
      expect(header(vector, 'x-acs-security-token')).toBe(vector.credentials.securityToken);
      expect(parseAcs3Authorization(header(vector, 'authorization')).signedHeaders).toContain(
        'x-acs-security-token',
      );
    },
  );
});

describe('RPC HMAC-SHA1 vectors', () => {
  const rpc = named(byScheme('RPC-HMAC-SHA1'));

  it.each(rpc)(
    '%s: the signature recomputed from the decoded params matches the captured one',
    async (_file, vector) => {
      const params = rpcParamsOf(vector);
      expect(params.find(([name]) => name === 'AccessKeyId')?.[1]).toBe(vector.credentials.accessKeyId);
      expect(await signRpcHmacSha1(vector.request.method, params, vector.credentials.accessKeySecret)).toBe(
        rpcSignatureOf(vector),
      );
    },
  );

  it.each(rpc)(
    '%s: signing the same params with the other HTTP method gives a different signature',
    async (_file, vector) => {
      const otherMethod = vector.request.method === 'GET' ? 'POST' : 'GET';
      expect(
        await signRpcHmacSha1(otherMethod, rpcParamsOf(vector), vector.credentials.accessKeySecret),
      ).not.toBe(rpcSignatureOf(vector));
    },
  );

  it.each(named(byScheme('RPC-HMAC-SHA1').filter((v) => v.credentials.securityToken !== undefined)))(
    '%s: the STS token decodes back to its original value',
    (_file, vector) => {
      expect(rpcParamsOf(vector).find(([name]) => name === 'SecurityToken')?.[1]).toBe(
        vector.credentials.securityToken,
      );
    },
  );
});

describe('a wrong secret', () => {
  const firstOf = (scheme: VectorScheme): Vector => {
    const vector = byScheme(scheme)[0];
    if (!vector) throw new Error(`no ${scheme} vector`);
    return vector;
  };

  it('gives a different ACS3-HMAC-SHA256 signature', async () => {
    const vector = firstOf('ACS3-HMAC-SHA256');
    const { signature } = parseAcs3Authorization(header(vector, 'authorization'));
    expect(await verifyAcs3(vector, WRONG_SECRET)).not.toBe(signature);
  });

  it('gives a different RPC HMAC-SHA1 signature', async () => {
    const vector = firstOf('RPC-HMAC-SHA1');
    expect(await signRpcHmacSha1(vector.request.method, rpcParamsOf(vector), WRONG_SECRET)).not.toBe(
      rpcSignatureOf(vector),
    );
  });
});
