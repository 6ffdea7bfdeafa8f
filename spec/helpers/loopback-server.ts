/**
 * A fake Alibaba Cloud endpoint for wire tests: a real `node:http` server on 127.0.0.1 (port 0) that
 * records every request, verifies its signature and answers with scripted replies.
 *
 * The verifiers below are deliberately written from Alibaba Cloud's published signature documentation,
 * with `node:crypto` only, and never import `src/signing`: a bug in our signer must show up as a
 * rejected request, not be mirrored by the server.
 */
import { EventEmitter } from 'node:events';
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query, as received (still percent-encoded). */
  path: string;
  /** Path and query, as received. */
  url: string;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
  action: string;
  /** RPC params: query and form body merged (the form wins), or for ACS3 the decoded query. */
  params: Record<string, string>;
  scheme: 'ACS3-HMAC-SHA256' | 'HMAC-SHA1' | 'none';
  accessKeyId?: string;
  securityToken?: string;
  signatureValid: boolean;
  /** Why the signature was rejected (never the string-to-sign); absent when it is valid. */
  signatureError?: string;
  nonce?: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON, a string or bytes as they are. */
  body?: unknown;
  /** Wait before answering (the timer is cleared if the client goes away). */
  delayMs?: number;
  /** Destroy the socket without answering (after `delayMs`, if any). */
  reset?: boolean;
  /** Send the headers, then the body one byte every `dripMs`. */
  dripMs?: number;
}

export type Handler = (req: RecordedRequest, index: number) => Reply | Promise<Reply>;

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: RecordedRequest[];
  inFlight: number;
  peakInFlight: number;
  /** Requests whose client went away before the reply was complete. */
  aborted: number;
  setHandler(h: Handler): void;
  /** Queues one-shot replies, used in order (for correctly signed requests) before the handler. */
  reply(...replies: Reply[]): void;
  /** Resolves once `n` requests have arrived in total. */
  waitForRequests(n: number): Promise<void>;
  /** Resolves once `n` requests have been aborted by their client in total. */
  waitForAborted(n: number): Promise<void>;
  /** Closes the server and every socket. */
  close(): Promise<void>;
}

export interface LoopbackServerOptions {
  /** AccessKeyId → AccessKeySecret; default `{ testid: 'testsecret' }`. */
  accounts?: Record<string, string>;
  handler?: Handler;
  /** Actions answered without a signature, as STS answers `AssumeRoleWithOIDC`. @default [] */
  unsigned?: readonly string[];
}

export interface Verification {
  valid: boolean;
  /** A short reason when `valid` is false. */
  reason?: string;
}

/** What `verifyAcs3` needs from a request, as it arrived on the wire. */
export interface Acs3Request {
  method: string;
  /** Path and query as received, e.g. `/?RegionId=cn-hangzhou`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string | Uint8Array;
}

export interface Acs3Authorization {
  credential: string;
  signedHeaders: string[];
  signature: string;
}

const ACS3 = 'ACS3-HMAC-SHA256';

/** Alibaba percent-encoding: UTF-8, unreserved `A-Z a-z 0-9 - _ . ~` literal, everything else `%XY`. */
export function aliEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Decodes a query string or form body (`+` is a space, as in URLSearchParams), keeping every pair. */
export function decodePairs(raw: string): [string, string][] {
  return [...new URLSearchParams(raw)];
}

function pairsToRecord(pairs: [string, string][], into: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of pairs) into[k] = v;
  return into;
}

