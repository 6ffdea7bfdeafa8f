// Garbage from the server: every malformed, huge, slow, cut or mislabelled answer ends its call in
// a typed error (or, where the body is still a JSON object, a value); nothing crashes, the pool
// keeps its slots, and no error repeats a secret the server echoed back.
import { nodeHttpTransport } from '../../src/http/node-http-transport.js';
import fc from 'fast-check';
import { EcsClient } from '../../src/clients/ecs/ecs-client.js';
import { Config } from '../../src/config.js';
import { StsTokenCredential } from '../../src/credentials/sts-token-credential.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { ResponseTooLargeError } from '../../src/errors/response-too-large-error.js';
import { isSdkError } from '../../src/errors/sdk-error.js';
import { ServerError } from '../../src/errors/server-error.js';
import { ThrottlingError } from '../../src/errors/throttling-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import type { PoolStats } from '../../src/pool/pool-stats.js';
import { percentEncode } from '../../src/signing/percent-encode.js';
import { serveFetch, type ServedFetch } from '../../src/testing/server.js';
import {
  SOAK_ACCESS_KEY_ID,
  SOAK_SECRET,
  SOAK_TOKEN,
  SecretScan,
  captureConsole,
  signatureOf,
  type ConsoleCapture,
} from './secrets.js';

/** The drip case's read timeout; every other call gets 15 s (a loaded machine reads 20 MB slowly). */
const SHORT_READ_TIMEOUT = 400;
const MB20 = 20 * 1024 * 1024;
/** Just under the default maxResponseBytes (16 MiB). */
const MB15 = 15 * 1024 * 1024;
const encoder = new TextEncoder();

/** What a careless server might say back: the request URL in every encoding, the secret too. */
function echo(request: Request): string {
  const url = request.url;
  return `you sent ${url} i.e. ${decodeURIComponent(url)} or ${percentEncode(url)}; key ${SOAK_SECRET}`;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
  });

const bytes = (status: number, body: Uint8Array<ArrayBuffer> | string, type?: string) =>
  new Response(typeof body === 'string' ? encoder.encode(body) : body, {
    status,
    headers: type === undefined ? {} : { 'content-type': type },
  });

/** A body sent one byte every `intervalMs`; the timer stops when the client goes away. */
function drip(text: string, intervalMs: number): Response {
  const data = encoder.encode(text);
  let offset = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const body = new ReadableStream<Uint8Array>({
    pull: (controller) =>
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          controller.enqueue(data.slice(offset, offset + 1));
          if (++offset >= data.length) controller.close();
          resolve();
        }, intervalMs);
      }),
    cancel: () => clearTimeout(timer),
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
}

/** The headers and the first bytes, then the connection fails. */
function cutOff(first: string): Response {
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) return controller.error(new Error('cut off'));
      sent = true;
      controller.enqueue(encoder.encode(first));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
}

/** How a case must end: a value, or an error of this class and code (and HTTP status, attempts). */
type Expected =
  | { value: (value: Record<string, unknown>) => void }
  | { error: new (...args: never[]) => Error; code: string; statusCode?: number; attempts?: number };

interface FuzzCase {
  name: string;
  reply: (request: Request) => Response;
  expected: Expected;
  readTimeout?: number;
}

const INVALID = 'SDK.InvalidResponse';

