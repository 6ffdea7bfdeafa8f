/**
 * An experiment, not part of the library: a `FetchLike` on node:http with a keep-alive Agent, for
 * `Config.withFetch`, to measure what Node's fetch (undici) costs under ky and alicloud-rx. ky still
 * builds its `Request`s; this replaces only the transport: the request goes out through node:http
 * and the answer comes back as a `Response` built from the whole body.
 *
 * Enough for this benchmark (http only, bodies read whole, no redirects, no decompression), not a
 * general fetch.
 */
import { Agent, request as httpRequest } from 'node:http';

const NULL_BODY = new Set([101, 204, 205, 304]);

export function nodeHttpFetch(options: { maxSockets?: number } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? Infinity });
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    return new Promise<Response>((resolve, reject) => {
      const req = httpRequest(
        {
          agent,
          hostname: url.hostname,
          port: url.port,
          method: request.method,
          path: `${url.pathname}${url.search}`,
          headers,
          signal: request.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const responseHeaders = new Headers();
            const raw = res.rawHeaders;
            for (let i = 0; i < raw.length; i += 2) responseHeaders.append(raw[i]!, raw[i + 1]!);
            resolve(
              new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), {
                status,
                statusText: res.statusMessage ?? '',
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
}
