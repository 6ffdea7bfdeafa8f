// The server around the fake cloud reads a request body no further than the cloud's limit
// (1 MiB by default): a larger body gets the cloud's own 413 and the connection is closed, not
// drained; a serveFetch limit below its handler's is the server's to answer. Raw node:http and
// node:net clients, so that chunked bodies and lying lengths get through.
import { Agent, request, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { createFakeCloud } from '../../src/testing/fake-cloud.js';
import { serveFetch, startFakeCloud, type RunningFakeCloud } from '../../src/testing/server.js';
import { signAcs3Call } from './fake-cloud-helpers.js';

const LIMIT = 1024 * 1024;
/** The most a socket read hands the server at once (Node reads 64 KiB at a time). */
const SOCKET_CHUNK = 64 * 1024;

let fake: RunningFakeCloud;
const agent = new Agent({ keepAlive: true });
beforeAll(async () => {
  fake = await startFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: 1 });
});
afterAll(async () => {
  agent.destroy();
  await fake.close();
});
beforeEach(() => fake.cloud.resetStats());

interface Answer {
  status: number;
  connection: string | undefined;
  body: Record<string, unknown>;
  /** Settles when the connection the answer came on is closed. */
  closed: Promise<void>;
}

/**
 * POSTs to `origin` (the fake cloud's by default) over a keep-alive connection: `body` in one write
 * (chunked unless `headers` give a length), or nothing when it is undefined. Resolves with the
 * answer, whatever happens to the rest of the body; errors writing into a connection the server
 * has closed are expected.
 */
