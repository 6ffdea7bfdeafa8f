import { AccessKeyCredential, Config, EcsClient, type FetchLike } from '../../src/index.js';
import { createFakeCloud, type FakeCloud, type FakeCloudFaults } from '../../src/testing/index.js';

/** The regions the stories' fake cloud serves. */
export const STORY_REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'ap-southeast-1'] as const;

export interface FakeEcsOptions {
  regionId?: string;
  /** Turn the async pool on (`withEnableAsync(true)`). @default true */
  enableAsync?: boolean;
  poolSize?: number;
  queueSize?: number;
  maxRetries?: number;
  /** Retry backoff `[base, max]` in ms. */
  backoff?: readonly [number, number];
  faults?: FakeCloudFaults;
  /** Start/Stop take this long on the fake cloud. @default 800 */
  transitionMs?: number;
  /** Wraps the fake cloud's fetch handler (to watch the attempts). */
  wrapFetch?: (fetch: FetchLike) => FetchLike;
}

/**
 * A fake ECS cloud living in the page and a real `EcsClient` on it: real signing (Web Crypto),
 * real pool, real retries; the transport is the fake cloud's fetch handler, so nothing goes on
 * the network.
 */
export function createFakeEcs(options: FakeEcsOptions = {}): { cloud: FakeCloud; ecs: EcsClient } {
  const cloud = createFakeCloud({
    regions: STORY_REGIONS,
    transitionMs: options.transitionMs ?? 800,
    faults: options.faults ?? {},
  });
  const fetch: FetchLike = (input, init) => cloud.fetch(input, init);
  let config = new Config()
    .withEndpoint('http://fake.local')
    .withFetch(options.wrapFetch ? options.wrapFetch(fetch) : fetch);
  if (options.enableAsync ?? true) config = config.withEnableAsync(true);
  if (options.poolSize !== undefined) config = config.withPoolSize(options.poolSize);
  if (options.queueSize !== undefined) config = config.withMaxTaskQueueSize(options.queueSize);
  if (options.maxRetries !== undefined) config = config.withMaxRetryTime(options.maxRetries);
  if (options.backoff) config = config.withRetryBackoff(options.backoff[0], options.backoff[1]);
  const ecs = new EcsClient(
    options.regionId ?? 'cn-hangzhou',
    config,
    new AccessKeyCredential('testid', 'testsecret'),
  );
  return { cloud, ecs };
}
