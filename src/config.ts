import { checkHeaderValue } from './http/header-value.js';
import type { FetchLike, Transport } from './http/transport.js';
import type { Budget } from './budget/budget.js';
import type { Logger } from './events/logger.js';
import {
  checkRetryPolicy,
  DEFAULT_MAX_RETRY_AFTER,
  type RetryPolicyOptions,
} from './retry-policy-options.js';
import { checkInteger } from './checks.js';
import { checkConfigValues, checkEndpoint } from './config-checks.js';
import { invalidParam } from './errors/client-error.js';

export type { FetchLike } from './http/transport.js';

/** The signature algorithms alicloud-rx signs with. */
export type SignatureAlgorithm = 'ACS3-HMAC-SHA256' | 'HMAC-SHA1';

/** The URL schemes an endpoint may use. */
export type Scheme = 'https' | 'http';

/** Every option of a {@link Config}, as its properties hold them. */
export interface ConfigValues {
  readonly enableAsync: boolean;
  readonly goRoutinePoolSize: number;
  readonly maxTaskQueueSize: number;
  readonly connectTimeout: number;
  readonly readTimeout: number;
  readonly autoRetry: boolean;
  readonly maxRetryTime: number;
  readonly retryBaseDelay: number;
  readonly retryMaxDelay: number;
  readonly retryOn: readonly string[];
  readonly maxRetryAfter: number;
  readonly endpoint: string | undefined;
  readonly scheme: Scheme;
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly userAgent: string | undefined;
  readonly fetch: FetchLike | undefined;
  readonly transport: Transport | undefined;
  readonly maxResponseBytes: number;
  readonly budget: Budget | undefined;
  readonly logger: Logger | undefined;
}

const DEFAULTS: ConfigValues = {
  enableAsync: false,
  goRoutinePoolSize: 5,
  maxTaskQueueSize: 1000,
  connectTimeout: 5000,
  readTimeout: 10000,
  autoRetry: true,
  maxRetryTime: 3,
  retryBaseDelay: 100,
  retryMaxDelay: 10000,
  retryOn: Object.freeze([]),
  maxRetryAfter: DEFAULT_MAX_RETRY_AFTER,
  endpoint: undefined,
  scheme: 'https',
  signatureAlgorithm: 'ACS3-HMAC-SHA256',
  userAgent: undefined,
  fetch: undefined,
  transport: undefined,
  maxResponseBytes: 16 * 1024 * 1024,
  budget: undefined,
  logger: undefined,
};

/**
 * Immutable client configuration with the Go SDK's names; every `with…` returns a new Config and
 * validates its value at once (a bad value throws `ClientError` `SDK.InvalidParam` naming the option).
 *
 * @example
 * import { Config } from 'alicloud-rx';
 * const config = new Config()
 *   .withEnableAsync(true)
 *   .withGoRoutinePoolSize(10)
 *   .withMaxTaskQueueSize(10_000)
 *   .withReadTimeout(5000);
 */
export class Config implements ConfigValues {
  /** Whether calls go through the async pool. @default false */
  readonly enableAsync!: boolean;
  /** Calls in flight at once when async is on. @default 5 */
  readonly goRoutinePoolSize!: number;
  /** Calls that may wait for a slot before new ones are rejected. @default 1000 */
  readonly maxTaskQueueSize!: number;
  /**
   * Ms a new connection may take to open. Honoured by `nodeHttpTransport()`; the default transport
   * (fetch) cannot set it, so there it is folded into `readTimeout`. @default 5000
   */
  readonly connectTimeout!: number;
  /** Bound on each attempt as a whole, in ms. @default 10000 */
  readonly readTimeout!: number;
  /** Retry throttling, unavailability and (for safe calls) network errors. @default true */
  readonly autoRetry!: boolean;
  /** Retries at most, after the first attempt. @default 3 */
  readonly maxRetryTime!: number;
  /** Base of the exponential backoff, in ms. @default 100 */
  readonly retryBaseDelay!: number;
  /** Cap of the jittered part of one backoff delay, in ms (a server's retry-after is capped by `maxRetryAfter`). @default 10000 */
  readonly retryMaxDelay!: number;
  /** Service error codes retried besides the built-in ones (frozen); see {@link Config.withRetryPolicy}. @default [] */
  readonly retryOn!: readonly string[];
  /** The longest `x-acs-retry-after` a retry waits, in ms; see {@link Config.withRetryPolicy}. @default 60000 */
  readonly maxRetryAfter!: number;
  /** Endpoint override (host or URL). @default undefined (`<product>.<regionId>.aliyuncs.com`) */
  readonly endpoint!: string | undefined;
  /** Scheme for endpoints given without one. @default 'https' */
  readonly scheme!: Scheme;
  /** @default 'ACS3-HMAC-SHA256' */
  readonly signatureAlgorithm!: SignatureAlgorithm;
  /** Extra user-agent text appended to alicloud-rx's own. @default undefined */
  readonly userAgent!: string | undefined;
  /** The fetch under the default transport (ky). @default undefined (the global fetch) */
  readonly fetch!: FetchLike | undefined;
  /** The transport, when not the default (ky over `fetch`). @default undefined */
  readonly transport!: Transport | undefined;
  /** The most bytes of one answer's body, counted decoded; see {@link Config.withMaxResponseBytes}. @default 16 MiB */
  readonly maxResponseBytes!: number;
  /** What every call consults besides its pool (concurrency and rate shared wider); see {@link Config.withBudget}. */
  readonly budget!: Budget | undefined;
  /** Where each attempt is logged, one JSON line each; see {@link Config.withLogger}. */
  readonly logger!: Logger | undefined;