function post(headers: Record<string, string>, body?: Buffer, origin = fake.url): Promise<Answer> {
  let req: ClientRequest | undefined;
  const answer = new Promise<Answer>((resolve, reject) => {
    req = request(`${origin}/`, { method: 'POST', headers, agent }, (res: IncomingMessage) => {
      const socket = res.socket;
      const closed = new Promise<void>((done) => (socket.destroyed ? done() : socket.once('close', done)));
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.once('end', () => {
        try {
          const json = JSON.parse(text) as Record<string, unknown>;
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: json, closed });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on('error', () => undefined);
    if (body === undefined) req.flushHeaders();
    else req.end(body);
  });
  return answer.finally(() => req?.destroy());
}

/** The keys of the fake cloud's own 413, answered in-process. */
async function cloud413Keys(): Promise<string[]> {
  const cloud = createFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: 1, maxBodyBytes: 1 });
  const response = await cloud.fetch('http://ecs.fake.test/', { method: 'POST', body: 'xx' });
  expect(response.status).toBe(413);
  return Object.keys((await response.json()) as object).sort();
}

describe('startFakeCloud reading a body over its limit', () => {
  it('answers a 2 MiB chunked body with the cloud 413, having read no more than the limit and one chunk', async () => {
    const answer = await post(
      { 'transfer-encoding': 'chunked', 'x-acs-action': 'DescribeRegions' },
      Buffer.alloc(2 * LIMIT, 'x'),
    );
    expect(answer.status).toBe(413);
    expect(Object.keys(answer.body).sort()).toEqual(await cloud413Keys());
    expect(answer.body).toMatchObject({
      Code: 'RequestEntityTooLarge',
      Message: expect.stringContaining('1048576'),
    });
    expect(fake.cloud.stats.bodyBytesRead).toBeGreaterThan(LIMIT);
    expect(fake.cloud.stats.bodyBytesRead).toBeLessThanOrEqual(LIMIT + SOCKET_CHUNK);
    expect(fake.cloud.stats.byAction).toEqual({ DescribeRegions: { RequestEntityTooLarge: 1 } });
    expect(answer.connection).toBe('close');
    await answer.closed;
  });

  it('answers a declared content-length over the limit with 413 without the body being sent', async () => {
    const answer = await post({ 'content-length': '100000000' });
    expect(answer.status).toBe(413);
    expect(Object.keys(answer.body).sort()).toEqual(await cloud413Keys());
    expect(answer.body).toMatchObject({ Code: 'RequestEntityTooLarge' });
    expect(fake.cloud.stats).toMatchObject({ requests: 1, inFlight: 0, bodyBytesRead: 0 });
    expect(answer.connection).toBe('close');
    await answer.closed;
  });

  it('closes the connection instead of draining the rest of a 64 MiB body', async () => {
    const { hostname, port } = new URL(fake.url);
    const socket = connect(Number(port), hostname);
    socket.on('error', () => undefined);
    const head = 'POST / HTTP/1.1\r\nhost: fake\r\ntransfer-encoding: chunked\r\n\r\n';
    const chunk = Buffer.concat([
      Buffer.from(`${SOCKET_CHUNK.toString(16)}\r\n`),
      Buffer.alloc(SOCKET_CHUNK, 'x'),
      Buffer.from('\r\n'),
    ]);
    const write = (data: string | Buffer) =>
      new Promise<boolean>((resolve) => socket.write(data, (error) => resolve(!error)));
    // One chunk at a time, each handed to the kernel before the next: counts what got through.
    let sent = 0;
    const total = 64 * LIMIT;
    for (let ok = await write(head); ok && sent < total;) {
      ok = await write(chunk);
      if (ok) sent += SOCKET_CHUNK;
    }
    socket.destroy();
    expect(sent).toBeLessThan(total);
    expect(fake.cloud.stats.bodyBytesRead).toBeGreaterThan(LIMIT);
    expect(fake.cloud.stats.bodyBytesRead).toBeLessThanOrEqual(LIMIT + SOCKET_CHUNK);
  });
});

describe("serveFetch's own limit, below the handler's", () => {
  it("answers a chunked body over the server's limit with 413 when the cloud reads it (its limit higher)", async () => {
    const cloud = createFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: 1 });
    const refused: string[] = [];
    const server = await serveFetch(cloud.fetch, {
      maxBodyBytes: 1024,
      onTooLarge: (request) => refused.push(request.headers.get('x-acs-action') ?? ''),
    });
    try {
      const answer = await post(
        { 'transfer-encoding': 'chunked', 'x-acs-action': 'DescribeRegions' },
        Buffer.alloc(4096, 'x'),
        server.url,
      );
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({
        Code: 'RequestEntityTooLarge',
        Message: 'The request body is larger than 1024 bytes.',
      });
      expect(refused).toEqual(['DescribeRegions']);
      expect(answer.connection).toBe('close');
      await answer.closed;
    } finally {
      await server.close();
    }
  });

  it('answers 413 whatever a handler that catches the over-limit read answers', async () => {
    const server = await serveFetch(
      async (request) => {
        const read = await request.text().catch(() => 'failed');
        return Response.json({ RequestId: '1', read });
      },
      { maxBodyBytes: 1024 },
    );
    try {
      const answer = await post({ 'transfer-encoding': 'chunked' }, Buffer.alloc(4096, 'x'), server.url);
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({ Code: 'RequestEntityTooLarge' });
    } finally {
      await server.close();
    }
  });
});

describe('startFakeCloud reading a body at its limit', () => {
  /** A signed DescribeRegions whose JSON body is exactly `size` bytes. */
  async function signedOfSize(size: number) {
    const bare = JSON.stringify({ RegionId: 'cn-hangzhou', Padding: '' });
    const body = JSON.stringify({ RegionId: 'cn-hangzhou', Padding: 'x'.repeat(size - bare.length) });
    expect(body.length).toBe(size);
    return signAcs3Call(fake.url, { action: 'DescribeRegions', body, contentType: 'application/json' });
  }

  it('accepts a chunked body of exactly the limit', async () => {
    const call = await signedOfSize(LIMIT);
    const answer = await post(
      { ...call.headers, 'transfer-encoding': 'chunked' },
      Buffer.from(call.body ?? ''),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveProperty('Regions.Region');
    expect(fake.cloud.stats.bodyBytesRead).toBe(LIMIT);
  });

  it('accepts a body with a content-length of exactly the limit, and refuses one byte more', async () => {
    const exact = await signedOfSize(LIMIT);
    const accepted = await fetch(exact.url, { method: 'POST', headers: exact.headers, body: exact.body });
    expect(accepted.status).toBe(200);
    await accepted.body?.cancel();
    const over = await signedOfSize(LIMIT + 1);
    const refused = await fetch(over.url, { method: 'POST', headers: over.headers, body: over.body });
    expect(refused.status).toBe(413);
    await refused.body?.cancel();
  });
});