const CASES: FuzzCase[] = [
  {
    name: 'truncated JSON',
    reply: () => json(200, '{"RequestId":"T-1","Regions":{"Region":[{"RegionId":"cn-hangz'),
    expected: { error: ServerError, code: INVALID, statusCode: 200, attempts: 1 },
  },
  {
    name: 'an HTML error page (502) echoing the request',
    reply: (r) =>
      bytes(502, `<html><title>502 Bad Gateway</title><body>${echo(r)}</body></html>`, 'text/html'),
    // A 5xx of a read-only action is retried once (maxRetryTime 1), then reported.
    expected: { error: ServerError, code: INVALID, statusCode: 502, attempts: 2 },
  },
  {
    name: 'an XML error under application/xml',
    reply: () =>
      bytes(400, '<?xml version="1.0"?><Error><Code>InvalidParameter</Code></Error>', 'application/xml'),
    expected: { error: ServerError, code: INVALID, statusCode: 400, attempts: 1 },
  },
  {
    name: 'a JSON error under text/html (403) echoing the request',
    reply: (r) =>
      bytes(403, JSON.stringify({ RequestId: 'F-1', Code: 'Forbidden.RAM', Message: echo(r) }), 'text/html'),
    expected: { error: ServerError, code: 'Forbidden.RAM', statusCode: 403, attempts: 1 },
  },
  {
    name: 'a JSON answer under application/octet-stream (read as JSON all the same)',
    reply: () =>
      bytes(200, JSON.stringify({ RequestId: 'O-1', Regions: { Region: [] } }), 'application/octet-stream'),
    expected: { value: (v) => expect(v).toEqual({ RequestId: 'O-1', Regions: { Region: [] } }) },
  },
  {
    name: 'a 200 whose body carries an error Code, echoing the request',
    reply: (r) => json(200, { RequestId: 'C-1', Code: 'InvalidParameter', Message: echo(r) }),
    expected: { error: ServerError, code: 'InvalidParameter', statusCode: 200, attempts: 1 },
  },
  {
    name: 'a 15 MB body that never closes its JSON',
    reply: () => json(200, `{"RequestId":"B-1","Blob":"${'A'.repeat(MB15)}`),
    expected: { error: ServerError, code: INVALID, statusCode: 200, attempts: 1 },
  },
  {
    name: 'a 15 MB JSON answer',
    reply: () => json(200, `{"RequestId":"B-2","Blob":"${'A'.repeat(MB15)}"}`),
    expected: { value: (v) => expect((v.Blob as string).length).toBe(MB15) },
  },
  {
    name: 'a 20 MB JSON answer, past the default maxResponseBytes (16 MiB)',
    reply: () => json(200, `{"RequestId":"B-3","Blob":"${'A'.repeat(MB20)}"}`),
    expected: { error: ResponseTooLargeError, code: 'SDK.ResponseTooLarge', attempts: 1 },
  },
  {
    name: 'a body dripping past the read timeout',
    reply: () => drip(JSON.stringify({ RequestId: 'D-1', Padding: 'x'.repeat(100) }), 40),
    readTimeout: SHORT_READ_TIMEOUT,
    expected: { error: TimeoutError, code: 'SDK.TimeoutError', attempts: 2 },
  },
  {
    name: 'an empty 200',
    reply: () => json(200, ''),
    expected: { error: ServerError, code: INVALID, statusCode: 200, attempts: 1 },
  },
  {
    name: 'an empty 503',
    reply: () => bytes(503, ''),
    expected: { error: ServerError, code: INVALID, statusCode: 503, attempts: 2 },
  },
  {
    name: 'invalid UTF-8',
    reply: () =>
      bytes(200, new Uint8Array([0xff, 0xfe, 0x7b, 0xc3, 0x28, 0xa0, 0xa1, 0x7d]), 'application/json'),
    expected: { error: ServerError, code: INVALID, statusCode: 200, attempts: 1 },
  },
  {
    name: 'invalid UTF-8 inside a JSON string (decoded with U+FFFD, as fetch does)',
    reply: () =>
      bytes(
        200,
        new Uint8Array([...encoder.encode('{"RequestId":"'), 0xc3, 0x28, ...encoder.encode('"}')]),
        'application/json',
      ),
    expected: { value: (v) => expect(v).toEqual({ RequestId: '\ufffd(' }) },
  },
  {
    name: 'a JSON array',
    reply: () => json(200, [{ RequestId: 'A-1' }]),
    expected: { error: ServerError, code: INVALID, statusCode: 200, attempts: 1 },
  },
  {
    name: 'null',
    reply: () => json(200, 'null'),
    expected: { error: ServerError, code: INVALID, statusCode: 200, attempts: 1 },
  },
  {
    name: 'a body cut off after the headers',
    reply: () => cutOff('{"RequestId":"X-1","Regi'),
    expected: { error: NetworkError, code: 'SDK.NetworkError', attempts: 2 },
  },
  {
    name: 'a gzip content-encoding over plain bytes',
    reply: () =>
      new Response('{"RequestId":"G-1"}', {
        status: 200,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      }),
    expected: { error: NetworkError, code: 'SDK.NetworkError', attempts: 2 },
  },
  {
    name: 'throttling with a retry-after that is not a number',
    reply: () =>
      json(
        400,
        { RequestId: 'R-1', Code: 'Throttling.User', Message: 'slow down' },
        { 'x-acs-retry-after': 'soon' },
      ),
    expected: { error: ThrottlingError, code: 'Throttling.User', statusCode: 400, attempts: 2 },
  },
  {
    name: 'an HTML page with the secret and the token across the 200-character snippet edge',
    reply: (r) => {
      const token = new URL(r.url).searchParams.get('SecurityToken') ?? '';
      return bytes(502, `<p>${'x'.repeat(185)}${SOAK_SECRET} ${'y'.repeat(160)}${token}</p>`, 'text/html');
    },
    expected: { error: ServerError, code: INVALID, statusCode: 502, attempts: 2 },
  },
];

