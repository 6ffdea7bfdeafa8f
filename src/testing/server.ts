import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionResetError } from './connection-reset-error.js';
import { createFakeCloud, type FakeCloud, type FakeCloudOptions } from './fake-cloud.js';
import { countRefused } from './fake-cloud-stats.js';

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
  /** Bodies larger than this get `413` without being read further. @default 8 MiB */
  maxBodyBytes?: number;
  /**
   * Told of each request the server itself refuses with `413` (given with its headers, without its
   * body), before the answer goes out; the handler never sees such a request.
   */
  onTooLarge?: (request: Request) => void;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toRequest(req: IncomingMessage, body: Buffer, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && body.length > 0;
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? new Uint8Array(body) : undefined,
    signal,
  });
}

/** Tells `onTooLarge` of a refused request, before the `413` goes out; nothing it throws stops that. */
function tellTooLarge(options: ServeOptions, req: IncomingMessage, origin: string): void {
  if (!options.onTooLarge) return;
  try {
    options.onTooLarge(toRequest(req, Buffer.alloc(0), origin, new AbortController().signal));
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
  try {
    const response = await handler(toRequest(req, await readBody(req, limit), origin, controller.signal));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    const reader = response.body?.getReader();
    for (let next = await reader?.read(); reader && next && !next.done; next = await reader.read()) {
      if (controller.signal.aborted) return void reader.cancel();
      res.write(next.value);
    }
    res.end();
  } catch (error) {
    if (error instanceof ConnectionResetError || res.headersSent || controller.signal.aborted)
      return void res.destroy();
    const tooLarge = error instanceof BodyTooLarge;
    if (tooLarge) tellTooLarge(options, req, origin);
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
 * as `createFakeCloud`, plus connection resets and slow bodies on real sockets.
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
  options: FakeCloudOptions & ServeOptions = {},
): Promise<RunningFakeCloud> {
  const cloud = createFakeCloud(options);
  const served = await serveFetch((request) => cloud.fetch(request), {
    ...options,
    // The server's own 413 counts as the cloud's would: under the action the request names.
    onTooLarge: (request) => {
      countRefused(cloud.stats, request.headers.get('x-acs-action') ?? '', 'RequestEntityTooLarge');
      options.onTooLarge?.(request);
    },
  });
  return { ...served, cloud };
}
