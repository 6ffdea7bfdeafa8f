// maxResponseBytes on every transport, at its edges: a body of exactly the limit is read, one byte
// more is ResponseTooLargeError (bytes as sent, UTF-8, not characters); a small gzip answer that
// inflates past the limit is refused as well; the pipeline also refuses a longer text from a
// transport of the caller's; and a browser's opaque redirect is SDK.UnexpectedRedirect.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { kyTransport } from '../../src/http/ky-transport.js';
import { nodeHttpTransport } from '../../src/http/node-http-transport.js';
import type { Transport } from '../../src/http/transport.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import { Config } from '../../src/config.js';
import { ClientError } from '../../src/errors/client-error.js';
import { ResponseTooLargeError } from '../../src/errors/response-too-large-error.js';
import { ServerError } from '../../src/errors/server-error.js';
import { accessKey, rejectionOf, useWire } from '../clients/wire.js';

const LIMIT = 1024;
const TRANSPORTS: [string, () => Transport][] = [
  ['ky over fetch', () => kyTransport()],
  ['nodeHttpTransport', () => nodeHttpTransport()],
];

/** A JSON answer of exactly `bytes` bytes (UTF-8), padded with `unit`. */
function answerOf(bytes: number, unit: string): string {
  const frame = (pad: string) => `{"RequestId":"R","Pad":"${pad}"}`;
  const room = bytes - Buffer.byteLength(frame(''));
  const unitBytes = Buffer.byteLength(unit);
  const pad = unit.repeat(Math.floor(room / unitBytes)) + 'a'.repeat(room % unitBytes);
  const text = frame(pad);
  expect(Buffer.byteLength(text)).toBe(bytes);
  return text;
}

describe.each(TRANSPORTS)('maxResponseBytes over %s', (_name, makeTransport) => {
  const wire = useWire();
  const client = () =>
    wire.client({ config: (c) => c.withTransport(makeTransport()).withMaxResponseBytes(LIMIT) });

  it.each(['a', 'ü', '😀'])(
    'reads a body of exactly the limit, refuses one byte more (padding %s)',
    async (unit) => {
      wire.server.reply(
        { headers: { 'content-type': 'application/json' }, body: answerOf(LIMIT, unit) },
        { headers: { 'content-type': 'application/json' }, body: answerOf(LIMIT + 1, unit) },
      );
      const c = client();

      await expect(c.request('DescribeRegions', {})).resolves.toMatchObject({ RequestId: 'R' });
      const error = await rejectionOf(c.request('DescribeRegions', {}));

      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ code: 'SDK.ResponseTooLarge', limit: LIMIT, attempts: 1 });
      expect(error.message).toContain('maxResponseBytes (1024 bytes');
      expect(wire.server.requests).toHaveLength(2); // not retried, although read-only
    },
  );

  it('refuses a gzip answer of a few bytes that inflates past the limit', async () => {
    const inflated = answerOf(LIMIT * 64, 'a');
    const body = gzipSync(inflated);
    expect(body.length).toBeLessThan(LIMIT);
    wire.server.reply({ headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body });

    const error = await rejectionOf(client().request('DescribeRegions', {}));

    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });

  it('reads a gzip answer that inflates to the limit exactly', async () => {
    const body = gzipSync(answerOf(LIMIT, 'a'));
    wire.server.reply({ headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body });

    await expect(client().request('DescribeRegions', {})).resolves.toMatchObject({ RequestId: 'R' });
  });
});

