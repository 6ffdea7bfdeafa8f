import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { interval, map } from 'rxjs';
import { FAKE_CLOUD } from './cloud';

interface Counters {
  requests: number;
  throttled: number;
  aborted: number;
}

/** What the fake cloud in this page has seen (absent against a real account). */
@Component({
  selector: 'app-cloud-strip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (counters(); as c) {
      <section class="strip" aria-label="Fake cloud">
        <strong>Fake cloud</strong>
        <span
          >requests <span data-testid="cloud-requests">{{ c.requests }}</span></span
        >
        <span
          >throttled <span data-testid="cloud-throttled">{{ c.throttled }}</span></span
        >
        <span
          >aborted <span data-testid="cloud-aborted">{{ c.aborted }}</span></span
        >
      </section>
    }
  `,
})
export class CloudStrip {
  private readonly cloud = inject(FAKE_CLOUD);
  private readonly read = (): Counters | undefined => {
    const stats = this.cloud?.stats;
    return stats && { requests: stats.requests, throttled: stats.throttled, aborted: stats.aborted };
  };
  readonly counters = toSignal(interval(200).pipe(map(this.read)), {
    initialValue: this.read(),
    equal: (a, b) =>
      a?.requests === b?.requests && a?.throttled === b?.throttled && a?.aborted === b?.aborted,
  });
}
