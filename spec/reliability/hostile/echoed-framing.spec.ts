// Secrets echoed where no field parser looks: in a redirect's Location host (percent-encoded, which
// URL parsing decodes), and inside malformed HTTP framing (a header line the client's HTTP parser
// rejects keeps the raw bytes on its error: `rawPacket` in node, `data` in undici). And text a
// terminal would obey: escape sequences and bidirectional overrides in a service's Message.
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { RpcClient } from '../../../src/clients/rpc-client.js';
import { StsTokenCredential } from '../../../src/credentials/sts-token-credential.js';
import { isSdkError } from '../../../src/errors/sdk-error.js';
import { SecretScan, signatureOf } from '../secrets.js';
import { TRANSPORTS } from './transports.js';

const SECRET = 'framing-S3CRET+/=never';
const TOKEN = 'CAIS.framing-token.never-shown';

/** A raw TCP server: reads one request, answers with whatever `answer` builds from it. */
let answer: (request: { head: string; body: string; signature: string }) => string;
const sockets = new Set<Socket>();
const server = createTcpServer((socket) => {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
  let raw = '';
  socket.on('data', (chunk: Buffer) => {
    raw += chunk.toString('latin1');
    const end = raw.indexOf('\r\n\r\n');
    if (end === -1) return;
    const head = raw.slice(0, end);
    const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    const body = raw.slice(end + 4);
    if (Buffer.byteLength(body, 'latin1') < length) return;
    const [line, ...lines] = head.split('\r\n');
    const headers = new Headers(
      lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as [string, string]),
    );
    const url = `http://${headers.get('host')}${line!.split(' ')[1]}`;
    raw = '';
    socket.end(answer({ head, body, signature: signatureOf(url, headers, body) ?? '' }));
  });
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const hex = (text: string) =>
  [...text].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');

describe.each(TRANSPORTS)('secrets in framing over %s', (_name, config) => {
  const call = async (algorithm: 'ACS3-HMAC-SHA256' | 'HMAC-SHA1' = 'ACS3-HMAC-SHA256') => {
    const signatures: string[] = [];
    const inner = answer;
    answer = (request) => {
      signatures.push(request.signature);
      return inner(request);
    };
    const client = new RpcClient({
      product: 'ecs',
      version: '2014-05-26',
      regionId: 'cn-hangzhou',
      config: config().withEndpoint(url).withSignatureAlgorithm(algorithm).withAutoRetry(false),
      credential: new StsTokenCredential('STS.framing', SECRET, TOKEN),
    });
    const error: unknown = await client.request('DescribeRegions', {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    answer = inner;
    expect(isSdkError(error)).toBe(true);
    const scan = new SecretScan([SECRET, TOKEN]);
    for (const signature of signatures) scan.addSignature(signature);
    scan.add('error', error);
    return { error: error as Error & { code: string }, leaks: scan.leaks() };
  };

  it('a redirect whose Location host spells the signature, percent-encoded, is named without it', async () => {
    answer = ({ signature }) =>
      `HTTP/1.1 302 Found\r\nLocation: http://${hex(signature)}.evil.example/\r\nContent-Length: 0\r\n\r\n`;

    const { error, leaks } = await call();

    expect(error.code).toBe('SDK.UnexpectedRedirect');
    expect(leaks).toEqual([]);
  });

  it('a header line the HTTP parser refuses, carrying the token, leaves no trace of it in the error', async () => {
    answer = ({ head }) => {
      const token = /x-acs-security-token: *([^\r\n]*)/i.exec(head)?.[1] ?? TOKEN;
      return `HTTP/1.1 200 OK\r\nX-Echo: ${token}\u0001\u0000\r\nContent-Length: 2\r\n\r\n{}`;
    };

    const { error, leaks } = await call();

    expect(error.code).toBe('SDK.NetworkError');
    expect(leaks).toEqual([]);
  });

  it('the same with HMAC-SHA1: the signed form echoed into a broken status line', async () => {
    answer = ({ body }) => `HTTP/1.1 2${body}\u0000 OK\r\nContent-Length: 2\r\n\r\n{}`;

    const { error, leaks } = await call('HMAC-SHA1');

    expect(error.code).toBe('SDK.NetworkError');
    expect(leaks).toEqual([]);
  });

  it("escape sequences and bidirectional overrides in a service's Message never reach the error", async () => {
    const message = 'Bad\u001b[2J\u001b]0;owned\u0007 value\u202e\u2066 here\nsecond line';
    const body = JSON.stringify({
      Code: 'InvalidParameter\u001b[31m',
      Message: message,
      RequestId: 'R\u202e1',
    });
    answer = () =>
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

    const { error } = await call();

    for (const text of [error.message, String(error), JSON.stringify(error)]) {
      // eslint-disable-next-line no-control-regex
      expect(text).not.toMatch(/[\u001b\u0007\u202e\u2066]/);
    }
    expect(error.message).toContain('second line'); // a Message keeps its line breaks
    expect(error.code).toBe('InvalidParameter [31m');
  });
});