describe.each(TRANSPORTS)('chunked answers (no Content-Length) over %s', (_name, makeTransport) => {
  let server: Server;
  let reply: { body: string; headers?: Record<string, string> };
  let url = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', ...reply.headers });
      const bytes = Buffer.from(reply.body);
      // Many small chunks: the limit is met by counting, not by a declared length.
      for (let i = 0; i < bytes.length; i += 100) res.write(bytes.subarray(i, i + 100));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = () =>
    new RpcClient({
      product: 'ecs',
      version: '2014-05-26',
      regionId: 'cn-hangzhou',
      config: new Config().withEndpoint(url).withTransport(makeTransport()).withMaxResponseBytes(LIMIT),
      credential: accessKey(),
    }).request('DescribeRegions', {});

  it('reads exactly the limit and refuses one byte more, counted as the chunks come', async () => {
    reply = { body: answerOf(LIMIT, 'ü') };
    await expect(call()).resolves.toMatchObject({ RequestId: 'R' });
    reply = { body: answerOf(LIMIT + 1, 'ü') };
    await expect(call()).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('an unknown Content-Encoding named like an Object property is read as it is, not hung on', async () => {
    for (const encoding of ['constructor', '__proto__', 'toString']) {
      reply = { body: '{"RequestId":"R"}', headers: { 'content-encoding': encoding } };
      await expect(call()).resolves.toMatchObject({ RequestId: 'R' });
    }
  });
});

describe('maxResponseBytes beyond the transports', () => {
  const client = (config: Config) =>
    new RpcClient({
      product: 'ecs',
      version: '2014-05-26',
      regionId: 'cn-hangzhou',
      config: config.withEndpoint('http://127.0.0.1:9').withRetryBackoff(1, 2),
      credential: accessKey(),
    });

  it('is an integer from 1 to 256 MiB, 16 MiB by default', () => {
    expect(new Config().maxResponseBytes).toBe(16 * 1024 * 1024);
    expect(new Config().withMaxResponseBytes(1).maxResponseBytes).toBe(1);
    for (const bad of [0, 1.5, 256 * 1024 * 1024 + 1, Number.NaN, '1024' as unknown as number]) {
      expect(() => new Config().withMaxResponseBytes(bad)).toThrow(ClientError);
    }
    expect(() => new Config().withMaxResponseBytes(0)).toThrow(
      'Invalid value for maxResponseBytes: got 0; expected an integer from 1 to 268435456.',
    );
  });

  it('a transport of the caller that hands back a longer text is refused after the fact', async () => {
    const seen: number[] = [];
    const careless: Transport = async (request) => {
      seen.push(request.maxResponseBytes);
      return { status: 200, headers: new Headers(), text: `{"RequestId":"${'x'.repeat(2000)}"}` };
    };

    const error = await rejectionOf(
      client(new Config().withTransport(careless).withMaxResponseBytes(LIMIT)).request('DescribeRegions', {}),
    );

    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(seen).toEqual([LIMIT]);
  });

  it("a browser's opaque redirect (status and target hidden) is SDK.UnexpectedRedirect, not retried", async () => {
    let calls = 0;
    // What a browser's fetch gives for `redirect: 'manual'`: type 'opaqueredirect', status 0.
    const browserLikeFetch = async () => {
      calls++;
      const response = new Response(null, { status: 200 });
      Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
      return response;
    };

    const error = await rejectionOf(
      client(new Config().withFetch(browserLikeFetch)).request('DescribeRegions', {}),
    );

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'SDK.UnexpectedRedirect', statusCode: 0, attempts: 1 });
    expect(error.message).toContain('answered a redirect');
    expect(calls).toBe(1);
  });

  it('a custom fetch that followed a redirect anyway: its answer is refused', async () => {
    const followingFetch = async () => {
      const response = new Response('{"RequestId":"FROM-ELSEWHERE"}', { status: 200 });
      Object.defineProperty(response, 'redirected', { value: true });
      return response;
    };

    const error = await rejectionOf(
      client(new Config().withFetch(followingFetch)).request('DescribeRegions', {}),
    );

    expect(error).toMatchObject({ code: 'SDK.UnexpectedRedirect' });
  });

  it('ky asks fetch not to follow redirects', async () => {
    const modes: string[] = [];
    const recordingFetch = async (input: Request) => {
      modes.push(input.redirect);
      return new Response('{"RequestId":"R"}', { status: 200 });
    };

    await client(new Config().withFetch(recordingFetch)).request('DescribeRegions', {});

    expect(modes).toEqual(['manual']);
  });
});
