import { assertInInjectionContext, Injector, inject, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { animationFrameScheduler, asyncScheduler, throttleTime, type Observable } from 'rxjs';
import type { PoolStats } from '../pool/pool-stats.js';

/** Options of {@link injectPoolStats}. */
export interface PoolStatsSignalOptions {
  /** At most one update per this many ms; by default one per animation frame. */
  auditTime?: number;
  /** The injector whose destruction ends the subscription; by default the current injection context's. */
  injector?: Injector;
}

/**
 * A `Signal<PoolStats>` of `client`'s pool (active, queued, completed, …): its current value at
 * once, then at most one update per animation frame (or per `auditTime` ms), the last change
 * always shown. Unsubscribed when the injection context (component, service) is destroyed. Call it
 * in an injection context, or give `injector`.
 *
 * @example
 * export class PoolGauge {
 *   readonly stats = injectPoolStats(inject(ECS));
 *   // template: {{ stats().active }} / {{ stats().poolSize }} busy, {{ stats().queued }} waiting
 * }
 */
export function injectPoolStats(
  client: { readonly poolStats$: Observable<PoolStats> },
  options: PoolStatsSignalOptions = {},
): Signal<PoolStats> {
  if (!options.injector) assertInInjectionContext(injectPoolStats);
  const injector = options.injector ?? inject(Injector);
  const frames = options.auditTime === undefined && typeof globalThis.requestAnimationFrame === 'function';
  const stats$ = client.poolStats$.pipe(
    throttleTime(frames ? 0 : (options.auditTime ?? 16), frames ? animationFrameScheduler : asyncScheduler, {
      leading: true,
      trailing: true,
    }),
  );
  // The pool emits its current value on subscribe: the signal has a value from the start.
  return toSignal(stats$, { requireSync: true, injector });
}
