// A server that echoes the caller's secrets in every field it answers: Code, Message, RequestId,
// HostId, Recommend, the x-acs-request-id header and the body of an unreadable answer; raw and
// percent-encoded, with control characters around them. Before, only Message was redacted: a
// secret or token in Code, RequestId, HostId, Recommend or the header reached toString(),
// message, JSON.stringify and inspect verbatim. A property over random secrets, every transport.
import fc from 'fast-check';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RpcClient } from '../../../src/clients/rpc-client.js';
import { StsTokenCredential } from '../../../src/credentials/sts-token-credential.js';
import { isSdkError } from '../../../src/errors/sdk-error.js';
import { percentEncode } from '../../../src/signing/percent-encode.js';
import { SecretScan, signatureOf } from '../secrets.js';
import { TRANSPORTS } from './transports.js';

/** What one answer plants, given what the request carried. */
type Plant = (seen: { secret: string; token: string; signature: string }) => {
  status: number;
  headers: Record<string, string>;
  body: string;
};

let plant: Plant;
let secret = '';
let signatures: string[] = [];

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const server = createServer((req, res) => {
  void readAll(req).then((body) => {
    const url = `http://${req.headers.host}${req.url}`;
    const headers = new Headers(req.headers as Record<string, string>);
    const signature = signatureOf(url, headers, body) ?? '';
    const token = headers.get('x-acs-security-token') ?? new URLSearchParams(body).get('SecurityToken') ?? '';
    signatures.push(signature);
    const answer = plant({ secret, token, signature });
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Printable ASCII of 8–40 characters, `%`, `+`, `/` and `=` among them, unlike any text around. */
const secretArb = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789+/=%~'),
    minLength: 8,
    maxLength: 40,
  })
  .map((s) => `Q${s}Z`);
type Form = 'raw' | 'encoded' | 'twice';
const formArb = fc.constantFrom<Form>('raw', 'encoded', 'twice');
const wrapArb = fc.constantFrom('', '\n', '\r\n', '\u0000', ' x=', '"');
const shape = (value: string, form: Form) =>
  form === 'raw' ? value : form === 'encoded' ? percentEncode(value) : percentEncode(percentEncode(value));

// eslint-disable-next-line no-control-regex
const LINE_BREAK_OR_NUL = /[\r\n\u0000]/;
const LINE_BREAK_OR_NUL_ALL = new RegExp(LINE_BREAK_OR_NUL.source, 'g');
const FIELDS = ['Code', 'Message', 'RequestId', 'HostId', 'Recommend'] as const;
const ANSWERS = ['400 JSON', '200 JSON with a Code', '503 Throttling JSON', '500 not JSON'] as const;

describe.each(TRANSPORTS)('secrets echoed in every field over %s', (_name, config) => {
  it('never reach message, toString(), JSON.stringify or inspect of the error', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretArb,
        secretArb,
        fc.constantFrom(...ANSWERS),
        fc.constantFrom<'ACS3-HMAC-SHA256' | 'HMAC-SHA1'>('ACS3-HMAC-SHA256', 'HMAC-SHA1'),
        fc.array(fc.tuple(fc.constantFrom('secret', 'token', 'signature'), formArb, wrapArb), {
          minLength: FIELDS.length + 1,
          maxLength: FIELDS.length + 1,
        }),
        async (accessKeySecret, securityToken, answer, algorithm, picks) => {
          secret = accessKeySecret;
          signatures = [];
          plant = (seen) => {
            const texts = picks.map(
              ([which, form, wrap]) => `${wrap}${shape(seen[which as keyof typeof seen], form)}${wrap}`,
            );
            const fields = Object.fromEntries(FIELDS.map((name, i) => [name, `${name}:${texts[i]}`]));
            if (answer === '503 Throttling JSON') fields.Code = `Throttling.${texts[0]}`;
            const header = texts[FIELDS.length]!.replace(LINE_BREAK_OR_NUL_ALL, '');
            const headers = { 'content-type': 'application/json', 'x-acs-request-id': header };
            if (answer === '500 not JSON') return { status: 500, headers, body: `oops ${texts.join(' ')}` };
            const status = answer === '400 JSON' ? 400 : answer === '503 Throttling JSON' ? 503 : 200;
            return { status, headers, body: JSON.stringify(fields) };
          };
          const client = new RpcClient({
            product: 'ecs',
            version: '2014-05-26',
            regionId: 'cn-hangzhou',
            config: config().withEndpoint(url).withSignatureAlgorithm(algorithm).withAutoRetry(false),
            credential: new StsTokenCredential('STS.echo', accessKeySecret, securityToken),
          });

          const error = await client.request('DescribeRegions', {}).then(
            () => undefined,
            (e: unknown) => e,
          );

          expect(isSdkError(error)).toBe(true);
          const scan = new SecretScan([accessKeySecret, securityToken]);
          for (const signature of signatures) scan.addSignature(signature);
          scan.add('error', error);
          expect(scan.leaks()).toEqual([]);
          // A one-line field holds no line break or NUL a log line could be forged with.
          const { code, requestId, hostId, recommend } = error as Record<string, string | undefined>;
          for (const field of [code, requestId, hostId, recommend])
            expect(field ?? '').not.toMatch(LINE_BREAK_OR_NUL);
        },
      ),
      { numRuns: 40 },
    );
  });
});