  /**
   * A Config from an object of options (any left out, or given as `undefined`, keeps its default),
   * checked as the `with…` methods check them: an unknown option or a bad value is a `ClientError`.
   *
   * @example
   * import { Config } from 'alicloud-rx';
   * const config = new Config({ enableAsync: true, goRoutinePoolSize: 10, readTimeout: 5000 });
   */
  constructor(values: Partial<ConfigValues> = {}) {
    Object.assign(this, checkConfigValues(DEFAULTS, values));
    Object.freeze(this);
  }

  /** Same as `goRoutinePoolSize`. */
  get poolSize(): number {
    return this.goRoutinePoolSize;
  }

  // The constructor checks every value (config-checks.ts): the with… methods pass theirs through,
  // except where a method names its option otherwise (poolSize) or refuses `undefined`.
  private with(values: Partial<ConfigValues>): Config {
    const next: Partial<ConfigValues> = {};
    for (const key of Object.keys(DEFAULTS) as (keyof ConfigValues)[]) {
      (next as Record<string, unknown>)[key] = this[key];
    }
    return new Config({ ...next, ...values });
  }

  /** Turn the async pool on or off. @default false */
  withEnableAsync(enable: boolean): Config {
    return this.with({ enableAsync: enable });
  }

  /** Calls in flight at once (integer >= 1). @default 5 */
  withGoRoutinePoolSize(size: number): Config {
    return this.with({ goRoutinePoolSize: size });
  }

  /** Alias of {@link Config.withGoRoutinePoolSize}. */
  withPoolSize(size: number): Config {
    return this.with({ goRoutinePoolSize: checkInteger('poolSize', size, 1) });
  }

  /** Calls that may wait for a slot (integer >= 0; 0 means "reject when every slot is busy"). @default 1000 */
  withMaxTaskQueueSize(size: number): Config {
    return this.with({ maxTaskQueueSize: size });
  }

  /** @default 5000 */
  withConnectTimeout(ms: number): Config {
    return this.with({ connectTimeout: ms });
  }

  /** @default 10000 */
  withReadTimeout(ms: number): Config {
    return this.with({ readTimeout: ms });
  }

  /** @default true (the Go SDK's default is false: Alibaba Cloud throttles by design) */
  withAutoRetry(enable: boolean): Config {
    return this.with({ autoRetry: enable });
  }

  /** Retries after the first attempt (integer from 0 to 100). @default 3 */
  withMaxRetryTime(retries: number): Config {
    return this.with({ maxRetryTime: retries });
  }

  /** Backoff: `delay = random(0, min(maxDelay, baseDelay * 2^retry))` ms (full jitter). @default 100, 10000 */
  withRetryBackoff(baseDelay: number, maxDelay: number): Config {
    return this.with({ retryBaseDelay: baseDelay, retryMaxDelay: maxDelay });
  }

  /**
   * Which extra service error codes are retried (`retryOn`) and the longest server-requested wait
   * honoured (`maxRetryAfter`, ms): a throttled answer asking for longer fails the call at once with
   * `ThrottlingError` (`retryAfter`, `maxRetryAfter`) instead of sleeping. Keys left out keep their
   * values; `retryOn: []` clears the list. Read back as `config.retryOn` and `config.maxRetryAfter`;
   * per call, the same two keys in the call options. Rules: {@link RetryPolicyOptions}.
   * @default { retryOn: [], maxRetryAfter: 60000 }
   *
   * @example
   * import { Config } from 'alicloud-rx';
   * const config = new Config().withRetryPolicy({ retryOn: ['IncorrectInstanceStatus'], maxRetryAfter: 30_000 });
   */
  withRetryPolicy(policy: RetryPolicyOptions): Config {
    return this.with(checkRetryPolicy(policy));
  }

