import { Config } from '../src/config.js';
import type { ClientError } from '../src/errors/client-error.js';
import { clientErrorOf } from './helpers/client-error-of.js';

const invalid = (fn: () => unknown): ClientError => clientErrorOf(fn);

describe('Config', () => {
  it('has the Go SDK defaults, readable as properties', () => {
    const config = new Config();
    expect(config).toMatchObject({
      enableAsync: false,
      goRoutinePoolSize: 5,
      poolSize: 5,
      maxTaskQueueSize: 1000,
      connectTimeout: 5000,
      readTimeout: 10000,
      autoRetry: true,
      maxRetryTime: 3,
      scheme: 'https',
      signatureAlgorithm: 'ACS3-HMAC-SHA256',
      endpoint: undefined,
    });
  });

  it('is immutable: every with… returns a new Config and leaves the old one as it was', () => {
    const base = new Config();
    const next = base.withEnableAsync(true).withGoRoutinePoolSize(10).withMaxTaskQueueSize(10_000);
    expect(next).not.toBe(base);
    expect(base.enableAsync).toBe(false);
    expect(next).toMatchObject({ enableAsync: true, goRoutinePoolSize: 10, maxTaskQueueSize: 10_000 });
    expect(Object.isFrozen(next)).toBe(true);
    expect(next.withPoolSize(3).goRoutinePoolSize).toBe(3);
  });

  it('keeps every other value when one is changed', () => {
    const fetchImpl = (input: Request) => fetch(input);
    const config = new Config()
      .withEndpoint('http://127.0.0.1:8080')
      .withFetch(fetchImpl)
      .withUserAgent('dash/1')
      .withSignatureAlgorithm('HMAC-SHA1')
      .withRetryBackoff(10, 500)
      .withReadTimeout(7);
    expect(config).toMatchObject({
      endpoint: 'http://127.0.0.1:8080',
      fetch: fetchImpl,
      userAgent: 'dash/1',
      signatureAlgorithm: 'HMAC-SHA1',
      retryBaseDelay: 10,
      retryMaxDelay: 500,
      readTimeout: 7,
    });
  });

  it.each([
    ['goRoutinePoolSize', (c: Config) => c.withGoRoutinePoolSize(0), '0'],
    ['goRoutinePoolSize', (c: Config) => c.withGoRoutinePoolSize(-1), '-1'],
    ['goRoutinePoolSize', (c: Config) => c.withGoRoutinePoolSize(1.5), '1.5'],
    ['goRoutinePoolSize', (c: Config) => c.withGoRoutinePoolSize(NaN), 'NaN'],
    ['poolSize', (c: Config) => c.withPoolSize(0), '0'],
    ['maxTaskQueueSize', (c: Config) => c.withMaxTaskQueueSize(-1), '-1'],
    ['readTimeout', (c: Config) => c.withReadTimeout(0), '0'],
    ['connectTimeout', (c: Config) => c.withConnectTimeout(Infinity), 'Infinity'],
    ['maxRetryTime', (c: Config) => c.withMaxRetryTime(-1), '-1'],
    ['enableAsync', (c: Config) => c.withEnableAsync('yes' as unknown as boolean), '"yes"'],
    ['scheme', (c: Config) => c.withScheme('ftp' as 'http'), '"ftp"'],
    ['signatureAlgorithm', (c: Config) => c.withSignatureAlgorithm('MD5' as 'HMAC-SHA1'), '"MD5"'],
    ['endpoint', (c: Config) => c.withEndpoint('ftp://x'), '"ftp://x"'],
    ['endpoint', (c: Config) => c.withEndpoint('has space'), '"has space"'],
    ['fetch', (c: Config) => c.withFetch(42 as unknown as typeof fetch), '42'],
  ])('rejects a bad %s with SDK.InvalidParam naming the option and the value', (option, apply, shown) => {
    const error = invalid(() => apply(new Config()));
    expect(error.code).toBe('SDK.InvalidParam');
    expect(error.message).toContain(option);
    expect(error.message).toContain(shown);
    expect(error.message).toMatch(/expected/);
  });

  it('accepts a queue of 0 (reject whenever every slot is busy)', () => {
    expect(new Config().withMaxTaskQueueSize(0).maxTaskQueueSize).toBe(0);
  });
});
