import { AnonymousCredential } from '../../src/credentials/anonymous-credential.js';
import { CredentialError } from '../../src/errors/credential-error.js';
import { ServerError } from '../../src/errors/server-error.js';
import { ClientError } from '../../src/errors/client-error.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { rejectionOf, serviceError, wireConfig } from './wire.js';
import { RpcClient } from '../../src/clients/rpc-client.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.payload.SIG+tok/do-not-leak=';
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe('AnonymousCredential: unsigned RPC calls (real loopback HTTP)', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await startLoopbackServer({ unsigned: ['AssumeRoleWithOIDC', 'DescribeThings'] });
  });
  afterEach(() => server.close());
  const wire = {
    get server() {
      return server;
    },
    client: ({ credential }: { credential: AnonymousCredential }) =>
      new RpcClient({
        product: 'sts',
        version: '2015-04-01',
        regionId: 'cn-hangzhou',
        config: wireConfig(server.url),
        credential,
      }),
  };

  it('POST: Action, Version, Format and Timestamp in the query, the parameters in a form body, no signature', async () => {
    wire.server.reply({ status: 200, body: { RequestId: 'R-1', Ok: true } });
    const client = wire.client({ credential: new AnonymousCredential() });
    expect(
      await client.request('AssumeRoleWithOIDC', { RoleArn: 'acs:ram::1:role/a', OIDCToken: TOKEN }),
    ).toEqual({
      RequestId: 'R-1',
      Ok: true,
    });
    const [request] = wire.server.requests;
    const url = new URL(request!.url, wire.server.url);
    expect(request!.method).toBe('POST');
    expect([...url.searchParams.keys()]).toEqual(['Version', 'Action', 'Format', 'Timestamp']);
    expect(url.searchParams.get('Timestamp')).toMatch(TIMESTAMP);
    expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
      RoleArn: 'acs:ram::1:role/a',
      OIDCToken: TOKEN,
    });
    expect(request!.scheme).toBe('none');
    expect(Object.keys(request!.headers).filter((h) => /^(authorization|x-acs-)/.test(h))).toEqual([]);
    expect(request!.body).not.toMatch(/AccessKeyId|Signature/);
  });

  it('GET: everything in the query', async () => {
    wire.server.reply({ status: 200, body: { RequestId: 'R-2' } });
    const client = wire.client({ credential: new AnonymousCredential() });
    await client.request('DescribeThings', { Name: 'a b' }, { method: 'GET' });
    const [request] = wire.server.requests;
    const url = new URL(request!.url, wire.server.url);
    expect(request!.method).toBe('GET');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ Action: 'DescribeThings', Name: 'a b' });
    expect(request!.body).toBe('');
  });

  it('redacts the `secrets` call option from an echoed error, in every encoding', async () => {
    wire.server.reply(serviceError(400, 'InvalidToken', `bad ${TOKEN} / ${encodeURIComponent(TOKEN)}`));
    const client = wire.client({ credential: new AnonymousCredential() });
    const error = await rejectionOf(
      client.request('AssumeRoleWithOIDC', { OIDCToken: TOKEN }, { secrets: [TOKEN] }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain('bad ***');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('do-not-leak');
    // Without the option the echo comes back as sent: the redaction above is the option's doing.
    wire.server.reply(serviceError(400, 'InvalidToken', `bad ${TOKEN}`));
    expect((await rejectionOf(client.request('AssumeRoleWithOIDC', { OIDCToken: TOKEN }))).message).toContain(
      TOKEN,
    );
  });

  it('refuses a `secrets` option that is not a list of strings of 4 characters or more (redaction would skip a shorter one), without showing it, and sends nothing', async () => {
    const client = wire.client({ credential: new AnonymousCredential() });
    const sparse = ['long-enough'];
    sparse[2] = 'also-long';
    for (const secrets of [['fine-value', 42], ['abc'], sparse, 'a-string']) {
      const error = await rejectionOf(client.request('X', {}, { secrets: secrets as string[] }));
      expect(error).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({
        code: 'SDK.InvalidParam',
        message: 'Invalid secrets: expected an array of strings of 4 characters or more (values not shown).',
      });
    }
    expect(wire.server.requests).toHaveLength(0);
  });

  it('never hands out a key when asked directly', async () => {
    const error = await rejectionOf(new AnonymousCredential().getCredential());
    expect(error).toBeInstanceOf(CredentialError);
    expect(String(new AnonymousCredential())).toBe('AnonymousCredential');
  });
});
