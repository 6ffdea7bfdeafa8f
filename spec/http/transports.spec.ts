/**
 * The two transports, ky over fetch (the default) and nodeHttpTransport (alicloud-rx/node), under
 * the same wire tests over loopback HTTP with real signing; then what only the node one does.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent, createServer as createHttpsServer } from 'node:https';
import { gzipSync } from 'node:zlib';
import { firstValueFrom, Subject, takeUntil } from 'rxjs';
import { nodeHttpTransport } from '../../src/http/node-http-transport.js';
import type { Transport } from '../../src/http/transport.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import { Config } from '../../src/config.js';
import { ClientError } from '../../src/errors/client-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { ServerError } from '../../src/errors/server-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import { accessKey, ok, rejectionOf, serviceError, stsToken, useWire } from '../clients/wire.js';

const TRANSPORTS: [string, () => Transport | undefined][] = [
  ['ky over fetch (default)', () => undefined],
  ['nodeHttpTransport', () => nodeHttpTransport()],
];

describe.each(TRANSPORTS)('transport: %s, over loopback HTTP', (_name, makeTransport) => {
  const wire = useWire();
  const withTransport = (config: Config): Config => {
    const transport = makeTransport();
    return transport ? config.withTransport(transport) : config;
  };

  it.each(['ACS3-HMAC-SHA256', 'HMAC-SHA1'] as const)(
    'sends a %s request the server verifies, and parses the answer',
    async (algorithm) => {
      const client = wire.client({
        config: (c) => withTransport(c.withSignatureAlgorithm(algorithm)),
        credential: stsToken(),
      });

      const response = await client.request('DescribeInstances', {
        PageSize: 5,
        Tag: [{ Key: 'a b', Value: 'ü+/' }],
      });

      expect(response).toMatchObject({ Action: 'DescribeInstances', Params: { PageSize: '5' } });
      const [request] = wire.server.requests;
      expect(request).toMatchObject({ signatureValid: true, scheme: algorithm, action: 'DescribeInstances' });
      expect(request?.params).toMatchObject({ PageSize: '5', 'Tag.1.Key': 'a b', 'Tag.1.Value': 'ü+/' });
    },
  );

  it('maps a 4xx answer to ServerError with its code and request id', async () => {
    wire.server.reply(serviceError(400, 'InvalidParameter'));
    const client = wire.client({ config: withTransport });

    const error = await rejectionOf(client.request('StopInstance', { InstanceId: 'i-1' }));

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      code: 'InvalidParameter',
      statusCode: 400,
      requestId: 'REQ-InvalidParameter',
    });
  });

  it('honours x-acs-retry-after on a throttled answer and succeeds on the retry', async () => {
    wire.server.reply({ ...serviceError(429, 'Throttling.User'), headers: { 'x-acs-retry-after': '0.001' } });
    const client = wire.client({ config: withTransport });

    await expect(client.request('StopInstance', { InstanceId: 'i-1' })).resolves.toMatchObject({
      Action: 'StopInstance',
    });
    expect(wire.server.requests).toHaveLength(2);
  });

  it('ends with TimeoutError when the body drips past readTimeout, and the server sees the abort', async () => {
    wire.server.reply({ ...ok({ Padding: 'x'.repeat(200) }), dripMs: 20 });
    const client = wire.client({ config: withTransport });

    const error = await rejectionOf(
      client.request('StopInstance', { InstanceId: 'i-1' }, { readTimeout: 100 }),
    );

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'read', timeout: 100, attempts: 1 });
    await wire.server.waitForAborted(1);
    expect(wire.server.requests).toHaveLength(1);
  });

  it('aborts the request in flight when the subscriber unsubscribes', async () => {
    wire.server.setHandler(() => ({ ...ok(), delayMs: 5000 }));
    const client = wire.client({ config: withTransport });
    const stop = new Subject<void>();
    const call = firstValueFrom(client.request$('DescribeInstances', {}).pipe(takeUntil(stop)), {
      defaultValue: 'cancelled',
    });

    await wire.server.waitForRequests(1);
    stop.next();

    await expect(call).resolves.toBe('cancelled');
    await wire.server.waitForAborted(1);
  });

  it('gives NetworkError on a reset and does not send a mutating call without ClientToken again', async () => {
    wire.server.setHandler(() => ({ reset: true }));
    const client = wire.client({ config: withTransport });

    const error = await rejectionOf(client.request('StopInstance', { InstanceId: 'i-1' }));

    expect(error).toBeInstanceOf(NetworkError);
    expect(wire.server.requests).toHaveLength(1);
  });

  it('retries a refused connection (nothing was sent) even for a mutating call', async () => {
    const port = await closedPort();
    const client = wire.client({
      config: (c) => withTransport(c.withEndpoint(`http://127.0.0.1:${port}`).withMaxRetryTime(2)),
    });

    const error = await rejectionOf(client.request('StopInstance', { InstanceId: 'i-1' }));

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ attempts: 3 });
    expect(error.message).toContain('ECONNREFUSED');
  });
});

describe('nodeHttpTransport', () => {
  const servers: { close(): void }[] = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));

  /** An HTTP server that counts its connections and answers every request with `answer`. */
  async function countingServer(
    answer: (req: IncomingMessage, res: ServerResponse) => void,
  ): Promise<{ url: string; connections: () => number; sockets: Socket[] }> {
    const sockets: Socket[] = [];
    const server: Server = createHttpServer(answer);
    server.keepAliveTimeout = 60_000; // only the client may close an idle socket within a test
    server.on('connection', (socket: Socket) => sockets.push(socket));
    servers.push({ close: () => server.close() && server.closeAllConnections() });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      connections: () => sockets.length,
      sockets,
    };
  }

  const request = (url: string, signal = new AbortController().signal) => ({
    method: 'POST' as const,
    url,
    headers: { 'x-test': '1' },
    body: 'a=1',
    signal,
    connectTimeout: 1000,
    maxResponseBytes: 1024 * 1024,
  });

  it('keeps connections alive: 20 calls one after another use one socket', async () => {
    const server = await countingServer((_req, res) => res.end('{"RequestId":"R"}'));
    const transport = nodeHttpTransport();

    for (let i = 0; i < 20; i++) {
      const response = await transport(request(server.url));
      expect(response.text).toBe('{"RequestId":"R"}');
    }

    expect(server.connections()).toBe(1);
  });

  it('closes a socket idle for idleTimeout (the next call opens a new one), never one in use', async () => {
    let delayMs = 300; // in use for 6× idleTimeout: still answered
    const server = await countingServer((_req, res) => {
      setTimeout(() => res.end('{"RequestId":"R"}'), delayMs);
    });
    const transport = nodeHttpTransport({ idleTimeout: 50 });

    await expect(transport(request(server.url))).resolves.toMatchObject({ status: 200 });
    await once(server.sockets[0]!, 'close'); // then idle: the client closes it
    delayMs = 0;
    await expect(transport(request(server.url))).resolves.toMatchObject({ status: 200 });

    expect(server.connections()).toBe(2);
  });

  it('asks for compression and decodes a gzip answer; headers read case-insensitively', async () => {
    const body = JSON.stringify({ RequestId: 'R', Items: 'ü'.repeat(1000) });
    let acceptEncoding: string | undefined;
    const server = await countingServer((req, res) => {
      acceptEncoding = req.headers['accept-encoding'];
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'X-Acs-Request-Id': 'R' });
      res.end(gzipSync(body));
    });
    const transport = nodeHttpTransport();

    const response = await transport(request(server.url));

    expect(response.text).toBe(body);
    expect(response.headers.get('x-acs-request-id')).toBe('R');
    expect(response.headers.get('X-ACS-REQUEST-ID')).toBe('R');
    expect(response.headers.get('x-missing')).toBeNull();
    expect(acceptEncoding).toBe('gzip, deflate, br');
  });

  it('fails with TimeoutError phase connect when a new connection does not open in time, and always retries it', async () => {
    // TCP connects, but the TLS handshake never gets an answer: the connection never opens.
    let connections = 0;
    const silent = createTcpServer((socket: Socket) => {
      connections++;
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => silent.close() });
    const port = (silent.address() as AddressInfo).port;
    const client = new RpcClient({
      product: 'ecs',
      version: '2014-05-26',
      regionId: 'cn-hangzhou',
      config: new Config()
        .withEndpoint(`https://127.0.0.1:${port}`)
        .withRetryBackoff(1, 5)
        .withMaxRetryTime(1)
        .withConnectTimeout(100)
        .withTransport(nodeHttpTransport()),
      credential: accessKey(),
    });

    const error = await rejectionOf(client.request('StopInstance', { InstanceId: 'i-1' }));
    await client.shutdown();
    silent.close();

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'SDK.TimeoutError', phase: 'connect', timeout: 100, attempts: 2 });
    expect(error.message).toContain('connectTimeout');
    expect(connections).toBe(2); // a mutating call without ClientToken, retried: nothing had been sent
  });

  it('speaks HTTPS: a custom CA through httpsAgent, one kept-alive TLS connection for 5 signed calls', async () => {
    const tls = {
      cert: readFileSync(new URL('../fixtures/tls/localhost-cert.pem', import.meta.url)),
      key: readFileSync(new URL('../fixtures/tls/localhost-key.pem', import.meta.url)),
    };
    let connections = 0;
    const actions: string[] = [];
    const server = createHttpsServer(tls, (req, res) => {
      actions.push(String(req.headers['x-acs-action']));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"RequestId":"TLS"}');
    });
    server.on('secureConnection', () => connections++);
    servers.push({ close: () => server.close() && server.closeAllConnections() });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = (transport: Transport) =>
      new RpcClient({
        product: 'ecs',
        version: '2014-05-26',
        regionId: 'cn-hangzhou',
        config: new Config().withEndpoint(endpoint).withTransport(transport),
        credential: accessKey(),
      });
    const trusting = client(
      nodeHttpTransport({ httpsAgent: new HttpsAgent({ keepAlive: true, ca: tls.cert }) }),
    );
    const untrusting = client(nodeHttpTransport());

    for (let i = 0; i < 5; i++)
      await expect(trusting.request('DescribeRegions', {})).resolves.toEqual({ RequestId: 'TLS' });
    const refused = await rejectionOf(untrusting.request('StopInstance', { InstanceId: 'i-1' }));
    await Promise.all([trusting.shutdown(), untrusting.shutdown()]);

    expect(actions).toEqual(Array(5).fill('DescribeRegions'));
    expect(connections).toBe(1);
    expect(refused).toBeInstanceOf(NetworkError);
    expect(refused.message).toMatch(/self[- ]signed/i);
  });

  it('rejects bad options with ClientError naming the option', () => {
    expect(() => nodeHttpTransport({ maxSockets: 0 })).toThrow(ClientError);
    expect(() => nodeHttpTransport({ maxSockets: 0 })).toThrow(/maxSockets: got 0; expected an integer >= 1/);
    expect(() => nodeHttpTransport({ compress: 'yes' as unknown as boolean })).toThrow(/compress/);
    expect(() => nodeHttpTransport({ idleTimeout: 0 })).toThrow(
      /idleTimeout: got 0; expected an integer from 1/,
    );
    expect(() => new Config().withTransport('fast' as unknown as Transport)).toThrow(/transport: got "fast"/);
  });

  it('withTransport and withFetch replace each other: the later one wins', () => {
    const transport = nodeHttpTransport();
    const fetchImpl = (input: Request) => fetch(input);

    expect(new Config().withFetch(fetchImpl).withTransport(transport)).toMatchObject({
      transport,
      fetch: undefined,
    });
    expect(new Config().withTransport(transport).withFetch(fetchImpl)).toMatchObject({
      transport: undefined,
      fetch: fetchImpl,
    });
  });
});

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
