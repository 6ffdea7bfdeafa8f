import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionResetError } from './connection-reset-error.js';
import { createFakeCloud, type FakeCloud, type FakeCloudOptions } from './fake-cloud.js';
import { BodyTooLarge, requestBodyStream } from './request-body-stream.js';

/** A fetch-style handler: the fake cloud's `cloud.fetch`, or any `(Request) => Response`. */
export type FetchHandler = (request: Request) => Promise<Response> | Response;

/** A running loopback server. */
export interface ServedFetch {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Stops listening and closes every connection. Safe to call twice. */
  close(): Promise<void>;
}

/** Options of {@link serveFetch}. */
export interface ServeOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * Bodies larger than this get `413` without being read further, a declared `content-length`
   * over it gets `413` before any of the body is read, and the connection is then closed (the rest
   * is not drained). In `startFakeCloud` this is the fake cloud's own `maxBodyBytes` (1 MiB by
   * default), the one limit: the server reads no further than the cloud does.
   * @default 8 MiB
   */
  maxBodyBytes?: number;
  /**
   * Told of each request the server itself refuses with `413` (given with its headers, without its
   * body), before the answer goes out. The handler never sees one whose declared `content-length`
   * is over the limit; one whose body goes over it while the handler reads gets the `413` whatever
   * the handler answered. (`startFakeCloud` has none: there the fake cloud answers its own `413`
   * and counts it in its stats.)
   */
  onTooLarge?: (request: Request) => void;
}

function hasBody(req: IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function toRequest(
  req: IncomingMessage,
  body: ReadableStream<Uint8Array> | undefined,
  origin: string,
  signal: AbortSignal,
): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  // fetch asks `duplex: 'half'` of a streamed body (TypeScript's RequestInit lacks it).
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, body, signal };
  if (body) init.duplex = 'half';
  return new Request(new URL(req.url ?? '/', origin), init);
}

/** A body not read to its end is not drained: the connection closes once the answer is out. */
function closeIfUnread(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.complete) return false;
  res.once('finish', () => req.socket.destroy());
  return true;
}

/** Tells `onTooLarge` of a refused request, before the `413` goes out; nothing it throws stops that. */
function tellTooLarge(options: ServeOptions, req: IncomingMessage, origin: string): void {
  if (!options.onTooLarge) return;
  try {
    options.onTooLarge(toRequest(req, undefined, origin, new AbortController().signal));
  } catch {
    // A request fetch cannot stand for (a `TRACE`, a malformed URL) or a failing observer: still a 413.
  }
}

async function handle(
  handler: FetchHandler,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  options: ServeOptions,
): Promise<void> {
  const limit = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  // Streamed, not buffered: the handler reads as much of the body as it wants, and no more is read.
  const body = hasBody(req) ? requestBodyStream(req, limit) : undefined;
  try {
    if (Number(req.headers['content-length']) > limit) throw new BodyTooLarge(limit);
    const response = await handler(toRequest(req, body?.stream, origin, controller.signal));
    if (body?.overLimit) {
      // The limit is the server's: a body that went over it gets its 413, whatever the handler made
      // of the stream's error (the fake cloud, whose own limit is higher, answers it with a 500).
      await response.body?.cancel().catch(() => undefined);
      throw new BodyTooLarge(limit);
    }
    const headers = Object.fromEntries(response.headers);
    if (closeIfUnread(req, res)) headers.connection = 'close';
    res.writeHead(response.status, headers);
    const reader = response.body?.getReader();
    for (let next = await reader?.read(); reader && next && !next.done; next = await reader.read()) {
      if (controller.signal.aborted) return void reader.cancel();
      res.write(next.value);
    }
    res.end();
  } catch (error) {
    if (error instanceof ConnectionResetError || res.headersSent || controller.signal.aborted)
      return void res.destroy();
    const tooLarge = error instanceof BodyTooLarge || body?.overLimit === true;
    if (tooLarge) tellTooLarge(options, req, origin);
    closeIfUnread(req, res);
    // The service's error shape, RequestId included, like every answer of the fake cloud.
    const requestId = randomUUID().toUpperCase();
    res.writeHead(tooLarge ? 413 : 500, {
      'content-type': 'application/json;charset=utf-8',
      'x-acs-request-id': requestId,
      connection: 'close',
    });
    res.end(
      JSON.stringify({
        RequestId: requestId,
        ...(tooLarge
          ? { Code: 'RequestEntityTooLarge', Message: `The request body is larger than ${limit} bytes.` }
          : { Code: 'InternalError', Message: 'The server failed on this request.' }),
      }),
    );
  }
}

/**
 * Serves a fetch handler over `node:http` on 127.0.0.1 (port 0 by default: a free one). The
 * handler sees the `host` header the client signed; a client that goes away aborts the
 * request's `signal`; a handler that throws `ConnectionResetError` resets the connection;
 * streamed bodies are streamed.
 *
 * @example
 * import { serveFetch } from 'alicloud-rx/testing/server';
 * const server = await serveFetch((request) => Response.json({ RequestId: '1' }));
 * // … new Config().withEndpoint(server.url) …
 * await server.close();
 */
export async function serveFetch(handler: FetchHandler, options: ServeOptions = {}): Promise<ServedFetch> {
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const server = createServer((req, res) => void handle(handler, req, res, origin, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  return {
    url: origin,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

/** A fake cloud served on loopback. */
export interface RunningFakeCloud extends ServedFetch {
  cloud: FakeCloud;
}

/**
 * Starts a fake ECS endpoint on 127.0.0.1 (a free port unless `port` is given): the same handler
 * as `createFakeCloud`, plus connection resets and slow bodies on real sockets. The request body is
 * streamed to the cloud, which reads it no further than its `maxBodyBytes` (a declared
 * `content-length` over it not at all) and answers `413 RequestEntityTooLarge` itself; the
 * connection is then closed.
 *
 * @example
 * import { startFakeCloud } from 'alicloud-rx/testing/server';
 * const { url, close, cloud } = await startFakeCloud({ faults: { throttleQps: 50 } });
 * const config = new Config().withEndpoint(url);
 * // … run your code …
 * console.log(cloud.stats.throttled);
 * await close();
 */
export async function startFakeCloud(
  options: FakeCloudOptions & Omit<ServeOptions, 'onTooLarge'> = {},
): Promise<RunningFakeCloud> {
  const cloud = createFakeCloud(options);
  // One limit, the cloud's (`options.maxBodyBytes` or its default): the server adds none of its own.
  const served = await serveFetch((request) => cloud.fetch(request), {
    port: options.port,
    host: options.host,
    maxBodyBytes: Infinity,
  });
  return { ...served, cloud };
}
