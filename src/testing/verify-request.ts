import { acs3Signature, acs3StringToSign } from '../signing/acs3.js';
import { canonicalRequest, signedHeaders } from '../signing/canonical-request.js';
import { rpcStringToSign } from '../signing/hmac-sha1.js';
import { percentEncodePairs } from '../signing/percent-encode.js';
import { hmacSha1Base64, sha256Hex } from '../signing/web-crypto.js';

/** Headers every ACS3 request must sign, as the official SDKs do. */
const REQUIRED_ACS3_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-version',
];

/** The outcome of checking a request's signature, with the service's error code when it fails. */
export type Verification =
  | {
      ok: true;
      scheme: 'ACS3-HMAC-SHA256' | 'HMAC-SHA1';
      accessKeyId: string;
      securityToken?: string;
      action: string;
      params: Record<string, string>;
      /** `x-acs-date` or `Timestamp`, as sent. */
      timestamp?: string;
      /** `x-acs-signature-nonce` or `SignatureNonce`, as sent. */
      nonce?: string;
    }
  | {
      ok: false;
      code: 'IncompleteSignature' | 'SignatureDoesNotMatch' | 'InvalidAccessKeyId.NotFound';
      status: number;
      message: string;
    };

/** `accessKeyId → accessKeySecret`. */
export type Accounts = Readonly<Record<string, string>>;

function pairs(raw: string, plusIsSpace: boolean): [string, string][] {
  if (raw === '') return [];
  return raw.split('&').map((part) => {
    const eq = part.indexOf('=');
    const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    const decode = (s: string) => decodeURIComponent(plusIsSpace ? s.replace(/\+/g, ' ') : s);
    return [decode(k), decode(v)];
  });
}

function fail(code: Extract<Verification, { ok: false }>['code'], message: string): Verification {
  return { ok: false, code, status: code === 'InvalidAccessKeyId.NotFound' ? 404 : 400, message };
}

async function verifyAcs3(
  request: Request,
  url: URL,
  body: string,
  accounts: Accounts,
): Promise<Verification> {
  const authorization = request.headers.get('authorization') ?? '';
  const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(
    authorization,
  );
  if (!match) return fail('IncompleteSignature', 'The Authorization header is malformed.');
  const [, accessKeyId = '', signedList = '', signature = ''] = match;
  const signed = signedHeaders(signedList.split(';'));
  const unsigned = REQUIRED_ACS3_HEADERS.filter((name) => !signed.names.includes(name));
  if (unsigned.length > 0)
    return fail('IncompleteSignature', `These headers must be signed: ${unsigned.join(', ')}.`);
  const secret = accounts[accessKeyId];
  if (secret === undefined) return fail('InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  const query = pairs(url.search.slice(1), false);
  const headers = Object.create(null) as Record<string, string>;
  request.headers.forEach((value, name) => (headers[name] = value));
  const hashedPayload = await sha256Hex(body);
  const sentHash = request.headers.get('x-acs-content-sha256');
  if (sentHash !== null && sentHash !== hashedPayload) {
    return fail('SignatureDoesNotMatch', 'x-acs-content-sha256 does not match the body.');
  }
  const canonical = canonicalRequest({
    method: request.method,
    path: url.pathname,
    host: headers.host ?? url.host,
    encodedQuery: percentEncodePairs(query),
    headers,
    signedHeaders: signed,
    hashedPayload,
  });
  const stringToSign = await acs3StringToSign(canonical);
  if ((await acs3Signature(stringToSign, secret)) !== signature) {
    return fail(
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign} ` +
        `server canonical request is:${canonical}`,
    );
  }
  const token = request.headers.get('x-acs-security-token') ?? undefined;
  const action = request.headers.get('x-acs-action') ?? '';
  const timestamp = request.headers.get('x-acs-date') ?? undefined;
  const nonce = request.headers.get('x-acs-signature-nonce') ?? undefined;
  return {
    ok: true,
    scheme: 'ACS3-HMAC-SHA256',
    accessKeyId,
    action,
    params: Object.fromEntries(query),
    ...(token ? { securityToken: token } : {}),
    ...(timestamp ? { timestamp } : {}),
    ...(nonce ? { nonce } : {}),
  };
}

async function verifyRpc(
  request: Request,
  url: URL,
  body: string,
  accounts: Accounts,
): Promise<Verification> {
  const form = (request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded');
  const all = [...pairs(url.search.slice(1), true), ...(form ? pairs(body, true) : [])];
  const params = Object.fromEntries(all);
  const signature = params.Signature;
  if (!signature || !params.AccessKeyId)
    return fail('IncompleteSignature', 'The request signature is missing.');
  const secret = accounts[params.AccessKeyId];
  if (secret === undefined) return fail('InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  const stringToSign = rpcStringToSign(request.method, all);
  if ((await hmacSha1Base64(`${secret}&`, stringToSign)) !== signature) {
    return fail(
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    );
  }
  const { Signature: _s, ...rest } = params;
  return {
    ok: true,
    scheme: 'HMAC-SHA1',
    accessKeyId: params.AccessKeyId,
    action: params.Action ?? '',
    params: rest,
    ...(params.SecurityToken ? { securityToken: params.SecurityToken } : {}),
    ...(params.Timestamp ? { timestamp: params.Timestamp } : {}),
    ...(params.SignatureNonce ? { nonce: params.SignatureNonce } : {}),
  };
}

/**
 * Checks a request's signature the way Alibaba Cloud does (ACS3-HMAC-SHA256 from its
 * Authorization header, or RPC HMAC-SHA1 from the query or form body). Browser-safe. The clock
 * window and nonce replay are the caller's to check. The message of a mismatch carries the
 * server's string-to-sign, as the real service does. Give `body` (the body as text) when you have
 * read it already; else it is read from a clone, leaving the request's own body unread.
 *
 * @example
 * import { verifyRequest } from 'alicloud-rx/testing';
 * const result = await verifyRequest(request, { testid: 'testsecret' });
 * if (!result.ok) return Response.json({ Code: result.code, Message: result.message }, { status: result.status });
 */
export async function verifyRequest(
  request: Request,
  accounts: Accounts,
  body?: string,
): Promise<Verification> {
  const url = new URL(request.url);
  const text = body ?? (await request.clone().text());
  try {
    if ((request.headers.get('authorization') ?? '').startsWith('ACS3-')) {
      return await verifyAcs3(request, url, text, accounts);
    }
    return await verifyRpc(request, url, text, accounts);
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
    return fail('IncompleteSignature', 'The request query or body is not valid percent-encoding.');
  }
}