function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === lower && v !== undefined) return Array.isArray(v) ? v.join(', ') : v;
  }
  return undefined;
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function byName(a: [string, string], b: [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Parses `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex`; undefined if it is not one. */
export function parseAcs3Authorization(header: string | undefined): Acs3Authorization | undefined {
  if (header === undefined || !header.startsWith(`${ACS3} `)) return undefined;
  const fields: Record<string, string> = {};
  for (const part of header.slice(ACS3.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  const { Credential: credential, SignedHeaders: signed, Signature: signature } = fields;
  if (!credential || !signed || !signature) return undefined;
  return { credential, signedHeaders: signed.split(';'), signature };
}

function canonicalUri(path: string): string {
  if (path === '' || path === '/') return '/';
  return path
    .split('/')
    .map((segment) => {
      try {
        return aliEncode(decodeURIComponent(segment));
      } catch {
        return aliEncode(segment);
      }
    })
    .join('/');
}

function canonicalQuery(pairs: [string, string][]): string {
  return [...pairs]
    .sort(byName)
    .map(([k, v]) => `${aliEncode(k)}=${aliEncode(v)}`)
    .join('&');
}

const ACS3_REQUIRED_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-version',
];

/**
 * Verifies an ACS3-HMAC-SHA256 request: the signed-header list comes from the Authorization header, the
 * query is decoded and re-encoded, `x-acs-content-sha256` must be the body's hash.
 */
export function verifyAcs3(req: Acs3Request, secret: string): Verification {
  const auth = parseAcs3Authorization(headerValue(req.headers, 'authorization'));
  if (!auth) return { valid: false, reason: 'missing or malformed ACS3 Authorization header' };
  const signed = auth.signedHeaders;
  if (signed.some((h) => h !== h.toLowerCase()))
    return { valid: false, reason: 'SignedHeaders not lower-case' };
  for (let i = 1; i < signed.length; i++) {
    if ((signed[i - 1] as string) >= (signed[i] as string)) {
      return { valid: false, reason: 'SignedHeaders not sorted and unique' };
    }
  }
  const mustSign = [...ACS3_REQUIRED_HEADERS];
  if (headerValue(req.headers, 'x-acs-security-token') !== undefined) mustSign.push('x-acs-security-token');
  const bodyBytes = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
  if (bodyBytes.length > 0 && headerValue(req.headers, 'content-type') !== undefined)
    mustSign.push('content-type');
  const unsigned = mustSign.filter((h) => !signed.includes(h));
  if (unsigned.length > 0) return { valid: false, reason: `headers not signed: ${unsigned.join(', ')}` };

  const lines: string[] = [];
  for (const name of signed) {
    const value = headerValue(req.headers, name);
    if (value === undefined) return { valid: false, reason: `signed header ${name} is missing` };
    lines.push(`${name}:${value.trim()}\n`);
  }
  const bodyHash = createHash('sha256').update(bodyBytes).digest('hex');
  if (headerValue(req.headers, 'x-acs-content-sha256') !== bodyHash) {
    return { valid: false, reason: 'x-acs-content-sha256 does not match the body' };
  }
  const { path, query } = splitUrl(req.url);
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(decodePairs(query)),
    lines.join(''),
    signed.join(';'),
    bodyHash,
  ].join('\n');
  const stringToSign = `${ACS3}\n${createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')}`;
  const expected = createHmac('sha256', secret).update(stringToSign, 'utf8').digest('hex');
  return safeEqual(expected, auth.signature.toLowerCase())
    ? { valid: true }
    : { valid: false, reason: 'signature mismatch' };
}

/**
 * Verifies an RPC HMAC-SHA1 (SignatureVersion 1.0) request from its method and its decoded params (query and
 * form merged), `Signature` included.
 */
export function verifyRpcV1(method: string, params: Record<string, string>, secret: string): Verification {
  const { Signature: signature, ...rest } = params;
  if (signature === undefined) return { valid: false, reason: 'missing Signature' };
  if (rest.SignatureMethod !== 'HMAC-SHA1')
    return { valid: false, reason: 'SignatureMethod is not HMAC-SHA1' };
  if (rest.SignatureVersion !== '1.0') return { valid: false, reason: 'SignatureVersion is not 1.0' };
  const canonical = canonicalQuery(Object.entries(rest));
  const stringToSign = `${method.toUpperCase()}&${aliEncode('/')}&${aliEncode(canonical)}`;
  const expected = createHmac('sha1', `${secret}&`).update(stringToSign, 'utf8').digest('base64');
  return safeEqual(expected, signature) ? { valid: true } : { valid: false, reason: 'signature mismatch' };
}

interface ErrorReply {
  status: number;
  code: string;
  message: string;
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('the client went away before sending the whole body'));
    });
  });
}

