import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fetch-style handler: the fake cloud's `cloud.fetch`, or any `(Request) => Response`. */
export type FetchHandler = (request: Request) => Promise<Response> | Response;

/** A running loopback server. */
export interface ServedFetch {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && chunks.length > 0;
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
    signal,
  });
}

async function handle(
  handler: FetchHandler,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<void> {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  try {
    const response = await handler(await toRequest(req, origin, controller.signal));
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(body);
  } catch (error) {
    if (res.headersSent || controller.signal.aborted) return void res.destroy();
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        Code: 'InternalError',
        Message: error instanceof Error ? error.message : 'handler failed',
      }),
    );
  }
}

/**
 * Serves a fetch handler over `node:http` on 127.0.0.1 (port 0 by default: a free one). The
 * handler sees the `host` header the client signed; a client that goes away aborts the
 * request's `signal`.
 *
 * @example
 * import { serveFetch } from 'alicloud-rx/testing/server';
 * const server = await serveFetch((request) => Response.json({ RequestId: '1' }));
 * // … new Config().withEndpoint(server.url) …
 * await server.close();
 */
export async function serveFetch(
  handler: FetchHandler,
  options: { port?: number; host?: string } = {},
): Promise<ServedFetch> {
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const server = createServer((req, res) => void handle(handler, req, res, origin));
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