  /** A host (`ecs.aliyuncs.com`) or URL (`http://127.0.0.1:8080`); a URL's scheme wins over `withScheme`. */
  withEndpoint(hostOrUrl: string): Config {
    return this.with({ endpoint: checkEndpoint(hostOrUrl) });
  }

  /** @default 'https' */
  withScheme(scheme: Scheme): Config {
    return this.with({ scheme });
  }

  /** @default 'ACS3-HMAC-SHA256' */
  withSignatureAlgorithm(algorithm: SignatureAlgorithm): Config {
    return this.with({ signatureAlgorithm: algorithm });
  }

  /**
   * The most bytes of one answer's body, counted after gzip/deflate/br decoding (integer from 1
   * to 256 MiB). Every transport stops reading at the limit and aborts the request; the call
   * fails with `ResponseTooLargeError` (`SDK.ResponseTooLarge`, not retried). It bounds what a
   * misbehaving or hostile server (a huge body, a gzip bomb) can make a client hold.
   * @default 16777216 (16 MiB)
   *
   * @example
   * import { Config } from 'alicloud-rx';
   * const config = new Config().withMaxResponseBytes(64 * 1024 * 1024); // very large listings
   */
  withMaxResponseBytes(bytes: number): Config {
    return this.with({ maxResponseBytes: bytes });
  }

  /**
   * Text appended to the user agent, e.g. `'my-dashboard/1.2'`: printable Latin-1 (tab, 0x20–0x7E,
   * 0xA0–0xFF), as an HTTP header needs; anything else (a control character, `'\u0100'`) is
   * `SDK.InvalidParam` here rather than a failure of every call.
   */
  withUserAgent(extra: string): Config {
    return this.with({ userAgent: checkHeaderValue('userAgent', extra) });
  }

  /**
   * The fetch under the default transport (ky): the fake cloud's `cloud.fetch`, a proxying fetch.
   * Replaces a transport set by {@link Config.withTransport}.
   */
  withFetch(fetchImpl: FetchLike): Config {
    if (typeof fetchImpl !== 'function')
      throw invalidParam('fetch', fetchImpl, 'a fetch-compatible function');
    return this.with({ fetch: fetchImpl, transport: undefined });
  }

  /**
   * Replaces the transport (ky over fetch) as a whole, e.g. with `nodeHttpTransport()` from
   * `alicloud-rx/node` in a Node batch job. Replaces a fetch set by {@link Config.withFetch}.
   *
   * @example
   * import { nodeHttpTransport } from 'alicloud-rx/node';
   * const config = new Config().withEnableAsync(true).withTransport(nodeHttpTransport());
   */
  withTransport(transport: Transport): Config {
    if (typeof transport !== 'function')
      throw invalidParam('transport', transport, 'a Transport function, such as nodeHttpTransport()');
    return this.with({ transport, fetch: undefined });
  }

  /**
   * A budget every call consults besides its own pool: a lease per call (concurrency, kept across
   * its retries) and a token per attempt (rate), shared by every client given it, and with
   * `redisBudget` by every process. Waiting for it counts as queued (`poolStats$.waitingForBudget`);
   * unsubscribing while waiting leaves the line.
   *
   * @example
   * const config = new Config().withEnableAsync(true).withBudget(localBudget({ concurrency: 12 }));
   */
  withBudget(budget: Budget): Config {
    return this.with({ budget });
  }

  /**
   * Logs every attempt of the client's calls as one line of JSON (no `%`, so no logger reads it
   * as a format): `action`, `status`, `latency` (ms), `requestId`, `retries`, with `code` when it
   * failed. A 2xx at `debug`, any other attempt at `warn`, and a failed call once more at `error`.
   * Never a secret: no credential, signature, header or parameter value. Any object with
   * `debug/info/warn/error` fits: `console`, pino, winston.
   *
   * @example
   * import pino from 'pino';
   * const config = new Config().withEnableAsync(true).withLogger(pino({ level: 'debug' }));
   */
  withLogger(logger: Logger): Config {
    return this.with({ logger });
  }
}