let server: ServedFetch;
let output: ConsoleCapture;
const clients: EcsClient[] = [];
/** Per request: the case it asks for (by the `FuzzCase` parameter). */
const replies = new Map<string, (request: Request) => Response>();
const scan = new SecretScan();
let requests = 0;

beforeAll(async () => {
  output = captureConsole();
  server = await serveFetch(async (request) => {
    requests++;
    // HMAC-SHA1: the signature is in the query (GET, which the cases use: the token and the
    // signature are then in the URL a server may echo) or in the form body (POST).
    scan.addSignature(signatureOf(request.url, request.headers, await request.clone().text()));
    const name = new URL(request.url).searchParams.get('FuzzCase') ?? '';
    const reply = replies.get(name);
    return reply ? reply(request) : json(200, { RequestId: 'OK-1', Regions: { Region: [] } });
  });
});

afterAll(async () => {
  output.restore();
  await Promise.all(clients.map((client) => client.shutdown()));
  await server.close();
});

function fuzzClient(configure: (config: Config) => Config): EcsClient {
  const config = new Config()
    .withEndpoint(server.url)
    .withSignatureAlgorithm('HMAC-SHA1')
    .withEnableAsync(true)
    .withReadTimeout(15_000)
    .withRetryBackoff(1, 5);
  const client = new EcsClient(
    'cn-hangzhou',
    configure(config),
    new StsTokenCredential(SOAK_ACCESS_KEY_ID, SOAK_SECRET, SOAK_TOKEN),
  );
  clients.push(client);
  return client;
}

/** `FuzzCase=<name>` rides along as a parameter the typed request does not know. */
const asking = (name: string) => ({ FuzzCase: name }) as object;

function latestStats(client: EcsClient): PoolStats {
  let stats: PoolStats | undefined;
  client.poolStats$.subscribe((s) => (stats = s)).unsubscribe();
  return stats as PoolStats;
}

