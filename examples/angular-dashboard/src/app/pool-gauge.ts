import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { injectPoolStats } from 'alicloud-rx/angular';
import { ECS } from './cloud';

/** The dashboard's one pool: calls in flight and waiting, at most one update per frame. */
@Component({
  selector: 'app-pool-gauge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="gauge" aria-label="Pool">
      <strong>Pool</strong>
      <span
        ><span data-testid="pool-active">{{ stats().active }}</span> / {{ stats().poolSize }} active</span
      >
      <span
        ><span data-testid="pool-queued">{{ stats().queued }}</span> queued</span
      >
      <span
        >{{ stats().completed }} done, {{ stats().failed }} failed, {{ stats().cancelled }} cancelled</span
      >
    </section>
  `,
})
export class PoolGauge {
  readonly stats = injectPoolStats(inject(ECS));
}
