// The attribute sets alicloud-rx/otel builds once per kind of call and hands to the SDK as they
// are: one per (product, region, action) and per (method, endpoint, status), frozen, never one
// kind's in another's, the same again after the cache was emptied at its bound.
import type { CallEventBase } from '../../src/events/call-event.js';
import { CallAttributeCache } from '../../src/otel/call-attributes.js';

const call = (action: string, regionId = 'cn-hangzhou', product = 'ecs'): CallEventBase => ({
  callId: 1,
  action,
  product,
  regionId,
  time: 0,
});

const rpc = (action: string, regionId = 'cn-hangzhou') => ({
  'rpc.system': 'alibaba_cloud_openapi',
  'rpc.service': 'ecs',
  'rpc.method': action,
  'cloud.region': regionId,
});

describe('CallAttributeCache', () => {
  it('one set per product, region and action: the same object for each call of a kind, frozen', () => {
    const cache = new CallAttributeCache();
    const kind = cache.of(call('DescribeInstances'));

    expect(cache.of(call('DescribeInstances'))).toBe(kind);
    expect(kind.spanName).toBe('ecs/DescribeInstances');
    expect(kind.rpc).toEqual(rpc('DescribeInstances'));
    expect(kind.span).toEqual({ ...rpc('DescribeInstances'), 'cloud.provider': 'alibaba_cloud' });
    expect(kind.succeeded).toEqual({ ...rpc('DescribeInstances'), 'alibaba_cloud.outcome': 'succeeded' });
    expect(kind.cancelled).toEqual({ ...rpc('DescribeInstances'), 'alibaba_cloud.outcome': 'cancelled' });
    for (const attributes of [kind.rpc, kind.span, kind.succeeded, kind.cancelled]) {
      expect(Object.isFrozen(attributes)).toBe(true);
    }

    const other = cache.of(call('DescribeInstances', 'cn-beijing'));
    expect(other).not.toBe(kind);
    expect(other.rpc).toEqual(rpc('DescribeInstances', 'cn-beijing'));
    expect(cache.of(call('DescribeRegions')).rpc).toEqual(rpc('DescribeRegions'));
    expect(cache.of(call('DescribeInstances', 'cn-hangzhou', 'vpc')).spanName).toBe('vpc/DescribeInstances');
    expect(cache.of(call('DescribeInstances'))).toBe(kind);
  });

  it('per attempt: the server once per endpoint and method, answers by status; an error answer built per call', () => {
    const kind = new CallAttributeCache().of(call('DescribeInstances'));
    const attempt = kind.attempt('POST', 'https://ecs.cn-hangzhou.aliyuncs.com');
    const http = {
      'http.request.method': 'POST',
      'server.address': 'ecs.cn-hangzhou.aliyuncs.com',
      'server.port': 443,
      'url.scheme': 'https',
    };

    expect(kind.attempt('POST', 'https://ecs.cn-hangzhou.aliyuncs.com')).toBe(attempt);
    expect(attempt.span).toEqual(http);
    expect(Object.isFrozen(attempt.span)).toBe(true);
    const answered = attempt.response(200, undefined);
    expect(answered).toEqual({ ...rpc('DescribeInstances'), ...http, 'http.response.status_code': 200 });
    expect(attempt.response(200, undefined)).toBe(answered);
    expect(attempt.response(400, 'InvalidParameter')).toEqual({
      ...rpc('DescribeInstances'),
      ...http,
      'http.response.status_code': 400,
      'error.type': 'InvalidParameter',
    });
    expect(attempt.response(400, undefined)).toEqual({
      ...rpc('DescribeInstances'),
      ...http,
      'http.response.status_code': 400,
    });
    expect(attempt.response(200, undefined)).toEqual({
      ...rpc('DescribeInstances'),
      ...http,
      'http.response.status_code': 200,
    });

    const get = kind.attempt('GET', 'http://127.0.0.1:8080');
    expect(get.span).toEqual({
      'http.request.method': 'GET',
      'server.address': '127.0.0.1',
      'server.port': 8080,
      'url.scheme': 'http',
    });
    expect(kind.attempt('POST', 'not a url').span).toEqual({ 'http.request.method': 'POST' });
    expect(kind.attempt('POST', 'https://ecs.cn-hangzhou.aliyuncs.com')).toBe(attempt);
    expect(kind.failed('Throttling.User')).toEqual({
      ...rpc('DescribeInstances'),
      'alibaba_cloud.outcome': 'failed',
      'error.type': 'Throttling.User',
    });
    expect(kind.throttled('Throttling.User')).toEqual({
      ...rpc('DescribeInstances'),
      'error.type': 'Throttling.User',
    });
    expect(kind.succeeded).toEqual({ ...rpc('DescribeInstances'), 'alibaba_cloud.outcome': 'succeeded' });
  });

  it('past its bounds it is emptied and builds the same sets again', () => {
    const cache = new CallAttributeCache();
    const first = cache.of(call('Action0'));
    for (let i = 1; i <= 2000; i++) expect(cache.of(call(`Action${i}`)).rpc).toEqual(rpc(`Action${i}`));
    const again = cache.of(call('Action0'));
    expect(again).not.toBe(first);
    expect(again.rpc).toEqual(first.rpc);

    for (let port = 1; port <= 40; port++) {
      const attempt = again.attempt('POST', `http://127.0.0.1:${port}`);
      expect(attempt.span['server.port']).toBe(port);
      for (let status = 200; status < 240; status++) {
        expect(attempt.response(status, undefined)['http.response.status_code']).toBe(status);
      }
    }
  });
});
