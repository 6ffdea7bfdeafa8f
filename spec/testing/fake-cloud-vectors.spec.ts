// The 16 requests captured from the official SDKs (spec/fixtures/vectors), replayed into cloud.fetch.
// Their timestamps are from the capture day, so the clock check is off unless a test says otherwise.
import { createFakeCloud, type FakeCloudOptions } from '../../src/testing/fake-cloud.js';
import { loadVectors, type Vector } from '../helpers/vectors.js';

const vectors = loadVectors();
const rpcStyle = vectors.filter((v) => v.request.path === '/');
const roaStyle = vectors.filter((v) => v.request.path !== '/');
const AUTH_CODES = [
  'IncompleteSignature',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId.NotFound',
  'SignatureNonceUsed',
  'MissingParameter',
];

/** The captured request as a fetch Request: the captured host goes into the URL (fetch cannot set `host`). */
function replay(vector: Vector, edit: (text: string) => string = (t) => t): Request {
  const { method, url, headers, body } = vector.request;
  return new Request(`http://${headers.host}${edit(url)}`, {
    method,
    headers: Object.entries(headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
    body: method === 'GET' || body === '' ? undefined : edit(body),
  });
}

function byName(name: string): Vector {
  const vector = vectors.find((v) => v.name === name);
  if (!vector) throw new Error(`no captured request named ${name}`);
  return vector;
}

function actionOf(vector: Vector): string {
  const { headers, url, body } = vector.request;
  const params = new URLSearchParams(`${url.split('?')[1] ?? ''}&${body}`);
  return headers['x-acs-action'] ?? params.get('Action') ?? '';
}

async function answer(response: Response) {
  const body = (await response.json()) as Record<string, unknown>;
  expect(body.RequestId).toEqual(expect.any(String));
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: response.status, code: body.Code, message: String(body.Message ?? ''), body };
}

const captureDate = (vector: Vector): number => {
  const { headers, url } = vector.request;
  const stamp = headers['x-acs-date'] ?? new URL(`http://x${url}`).searchParams.get('Timestamp');
  return Date.parse(stamp ?? '');
};

// One small region keeps each cloud cheap to build; every captured call is in cn-hangzhou.
const SMALL: FakeCloudOptions = { regions: ['cn-hangzhou'], instancesPerRegion: 20 };
const fakeCloud = (options: FakeCloudOptions = {}) =>
  createFakeCloud({ ...SMALL, checkClock: false, ...options });

