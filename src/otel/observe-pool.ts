import type { Attributes, Meter, ObservableResult } from '@opentelemetry/api';
import type { Observable } from 'rxjs';
import type { PoolStats } from '../pool/pool-stats.js';
import {
  ATTR_CLOUD_REGION,
  ATTR_RPC_SERVICE,
  ATTR_RPC_SYSTEM,
  RPC_SYSTEM_ALIBABA_CLOUD,
} from './attribute-names.js';

/** What {@link observePool} reads: a client's pool statistics, product and region. */
export interface PoolSource {
  readonly poolStats$: Observable<PoolStats>;
  readonly product: string;
  readonly regionId: string;
}

/**
 * Reports `client`'s pool as two observable gauges, `alibaba_cloud.client.pool.active` and
 * `alibaba_cloud.client.pool.queued`: the latest `poolStats$` value, read when the meter collects.
 * Returns the stop: it unsubscribes and removes the gauges' callbacks.
 *
 * @example
 * const stop = observePool(meterProvider.getMeter('alicloud-rx'), ecs);
 * stop();
 */
export function observePool(meter: Meter, client: PoolSource): () => void {
  let latest: PoolStats | undefined;
  const subscription = client.poolStats$.subscribe((stats) => (latest = stats));
  const attributes: Attributes = {
    [ATTR_RPC_SYSTEM]: RPC_SYSTEM_ALIBABA_CLOUD,
    [ATTR_RPC_SERVICE]: client.product,
    [ATTR_CLOUD_REGION]: client.regionId,
  };
  const active = meter.createObservableGauge('alibaba_cloud.client.pool.active', {
    unit: '{call}',
    description: 'Calls in flight in the client pool.',
  });
  const queued = meter.createObservableGauge('alibaba_cloud.client.pool.queued', {
    unit: '{call}',
    description: 'Calls waiting in the client pool (for a slot, or for a budget lease).',
  });
  const observeActive = (result: ObservableResult) => {
    if (latest) result.observe(latest.active, attributes);
  };
  const observeQueued = (result: ObservableResult) => {
    if (latest) result.observe(latest.queued, attributes);
  };
  active.addCallback(observeActive);
  queued.addCallback(observeQueued);
  return () => {
    subscription.unsubscribe();
    active.removeCallback(observeActive);
    queued.removeCallback(observeQueued);
  };
}
