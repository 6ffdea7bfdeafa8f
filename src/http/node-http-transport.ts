// Node only: a transport on node:http / node:https, exported from 'alicloud-rx/node'.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { checkBoolean, checkInteger, checkIntegerOrInfinity, MAX_TIMEOUT_MS } from '../checks.js';
import { ConnectTimeout, ResponseTooLarge, type Transport, type TransportResponse } from './transport.js';

/** Options of {@link nodeHttpTransport}. */
export interface NodeHttpTransportOptions {
  /** Sockets per host at most. @default Infinity (the client's pool already bounds calls in flight) */
  maxSockets?: number;
  /** Idle keep-alive sockets kept per host. @default 256 */
  maxFreeSockets?: number;
  /**
   * Ms a kept-alive socket may sit unused before it is closed: shorter than the idle timeout of
   * the load balancers in front of the API, so a request is never sent on a socket the server is
   * closing at that moment (which would fail a call that was never received). @default 4000
   */
  idleTimeout?: number;
  /** Ask for gzip/deflate/br answers and decode them. @default true */
  compress?: boolean;
  /** Your own agent for http endpoints (a proxy agent, other socket limits). */
  httpAgent?: HttpAgent;
  /** Your own agent for https endpoints (custom CA, a proxy agent). */
  httpsAgent?: HttpsAgent;
}

type Decoder = (
  buffer: Buffer,
  options: { maxOutputLength: number },
  callback: (error: Error | null, result: Buffer) => void,
) => void;
// A Map, not an object: `Content-Encoding: constructor` must find nothing.
const DECODERS = new Map<string, Decoder>([
  ['gzip', gunzip],
  ['x-gzip', gunzip],
  ['deflate', inflate],
  ['br', brotliDecompress],
]);

/** `Headers`-like read access to node's lower-cased header object. */
class NodeResponseHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}
  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }
}

interface Origin {
  readonly secure: boolean;
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly host: string;
}

/** Splits `url` into its origin (parsed once per endpoint, then cached) and its path + query. */
function splitUrl(url: string, origins: Map<string, Origin>): [Origin, string] {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  const key = slash === -1 ? url : url.slice(0, slash);
  let origin = origins.get(key);
  if (origin === undefined) {
    const parsed = new URL(key);
    const secure = parsed.protocol === 'https:';
    origin = {
      secure,
      protocol: parsed.protocol,
      hostname: parsed.hostname,
      port: parsed.port,
      host: parsed.host,
    };
    if (origins.size < 1024) origins.set(key, origin);
  }
  return [origin, slash === -1 ? '/' : url.slice(slash)];
}

/** zlib's error when decoding would pass `maxOutputLength`. */
function tooLarge(error: Error): boolean {
  return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
}

/**
 * A transport for Node programs on `node:http`/`node:https` with keep-alive agents: the same
 * requests and answers as the default (ky over fetch) at a fraction of the CPU per call, and it
 * honours `connectTimeout` on its own (a new connection that does not open in time fails with
 * `TimeoutError` phase `'connect'`, which is always safe to retry). No redirects are followed.
 * Bodies are read up to `maxResponseBytes` (decoded: gzip, deflate and br are inflated no further
 * than that), then the exchange is aborted with `ResponseTooLarge`; a compressed body is held whole
 * before it is inflated, so its bytes on the wire are held to the same limit (an answer that does
 * not compress, right at the limit, can pass it by the few bytes of its gzip framing).
 *
 * @example
 * import { Config, EcsClient } from 'alicloud-rx';
 * import { nodeHttpTransport, useNodeCrypto } from 'alicloud-rx/node';
 * useNodeCrypto();
 * const config = new Config().withEnableAsync(true).withPoolSize(50).withTransport(nodeHttpTransport());
 * const ecs = new EcsClient('cn-hangzhou', config, credential);
 */
export function nodeHttpTransport(options: NodeHttpTransportOptions = {}): Transport {
  if (options.maxSockets !== undefined) checkIntegerOrInfinity('maxSockets', options.maxSockets, 1);
  if (options.maxFreeSockets !== undefined)
    checkIntegerOrInfinity('maxFreeSockets', options.maxFreeSockets, 0);
  const idle =
    options.idleTimeout === undefined
      ? undefined
      : checkInteger('idleTimeout', options.idleTimeout, 1, MAX_TIMEOUT_MS);
  if (options.compress !== undefined) checkBoolean('compress', options.compress);
  const sockets = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? Infinity,
    maxFreeSockets: options.maxFreeSockets ?? 256,
    // The Agent applies `timeout` to idle sockets, which it then destroys; a request in flight
    // only gets a 'timeout' event nobody listens to (readTimeout bounds it through the signal).
    timeout: idle ?? 4000,
  };
  const httpAgent = options.httpAgent ?? new HttpAgent(sockets);
  const httpsAgent = options.httpsAgent ?? new HttpsAgent(sockets);
  const compress = options.compress ?? true;
  const origins = new Map<string, Origin>();

  return (request) =>
    new Promise<TransportResponse>((resolve, reject) => {
      const { signal, connectTimeout } = request;
      const [url, path] = splitUrl(request.url, origins);
      const secure = url.secure;
      const headers: Record<string, string> = compress
        ? { 'accept-encoding': 'gzip, deflate, br', ...request.headers }
        : { ...request.headers };
      if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
      const req = (secure ? httpsRequest : httpRequest)({
        agent: secure ? httpsAgent : httpAgent,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port,
        method: request.method,
        path,
        headers,
      });
      let connectTimer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const finish = () => {
        settled = true;
        clearTimeout(connectTimer);
        signal.removeEventListener('abort', onAbort);
      };
      const fail = (error: unknown) => {
        if (settled) return;
        finish();
        req.destroy();
        reject(error);
      };
      const onAbort = () => fail(signal.reason);

      req.once('socket', (socket) => {
        if (!socket.connecting) return; // a kept-alive socket, already open
        connectTimer = setTimeout(() => fail(new ConnectTimeout(url.host, connectTimeout)), connectTimeout);
        socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
      });
      req.on('error', fail);
      req.once('response', (res) => {
        // Every listener below runs outside any promise: each one catches, so nothing a server
        // sends (a huge or bomb-like body) can throw past the call's own error channel.
        const limit = request.maxResponseBytes;
        const encoding = res.headers['content-encoding']?.trim().toLowerCase();
        const decode = encoding === undefined ? undefined : DECODERS.get(encoding);
        const declared = Number(res.headers['content-length']);
        if (decode === undefined && declared > limit) return fail(new ResponseTooLarge(limit));
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) return fail(new ResponseTooLarge(limit));
          chunks.push(chunk);
        });
        res.on('error', fail);
        res.once('close', () => {
          if (!res.complete) fail(new Error(`The connection to ${url.host} closed before the answer ended.`));
        });
        res.once('end', () => {
          const status = res.statusCode ?? 0;
          const done = (error: Error | null, body: Buffer) => {
            if (settled) return;
            if (error) return fail(tooLarge(error) ? new ResponseTooLarge(limit) : error);
            try {
              const text = body.toString('utf8');
              finish();
              resolve({ status, headers: new NodeResponseHeaders(res.headers), text });
            } catch (failure) {
              fail(failure);
            }
          };
          const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          if (decode === undefined || body.length === 0) return done(null, body);
          try {
            decode(body, { maxOutputLength: limit }, done);
          } catch (failure) {
            fail(failure);
          }
        });
      });
      if (signal.aborted) return fail(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      req.end(request.body);
    });
}
