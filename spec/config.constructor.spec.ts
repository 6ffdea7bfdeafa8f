// `new Config(values)` checks every option as its `with…` method does. Before, the constructor
// took anything: `new Config({ enableAsync: true, goRoutinePoolSize: 0 })` type-checked and then
// every call hung; `{ maxResponseBytes: undefined }` switched the response limit off.
import fc from 'fast-check';
import { Config } from '../src/config.js';
import type { ClientError } from '../src/errors/client-error.js';
import { clientErrorOf } from './helpers/client-error-of.js';

const refusal = (build: () => unknown): ClientError => clientErrorOf(build);

describe('new Config(values)', () => {
  it('refuses a pool of 0 that would hang every call', () => {
    const error = refusal(() => new Config({ enableAsync: true, goRoutinePoolSize: 0 }));
    expect(error.code).toBe('SDK.InvalidParam');
    expect(error.message).toBe('Invalid value for goRoutinePoolSize: got 0; expected an integer >= 1.');
  });

  it.each([
    ['enableAsync', 'yes'],
    ['maxTaskQueueSize', -1],
    ['connectTimeout', 0],
    ['readTimeout', 2 ** 31],
    ['autoRetry', 1],
    ['maxRetryTime', 101],
    ['retryBaseDelay', 1.5],
    ['endpoint', 'ftp://x'],
    ['scheme', 'ftp'],
    ['signatureAlgorithm', 'MD5'],
    ['userAgent', 'a\u0000b'],
    ['fetch', 'fetch'],
    ['transport', {}],
    ['maxResponseBytes', Infinity],
    ['maxRetryAfter', -1],
    ['retryOn', 'Throttling'],
    ['maxResponseBytes', Number.NaN],
  ] as const)('refuses %s = %p, naming the option', (option, value) => {
    const error = refusal(() => new Config({ [option]: value } as never));
    expect(error.message).toContain(`Invalid value for ${option}`);
  });

  it('checks options against each other: retryMaxDelay under retryBaseDelay', () => {
    expect(refusal(() => new Config({ retryBaseDelay: 500, retryMaxDelay: 100 })).message).toBe(
      'Invalid value for retryMaxDelay: got 100; expected an integer from 500 to 2147483647.',
    );
  });

  it('refuses an unknown option, and fetch with transport', () => {
    expect(refusal(() => new Config({ poolSize: 3 } as never)).message).toMatch(
      /^Unknown Config option "poolSize"; the options are enableAsync, goRoutinePoolSize, /,
    );
    const fetchImpl = (input: Request) => fetch(input);
    expect(
      refusal(() => new Config({ fetch: fetchImpl, transport: async () => ({}) as never })).message,
    ).toContain('fetch and transport were both given');
    expect(refusal(() => new Config(null as never)).message).toContain('Invalid value for Config options');
  });

  it('takes a retry policy as withRetryPolicy does, frozen', () => {
    const codes = ['IncorrectInstanceStatus'];
    const config = new Config({ retryOn: codes, maxRetryAfter: 5000 });
    codes.push('Later');
    expect(config.retryOn).toEqual(['IncorrectInstanceStatus']);
    expect(Object.isFrozen(config.retryOn)).toBe(true);
    expect(config.maxRetryAfter).toBe(5000);
    expect(refusal(() => new Config({ retryOn: ['SDK.TimeoutError'] })).message).toContain('retryOn');
  });

  it('an option given as undefined keeps its default (it cannot switch a limit off)', () => {
    const config = new Config({ maxResponseBytes: undefined, readTimeout: undefined });
    expect(config.maxResponseBytes).toBe(16 * 1024 * 1024);
    expect(config.readTimeout).toBe(10_000);
  });

  it('takes what the with… methods take, and equals their result', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.boolean(),
        (poolSize, queue, retries, async) => {
          const built = new Config({
            enableAsync: async,
            goRoutinePoolSize: poolSize,
            maxTaskQueueSize: queue,
            maxRetryTime: retries,
          });
          const chained = new Config()
            .withEnableAsync(async)
            .withPoolSize(poolSize)
            .withMaxTaskQueueSize(queue)
            .withMaxRetryTime(retries);
          expect({ ...built }).toEqual({ ...chained });
        },
      ),
    );
  });
});
