import { ServerError } from '../../src/errors/server-error.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import type { SignatureAlgorithm } from '../../src/config.js';
import { STS_TOKEN, rejectionOf, signatureOf, stsToken, useWire } from './wire.js';

const ALGORITHMS: SignatureAlgorithm[] = ['ACS3-HMAC-SHA256', 'HMAC-SHA1'];

describe('RpcClient signing over loopback HTTP', () => {
  const wire = useWire();

  it('signs with ACS3-HMAC-SHA256 by default, and the server verifies the signature', async () => {
    const client = wire.client();
    const response = await client.request<{ Action: string }>('DescribeRegions', { RegionId: 'cn-hangzhou' });

    expect(response.Action).toBe('DescribeRegions');
    expect(wire.server.requests).toHaveLength(1);
    expect(wire.server.requests[0]).toMatchObject({
      method: 'POST',
      scheme: 'ACS3-HMAC-SHA256',
      signatureValid: true,
      accessKeyId: 'testid',
      action: 'DescribeRegions',
      params: { RegionId: 'cn-hangzhou' },
    });
    expect(wire.server.requests[0]?.headers['x-acs-version']).toBe('2014-05-26');
  });

  it('sends an STS token in the signed x-acs-security-token header under ACS3', async () => {
    const client = wire.client({ credential: stsToken() });
    await client.request('DescribeRegions', {});

    expect(wire.server.requests[0]).toMatchObject({ signatureValid: true, securityToken: STS_TOKEN });
    expect(wire.server.requests[0]?.headers.authorization).toMatch(/SignedHeaders=[^,]*x-acs-security-token/);
  });

  it('signs with HMAC-SHA1 as a POST form body, and the server verifies the signature', async () => {
    const client = wire.client({ config: (c) => c.withSignatureAlgorithm('HMAC-SHA1') });
    await client.request('DescribeRegions', { RegionId: 'cn-hangzhou' });

    const [request] = wire.server.requests;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/',
      scheme: 'HMAC-SHA1',
      signatureValid: true,
      action: 'DescribeRegions',
      params: { RegionId: 'cn-hangzhou', Version: '2014-05-26', Format: 'JSON', AccessKeyId: 'testid' },
    });
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.body).toContain('Signature=');
  });

  it('signs with HMAC-SHA1 as a GET query when the call asks for method GET', async () => {
    const client = wire.client({ config: (c) => c.withSignatureAlgorithm('HMAC-SHA1') });
    await client.request('DescribeRegions', { RegionId: 'cn-hangzhou' }, { method: 'GET' });

    const [request] = wire.server.requests;
    expect(request).toMatchObject({ method: 'GET', scheme: 'HMAC-SHA1', signatureValid: true, body: '' });
    expect(request?.url).toMatch(/^\/\?.*Signature=/);
  });

  it.each(['POST', 'GET'] as const)(
    'signs an STS call with HMAC-SHA1 over %s, token included',
    async (method) => {
      const client = wire.client({
        config: (c) => c.withSignatureAlgorithm('HMAC-SHA1'),
        credential: stsToken(),
      });
      await client.request('DescribeRegions', {}, { method });

      expect(wire.server.requests[0]).toMatchObject({
        method,
        signatureValid: true,
        securityToken: STS_TOKEN,
      });
    },
  );

  it.each(ALGORITHMS)(
    'flattens lists and objects the RPC way under %s (Tag.1.Key, InstanceId.2)',
    async (algorithm) => {
      const client = wire.client({ config: (c) => c.withSignatureAlgorithm(algorithm) });
      await client.request('DescribeInstances', {
        RegionId: 'cn-hangzhou',
        Tag: [
          { Key: 'env', Value: 'prod a/b+c=d' },
          { Key: 'team', Value: '运维' },
        ],
        InstanceId: ['i-1', 'i-2'],
        MaxResults: 10,
        DryRun: false,
        NextToken: undefined,
        PageSize: null,
      });

      const [request] = wire.server.requests;
      expect(request?.signatureValid).toBe(true);
      expect(request?.params).toMatchObject({
        RegionId: 'cn-hangzhou',
        'Tag.1.Key': 'env',
        'Tag.1.Value': 'prod a/b+c=d',
        'Tag.2.Key': 'team',
        'Tag.2.Value': '运维',
        'InstanceId.1': 'i-1',
        'InstanceId.2': 'i-2',
        MaxResults: '10',
        DryRun: 'false',
      });
      expect(request?.params).not.toHaveProperty('Tag');
      expect(request?.params).not.toHaveProperty('NextToken');
      expect(request?.params).not.toHaveProperty('PageSize');
    },
  );

  it('gives each request its own nonce and signature', async () => {
    const client = wire.client();
    await client.request('DescribeRegions', {});
    await client.request('DescribeRegions', {});

    const [first, second] = wire.server.requests;
    expect(first?.nonce).toBeDefined();
    expect(first?.nonce).not.toBe(second?.nonce);
    expect(signatureOf(first!)).not.toBe(signatureOf(second!));
  });

  it.each(ALGORITHMS)(
    'reports a wrong secret under %s as ServerError SignatureDoesNotMatch 400 and sends it once',
    async (algorithm) => {
      const client = wire.client({
        config: (c) => c.withSignatureAlgorithm(algorithm),
        credential: new AccessKeyCredential('testid', 'not-the-secret'),
      });
      const error = await rejectionOf(client.request('DescribeInstances', {}));

      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({
        code: 'SignatureDoesNotMatch',
        statusCode: 400,
        action: 'DescribeInstances',
        attempts: 1,
      });
      expect(wire.server.requests).toHaveLength(1);
      expect(wire.server.requests[0]?.signatureValid).toBe(false);
    },
  );
});