describe('the fake cloud replaying the requests captured from the official SDKs', () => {
  it('has all 16 captured requests to replay', () => {
    expect(vectors).toHaveLength(16);
    expect(rpcStyle).toHaveLength(13);
    expect(roaStyle).toHaveLength(3);
  });

  it.each(rpcStyle.map((v) => [v.name, v] as const))(
    'gets the captured %s past authentication to an ECS answer',
    async (_name, vector) => {
      const cloud = fakeCloud();
      const { status, code, message, body } = await answer(await cloud.fetch(replay(vector)));
      expect(AUTH_CODES).not.toContain(code);
      const action = actionOf(vector);
      if (vector.request.url.includes('NextToken=')) {
        // A token from the real capture server, not one this fake handed out.
        expect({ status, code }).toEqual({ status: 400, code: 'InvalidParameter' });
        expect(message).toContain('NextToken');
      } else {
        expect(status).toBe(200);
        expect(body).toHaveProperty(action === 'DescribeRegions' ? 'Regions.Region' : 'Instances.Instance');
      }
      expect(cloud.stats.requests).toBe(1);
      expect(Object.keys(cloud.stats.byAction)).toEqual([action]);
    },
  );

  it.each(roaStyle.map((v) => [v.name, v] as const))(
    'answers the captured ROA request %s with a JSON error, not a crash',
    async (_name, vector) => {
      const cloud = fakeCloud();
      const { status, code, message } = await answer(await cloud.fetch(replay(vector)));
      if (vector.scheme === 'ACS3-HMAC-SHA256') {
        // Its ACS3 signature is valid, but it is a Container Service (2015-12-15) call, not ECS.
        expect({ status, code }).toEqual({ status: 400, code: 'InvalidVersion' });
        expect(message).toContain('2015-12-15');
      } else {
        // `Authorization: acs id:sig` is ROA's scheme, which an RPC endpoint does not take.
        expect({ status, code }).toEqual({ status: 400, code: 'IncompleteSignature' });
      }
      const good = await cloud.fetch(replay(byName('ecs-acs3-DescribeRegions')));
      expect(good.status).toBe(200);
    },
  );

  it('serves every captured request in turn from one cloud, each nonce once', async () => {
    const cloud = fakeCloud();
    const statuses: number[] = [];
    for (const vector of vectors) statuses.push((await cloud.fetch(replay(vector))).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(12);
    expect(statuses.every((s) => s === 200 || s === 400)).toBe(true);
    expect(cloud.stats).toMatchObject({ requests: 16, inFlight: 0, aborted: 0, resets: 0 });
  });

  it.each([
    'ecs-acs3-DescribeRegions',
    'popcore-rpcv1-get-DescribeRegions-sts',
    'popcore-rpcv1-post-DescribeInstances',
  ])('refuses %s replayed a second time with SignatureNonceUsed', async (name) => {
    const cloud = fakeCloud();
    const vector = byName(name);
    expect((await cloud.fetch(replay(vector))).status).toBe(200);
    const second = await answer(await cloud.fetch(replay(vector)));
    expect({ status: second.status, code: second.code }).toEqual({ status: 400, code: 'SignatureNonceUsed' });
    const relaxed = fakeCloud({ checkNonce: false });
    expect((await relaxed.fetch(replay(vector))).status).toBe(200);
    expect((await relaxed.fetch(replay(vector))).status).toBe(200);
  });

  it.each([
    ['ecs-acs3-DescribeInstances', (t: string) => t.replace('PageSize=10', 'PageSize=11')],
    ['popcore-rpcv1-get-DescribeInstances', (t: string) => t.replace('PageSize=10', 'PageSize=11')],
    ['popcore-rpcv1-post-DescribeInstances', (t: string) => t.replace('PageSize=10', 'PageSize=11')],
    ['ecs-rpcv1-DescribeRegions-sts', (t: string) => t.replace('with%2Bspecial', 'with%2Bspecia1')],
  ] as const)('refuses %s with one parameter changed as SignatureDoesNotMatch', async (name, edit) => {
    const cloud = fakeCloud();
    const vector = byName(name);
    const tampered = replay(vector, edit);
    expect(tampered.url + (await tampered.clone().text())).not.toBe(replay(vector).url + vector.request.body);
    const { status, code, message } = await answer(await cloud.fetch(tampered));
    expect({ status, code }).toEqual({ status: 400, code: 'SignatureDoesNotMatch' });
    expect(message).toContain('server string to sign is:');
  });

  describe('with the clock check on', () => {
    it.each(['ecs-acs3-DescribeRegions', 'popcore-rpcv1-get-DescribeRegions-sts'])(
      'takes %s as fresh 14 minutes either side of its date and as expired 16 minutes off',
      async (name) => {
        const vector = byName(name);
        const signedAt = captureDate(vector);
        expect(Number.isNaN(signedAt)).toBe(false);
        const codes: unknown[] = [];
        for (const minutes of [-16, -14, 14, 16]) {
          const cloud = createFakeCloud({ ...SMALL, now: () => signedAt + minutes * 60_000 });
          codes.push((await answer(await cloud.fetch(replay(vector)))).code);
        }
        expect(codes).toEqual(['InvalidTimeStamp.Expired', undefined, undefined, 'InvalidTimeStamp.Expired']);
      },
    );
  });
});