describe('garbage answers from the server', () => {
  it.each([
    ['ky over fetch', (c: Config) => c],
    ['nodeHttpTransport', (c: Config) => c.withTransport(nodeHttpTransport())],
  ])(
    'end each call (%s), all at once through a pool of 2, in a typed error or a value, and keep the pool whole',
    async (_name, transport) => {
      for (const c of CASES) replies.set(c.name, c.reply);
      const ecs = fuzzClient((c) =>
        transport(c).withPoolSize(2).withMaxTaskQueueSize(100).withMaxRetryTime(1),
      );

      const outcomes = await Promise.allSettled(
        CASES.map((c) =>
          ecs.describeRegions(asking(c.name), {
            method: 'GET',
            ...(c.readTimeout === undefined ? {} : { readTimeout: c.readTimeout }),
          }),
        ),
      );

      CASES.forEach((c, i) => {
        const outcome = outcomes[i] as PromiseSettledResult<Record<string, unknown>>;
        const expected = c.expected;
        if ('value' in expected) {
          expect({ name: c.name, status: outcome.status }).toEqual({ name: c.name, status: 'fulfilled' });
          if (outcome.status === 'fulfilled') expected.value(outcome.value);
          return;
        }
        const error = outcome.status === 'rejected' ? (outcome.reason as Error) : undefined;
        expect({ name: c.name, error: error?.constructor }).toEqual({ name: c.name, error: expected.error });
        expect(error).toMatchObject({
          code: expected.code,
          ...(expected.statusCode === undefined ? {} : { statusCode: expected.statusCode }),
          ...(expected.attempts === undefined ? {} : { attempts: expected.attempts }),
        });
        expect(isSdkError(error)).toBe(true);
        // However large the body, the message quotes at most a short snippet of it.
        expect((error as Error).message.length).toBeLessThan(2_000);
        scan.add(c.name, error);
      });

      // No part of a secret that crossed the snippet's edge is left in the message.
      const edge = outcomes[CASES.length - 1] as PromiseRejectedResult;
      expect((edge.reason as Error).message).not.toContain(SOAK_SECRET.slice(0, 8));
      expect((edge.reason as Error).message).not.toContain(percentEncode(SOAK_TOKEN).slice(0, 8));

      // Every slot was handed back: nothing active or queued, and a normal call goes through.
      expect(latestStats(ecs)).toMatchObject({ active: 0, queued: 0, rejected: 0, cancelled: 0 });
      await expect(ecs.describeRegions({})).resolves.toEqual({ RequestId: 'OK-1', Regions: { Region: [] } });
      expect(latestStats(ecs)).toMatchObject({ active: 0, queued: 0, completed: 4 });

      for (const line of output.lines) scan.add('console', line);
      expect(scan.signatureCount).toBe(requests);
      expect(scan.leaks()).toEqual([]);
    },
    60_000,
  );

  it('end each of a run of random answers as its status and body say', async () => {
    const ecs = fuzzClient((c) => c.withPoolSize(2).withAutoRetry(false));
    const statuses = fc.constantFrom(200, 201, 400, 403, 404, 500, 502, 503);
    const types = fc.constantFrom(
      'application/json',
      'application/json;charset=utf-8',
      'text/html',
      'text/plain',
      'application/xml',
      'application/octet-stream',
      undefined,
    );
    const notCode = fc.string({ maxLength: 12 }).filter((k) => k !== 'Code' && k !== 'code');
    // Each body comes with what it must turn into, decided from how it was made (not by parsing it).
    const bodies = fc.oneof(
      // Never JSON: it starts with '<'.
      fc.record({
        kind: fc.constant('garbage' as const),
        data: fc.uint8Array({ maxLength: 3_000 }),
        echo: fc.boolean(),
      }),
      // JSON, but not an object.
      fc.record({
        kind: fc.constant('not an object' as const),
        value: fc.oneof(
          fc.constant(null),
          fc.integer(),
          fc.string(),
          fc.boolean(),
          fc.array(fc.jsonValue(), { maxLength: 5 }),
        ),
      }),
      // An error object with a Code.
      fc.record({
        kind: fc.constant('error' as const),
        code: fc.stringMatching(/^[A-Z][A-Za-z.]{0,30}$/).filter((c) => !['OK', 'Success'].includes(c)),
        message: fc.string({ maxLength: 300 }),
        echo: fc.boolean(),
      }),
      // An object without a Code.
      fc.record({
        kind: fc.constant('object' as const),
        body: fc.dictionary(notCode, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }),
      }),
    );
    let runs = 0;

    await fc.assert(
      fc.asyncProperty(statuses, types, bodies, async (status, type, spec) => {
        const name = `random-${++runs}`;
        replies.set(name, (request) => {
          if (spec.kind === 'garbage') {
            const tail = spec.echo ? encoder.encode(echo(request)) : new Uint8Array();
            return bytes(status, new Uint8Array([0x3c, ...spec.data, ...tail]), type);
          }
          if (spec.kind === 'not an object') return bytes(status, JSON.stringify(spec.value), type);
          if (spec.kind === 'error') {
            const message = spec.echo ? `${spec.message} ${echo(request)}` : spec.message;
            return bytes(status, JSON.stringify({ RequestId: 'E', Code: spec.code, Message: message }), type);
          }
          return bytes(status, JSON.stringify(spec.body), type);
        });
        const outcome = await ecs.describeRegions(asking(name), { method: 'GET' }).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        replies.delete(name);
        if ('error' in outcome) scan.add(name, outcome.error);

        if (spec.kind === 'object' && status < 300) {
          expect(outcome).toEqual({ value: JSON.parse(JSON.stringify(spec.body)) });
          return;
        }
        const error = (outcome as { error?: unknown }).error;
        expect(error).toBeInstanceOf(
          spec.kind === 'error' && spec.code.includes('Throttling') ? ThrottlingError : ServerError,
        );
        const code = spec.kind === 'error' ? spec.code : spec.kind === 'object' ? `HTTP.${status}` : INVALID;
        expect(error).toMatchObject({ code, statusCode: status, attempts: 1 });
        expect((error as Error).message.length).toBeLessThan(
          2_000 + (spec.kind === 'error' ? 10 * spec.message.length : 0),
        );
      }),
      { numRuns: 150 },
    );

    expect(latestStats(ecs)).toMatchObject({ active: 0, queued: 0 });
    await expect(ecs.describeRegions({})).resolves.toMatchObject({ RequestId: 'OK-1' });
    for (const line of output.lines) scan.add('console', line);
    expect(scan.signatureCount).toBe(requests);
    expect(scan.leaks()).toEqual([]);
  }, 60_000);
});