/** Inspects a request: which scheme, which key, whether the signature holds (or the error to answer). */
function analyse(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  accounts: Record<string, string>,
): { record: Omit<RecordedRequest, 'method' | 'path' | 'url' | 'headers' | 'body'>; error?: ErrorReply } {
  const { query } = splitUrl(url);
  const queryPairs = decodePairs(query);
  const isForm = (headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('application/x-www-form-urlencoded');
  const merged = pairsToRecord(queryPairs);
  if (isForm) pairsToRecord(decodePairs(body.toString('utf8')), merged);

  const authorization = headers.authorization;
  if (authorization !== undefined && authorization.startsWith(ACS3)) {
    const params = pairsToRecord(queryPairs);
    const auth = parseAcs3Authorization(authorization);
    const base = {
      action: headers['x-acs-action'] ?? '',
      params,
      scheme: ACS3 as RecordedRequest['scheme'],
      securityToken: headers['x-acs-security-token'],
      nonce: headers['x-acs-signature-nonce'],
      accessKeyId: auth?.credential,
    };
    if (!auth) {
      return {
        record: { ...base, signatureValid: false, signatureError: 'malformed ACS3 Authorization header' },
        error: { status: 400, code: 'IncompleteSignature', message: 'The request signature is incomplete.' },
      };
    }
    const secret = accounts[auth.credential];
    if (secret === undefined) {
      return {
        record: { ...base, signatureValid: false, signatureError: 'unknown AccessKeyId' },
        error: notFound(),
      };
    }
    const check = verifyAcs3({ method, url, headers, body }, secret);
    return {
      record: { ...base, signatureValid: check.valid, signatureError: check.reason },
      error: check.valid ? undefined : mismatch(),
    };
  }

  const base = {
    action: merged.Action ?? headers['x-acs-action'] ?? '',
    params: merged,
    accessKeyId: merged.AccessKeyId,
    securityToken: merged.SecurityToken,
    nonce: merged.SignatureNonce,
  };
  if (merged.Signature === undefined || merged.AccessKeyId === undefined) {
    return {
      record: { ...base, scheme: 'none', signatureValid: false, signatureError: 'no signature' },
      error: { status: 400, code: 'IncompleteSignature', message: 'The request signature is incomplete.' },
    };
  }
  const secret = accounts[merged.AccessKeyId];
  if (secret === undefined) {
    return {
      record: { ...base, scheme: 'HMAC-SHA1', signatureValid: false, signatureError: 'unknown AccessKeyId' },
      error: notFound(),
    };
  }
  const check = verifyRpcV1(method, merged, secret);
  return {
    record: { ...base, scheme: 'HMAC-SHA1', signatureValid: check.valid, signatureError: check.reason },
    error: check.valid ? undefined : mismatch(),
  };
}

function notFound(): ErrorReply {
  return { status: 404, code: 'InvalidAccessKeyId.NotFound', message: 'Specified access key is not found.' };
}

function mismatch(): ErrorReply {
  return {
    status: 400,
    code: 'SignatureDoesNotMatch',
    message: 'Specified signature is not matched with our calculation.',
  };
}

function requestId(): string {
  return randomUUID().toUpperCase();
}

const defaultHandler: Handler = (req) => ({
  status: 200,
  body: { RequestId: requestId(), Action: req.action, Params: req.params },
});

export async function startLoopbackServer(options: LoopbackServerOptions = {}): Promise<LoopbackServer> {
  const accounts = options.accounts ?? { testid: 'testsecret' };
  let handler: Handler = options.handler ?? defaultHandler;
  const queue: Reply[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let closing = false;

  const state: LoopbackServer = {
    url: '',
    requests: [],
    inFlight: 0,
    peakInFlight: 0,
    aborted: 0,
    setHandler(h) {
      handler = h;
    },
    reply(...replies) {
      queue.push(...replies);
    },
    waitForRequests: (n) => waitFor('request', () => state.requests.length >= n),
    waitForAborted: (n) => waitFor('aborted', () => state.aborted >= n),
    close,
  };

  function waitFor(event: string, done: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      if (done()) return resolve();
      const check = (): void => {
        if (!done()) return;
        events.off(event, check);
        resolve();
      };
      events.on(event, check);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let finished = false;
    let resetByUs = false;
    const timers = new Set<NodeJS.Timeout>();
    state.inFlight++;
    state.peakInFlight = Math.max(state.peakInFlight, state.inFlight);
    res.on('close', () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      state.inFlight--;
      if (!finished && !resetByUs && !closing) {
        state.aborted++;
        events.emit('aborted');
      }
    });
    res.on('finish', () => {
      finished = true;
    });
    const gone = (): boolean => res.destroyed || res.writableEnded;
    const wait = (ms: number): Promise<void> =>
      new Promise((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, ms);
        timers.add(t);
      });

    const body = await readBody(req);
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const headers = flattenHeaders(req.headers);
    const { record, error } = analyse(method, url, headers, body, accounts);
    const recorded: RecordedRequest = {
      method,
      path: splitUrl(url).path,
      url,
      headers,
      body: body.toString('utf8'),
      ...record,
    };
    for (const key of ['accessKeyId', 'securityToken', 'nonce', 'signatureError'] as const) {
      if (recorded[key] === undefined) delete recorded[key];
    }
    const index = state.requests.push(recorded) - 1;
    events.emit('request');

    let reply: Reply;
    const id = requestId();
    if (error && !(record.scheme === 'none' && options.unsigned?.includes(record.action))) {
      reply = { status: error.status, body: { RequestId: id, Code: error.code, Message: error.message } };
    } else {
      try {
        reply = queue.shift() ?? (await handler(recorded, index));
      } catch (e) {
        reply = { status: 500, body: { RequestId: id, Code: 'InternalError', Message: String(e) } };
      }
    }

    if (reply.delayMs !== undefined && reply.delayMs > 0) await wait(reply.delayMs);
    if (gone()) return;
    if (reply.reset) {
      resetByUs = true;
      req.socket.destroy();
      return;
    }

    let payload: Buffer;
    let contentType: string | undefined;
    if (reply.body === undefined) payload = Buffer.alloc(0);
    else if (typeof reply.body === 'string') {
      payload = Buffer.from(reply.body, 'utf8');
      contentType = 'text/plain; charset=utf-8';
    } else if (reply.body instanceof Uint8Array) payload = Buffer.from(reply.body);
    else {
      payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
      contentType = 'application/json; charset=utf-8';
    }
    const bodyId = (reply.body as { RequestId?: unknown } | undefined)?.RequestId;
    res.statusCode = reply.status ?? 200;
    res.setHeader('x-acs-request-id', typeof bodyId === 'string' ? bodyId : id);
    if (contentType) res.setHeader('content-type', contentType);
    res.setHeader('content-length', payload.length);
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);

    if (reply.dripMs === undefined || payload.length === 0) {
      res.end(payload);
      return;
    }
    res.flushHeaders();
    for (let i = 0; i < payload.length; i++) {
      await wait(reply.dripMs);
      if (gone()) return;
      if (i === payload.length - 1) res.end(payload.subarray(i));
      else res.write(payload.subarray(i, i + 1));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.statusCode = 500;
        res.setHeader('x-acs-request-id', requestId());
        res.end(JSON.stringify({ Code: 'InternalError', Message: String(e) }));
      } else res.destroy();
    });
  });

  let closed: Promise<void> | undefined;
  function close(): Promise<void> {
    closing = true;
    closed ??= new Promise((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
    return closed;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
