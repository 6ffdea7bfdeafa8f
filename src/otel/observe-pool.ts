import type { Attributes, BatchObservableResult, Meter } from '@opentelemetry/api';
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
 * `alibaba_cloud.client.pool.queued`: the pool's statistics when the meter collects, read from
 * `poolStats$` (which gives its current value on subscribe) only then, rather than followed at
 * every change of the pool (several per call). Returns the stop: it removes the gauges' callback.
 *
 * @example
 * const stop = observePool(meterProvider.getMeter('alicloud-rx'), ecs);
 * stop();
 */
export function observePool(meter: Meter, client: PoolSource): () => void {
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
  const observe = (result: BatchObservableResult) => {
    let latest = undefined as PoolStats | undefined;
    client.poolStats$.subscribe((stats) => (latest = stats)).unsubscribe();
    if (!latest) return;
    result.observe(active, latest.active, attributes);
    result.observe(queued, latest.queued, attributes);
  };
  meter.addBatchObservableCallback(observe, [active, queued]);
  return () => meter.removeBatchObservableCallback(observe, [active, queued]);
}
