import { ServerError } from '../../src/errors/server-error.js';
import { rejectionOf, useWire } from './wire.js';

const HTML_502 =
  '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';

describe('RpcClient on bad or surprising responses over loopback HTTP', () => {
  const wire = useWire();

  it('turns a 200 whose body is not JSON into ServerError SDK.InvalidResponse', async () => {
    wire.server.reply({ status: 200, body: 'this is not json' });
    const client = wire.client();

    const error = await rejectionOf(client.request('DescribeInstances', {}));

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'SDK.InvalidResponse', statusCode: 200, attempts: 1 });
    expect(error.message).toContain('this is not json');
    expect(wire.server.requests).toHaveLength(1);
  });

  it("quotes at most 4,000 characters of the service's Message, and says how much it left out", async () => {
    wire.server.reply({
      status: 400,
      body: { RequestId: 'R', Code: 'InvalidParameter', Message: 'ab'.repeat(500_000) },
    });
    const client = wire.client();

    const error = await rejectionOf(client.request('StopInstance', { InstanceId: 'i-1' }));

    expect(error).toMatchObject({ code: 'InvalidParameter', statusCode: 400, requestId: 'R' });
    expect(error.message).toContain(`${'ab'.repeat(2000)}… (996000 more characters) (RequestId R)`);
    expect(error.message.length).toBeLessThan(4_100);
  });

  it('masks a new credential in a body cut short, which no caller secret would redact', async () => {
    const cut =
      '{"RequestId":"R","Credentials":{"AccessKeyId":"STS.id","AccessKeySecret":"NEWSECRET-1234","SecurityToken":"NEWTOKEN-5678';
    wire.server.reply({ status: 200, body: cut });
    const client = wire.client();

    const error = await rejectionOf(client.request('AssumeRole', {}));

    expect(error).toMatchObject({ code: 'SDK.InvalidResponse' });
    expect(error.message).toContain('\\"AccessKeySecret\\":\\"***'); // the snippet is quoted as JSON
    expect(error.message).not.toContain('NEWSECRET');
    expect(error.message).not.toContain('NEWTOKEN');
  });

  it('turns a 200 whose JSON is not an object into ServerError SDK.InvalidResponse', async () => {
    wire.server.reply({ status: 200, body: '[1,2,3]', headers: { 'content-type': 'application/json' } });
    const client = wire.client();

    await expect(client.request('DescribeInstances', {})).rejects.toMatchObject({
      code: 'SDK.InvalidResponse',
    });
  });

  it('turns an HTML 502 page into ServerError SDK.InvalidResponse with statusCode 502', async () => {
    wire.server.setHandler(() => ({ status: 502, body: HTML_502, headers: { 'content-type': 'text/html' } }));
    const client = wire.client();

    const error = await rejectionOf(client.request('StopInstance', { InstanceId: 'i-1' }));

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      code: 'SDK.InvalidResponse',
      statusCode: 502,
      action: 'StopInstance',
      attempts: 1,
    });
    expect(error.message).toContain('502 Bad Gateway');
    expect((error as ServerError).requestId).toBeDefined(); // from x-acs-request-id
  });

  it('retries an HTML 502 page for a read-only action and succeeds when the service recovers', async () => {
    wire.server.reply({ status: 502, body: HTML_502, headers: { 'content-type': 'text/html' } });
    const client = wire.client();

    await expect(client.request('DescribeInstances', {})).resolves.toMatchObject({
      Action: 'DescribeInstances',
    });
    expect(wire.server.requests).toHaveLength(2);
  });

  it("turns a 200 whose body carries Code 'Forbidden.RAM' into a ServerError with that code", async () => {
    wire.server.reply({ status: 200, body: { RequestId: 'R-1', Code: 'Forbidden.RAM', Message: 'x' } });
    const client = wire.client();

    const error = await rejectionOf(client.request('DescribeInstances', {}));

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'Forbidden.RAM', statusCode: 200, requestId: 'R-1' });
    expect(wire.server.requests).toHaveLength(1);
  });

  it.each(['200', 'OK', 'Success', 'success'])("treats a 200 with Code '%s' as success", async (code) => {
    wire.server.reply({ status: 200, body: { RequestId: 'R-1', Code: code, Message: 'fine', Data: 42 } });
    const client = wire.client();

    await expect(client.request('DescribeInstances', {})).resolves.toEqual({
      RequestId: 'R-1',
      Code: code,
      Message: 'fine',
      Data: 42,
    });
  });

  it('carries requestId, hostId, recommend, action and attempts from the body of an error', async () => {
    wire.server.reply({
      status: 404,
      body: {
        RequestId: 'BODY-ID',
        HostId: 'ecs.cn-hangzhou.aliyuncs.com',
        Code: 'InvalidInstanceId.NotFound',
        Message: 'The specified InstanceId does not exist.',
        Recommend: 'https://api.aliyun.com/troubleshoot?q=InvalidInstanceId.NotFound',
      },
    });
    const client = wire.client();

    const error = await rejectionOf(client.request('StopInstance', { InstanceId: 'i-x' }));

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      name: 'ServerError',
      code: 'InvalidInstanceId.NotFound',
      statusCode: 404,
      requestId: 'BODY-ID',
      hostId: 'ecs.cn-hangzhou.aliyuncs.com',
      recommend: 'https://api.aliyun.com/troubleshoot?q=InvalidInstanceId.NotFound',
      action: 'StopInstance',
      attempts: 1,
    });
    expect(error.message).toContain('The specified InstanceId does not exist.');
    expect(error.message).toContain('BODY-ID');
  });

  it('takes requestId from the x-acs-request-id header when the body has none', async () => {
    wire.server.reply({
      status: 400,
      headers: { 'x-acs-request-id': 'HEADER-ID' },
      body: { Code: 'InvalidParameter', Message: 'bad' },
    });
    const client = wire.client();

    await expect(client.request('DescribeInstances', {})).rejects.toMatchObject({
      code: 'InvalidParameter',
      requestId: 'HEADER-ID',
    });
  });

  it('counts the attempts of a ServerError that came after retries', async () => {
    wire.server.setHandler(() => ({
      status: 503,
      body: { RequestId: 'R', Code: 'ServiceUnavailable', Message: 'm' },
    }));
    const client = wire.client({ config: (c) => c.withMaxRetryTime(2) });

    await expect(client.request('DescribeInstances', {})).rejects.toMatchObject({ attempts: 3 });
  });

  it('reads an empty 4xx body as a ServerError that names the status', async () => {
    wire.server.reply({ status: 403 });
    const client = wire.client();

    const error = await rejectionOf(client.request('DescribeInstances', {}));

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ statusCode: 403 });
  });
});
