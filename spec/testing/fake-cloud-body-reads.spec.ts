// The fake cloud takes a request's body once: its size check, the signature check and the
// parameters share one read, whatever the signing scheme or the answer.
import { jest } from '@jest/globals';
import { createFakeCloud } from '../../src/testing/fake-cloud.js';
import { hmacSha1Encoded, signedAcs3 } from './fake-cloud-helpers.js';

const ORIGIN = 'http://ecs.fake.test';

/** A POST with its HMAC-SHA1-signed parameters in a form body. */
async function signedForm(params: [string, string][]): Promise<Request> {
  return new Request(`${ORIGIN}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: await hmacSha1Encoded(params),
  });
}

/** Every way to take a request's body: a copy to read later, a whole read, or its stream. */
function spyOnBodyTakers() {
  return [
    jest.spyOn(Request.prototype, 'clone'),
    jest.spyOn(Request.prototype, 'text'),
    jest.spyOn(Request.prototype, 'arrayBuffer'),
    jest.spyOn(Request.prototype, 'json'),
    jest.spyOn(Request.prototype, 'blob'),
    jest.spyOn(Request.prototype, 'formData'),
    jest.spyOn(Request.prototype, 'body', 'get'),
  ];
}

afterEach(() => jest.restoreAllMocks());

describe('the fake cloud reading request bodies', () => {
  it.each([
    [
      'an ACS3 call with a JSON body',
      () =>
        signedAcs3(ORIGIN, {
          action: 'DescribeInstances',
          body: JSON.stringify({ RegionId: 'cn-hangzhou', MaxResults: 2 }),
          contentType: 'application/json',
        }),
      200,
      'TotalCount',
    ],
    ['an ACS3 call without a body', () => signedAcs3(ORIGIN, { action: 'DescribeRegions' }), 200, 'Regions'],
    [
      'an HMAC-SHA1 call with a form body',
      () =>
        signedForm([
          ['Action', 'DescribeInstances'],
          ['RegionId', 'cn-hangzhou'],
        ]),
      200,
      'TotalCount',
    ],
    [
      'a body over maxBodyBytes',
      () =>
        signedAcs3(ORIGIN, { action: 'DescribeRegions', body: 'x'.repeat(2048), contentType: 'text/plain' }),
      413,
      'Code',
    ],
    [
      'a JSON body that is not an object',
      () =>
        signedAcs3(ORIGIN, {
          action: 'DescribeInstances',
          body: '["cn-hangzhou"]',
          contentType: 'application/json',
        }),
      400,
      'Code',
    ],
  ] as const)('takes the body of %s once', async (_what, build, status, field) => {
    const cloud = createFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: 3, maxBodyBytes: 1024 });
    const request = await build();
    const takers = spyOnBodyTakers();
    const response = await cloud.fetch(request);
    const takes = takers.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    jest.restoreAllMocks();
    expect({ status: response.status, takes }).toEqual({ status, takes: 1 });
    await expect(response.json()).resolves.toHaveProperty(field);
  });
});
