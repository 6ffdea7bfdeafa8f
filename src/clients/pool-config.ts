import type { Config } from '../config.js';
import { ClientError } from '../errors/client-error.js';
import type { PoolLimits } from '../pool/task-pool.js';

/** The pool limits a config asks for: `null` while async is off. */
export function limitsOf(config: Config): PoolLimits | null {
  return config.enableAsync
    ? { poolSize: config.goRoutinePoolSize, maxTaskQueueSize: config.maxTaskQueueSize }
    : null;
}

/** True when two pools run the same way (both off, or the same two limits). */
export function sameLimits(a: PoolLimits | null, b: PoolLimits | null): boolean {
  if (a === null || b === null) return a === b;
  return a.poolSize === b.poolSize && a.maxTaskQueueSize === b.maxTaskQueueSize;
}

/** `config` saying what a pool with `limits` runs (itself when it already does). */
export function configWithLimits(config: Config, limits: PoolLimits | null): Config {
  if (sameLimits(limitsOf(config), limits)) return config;
  if (limits === null) return config.withEnableAsync(false);
  return config
    .withEnableAsync(true)
    .withGoRoutinePoolSize(limits.poolSize)
    .withMaxTaskQueueSize(limits.maxTaskQueueSize);
}

const describe = (limits: PoolLimits | null) =>
  limits === null
    ? 'async off'
    : `async on, poolSize ${limits.poolSize}, maxTaskQueueSize ${limits.maxTaskQueueSize}`;

/**
 * Refuses a config whose pool settings differ from those of the pool it is to share: the client
 * would say one thing and run another. Names both.
 */
export function checkSharedPool(config: Config, shared: PoolLimits | null): void {
  if (sameLimits(limitsOf(config), shared)) return;
  throw new ClientError(
    'SDK.InvalidParam',
    `sharePoolWith: the shared pool runs ${describe(shared)}, but config says ${describe(limitsOf(config))}. ` +
      "Pass the other client's config (its `config` says what its pool runs), or leave config out.",
  );
}
