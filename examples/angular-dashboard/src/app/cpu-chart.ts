import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';
import { CMS } from './cloud';
import { messageOf } from './errors';

interface Point {
  timestamp: number;
  Average: number;
}

const WIDTH = 480;
const HEIGHT = 120;
const WINDOW_MS = 30 * 60_000;

/** The selected instance's CPU over the last 30 minutes, from CloudMonitor's DescribeMetricList. */
@Component({
  selector: 'app-cpu-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="chart">
      <strong>CPU {{ instanceId() ?? '(select an instance)' }}</strong>
      @if (series.error(); as error) {
        <p role="alert">{{ message(error) }}</p>
      } @else if (points().length > 0) {
        <svg
          data-testid="cpu-chart"
          [attr.data-points]="points().length"
          [attr.viewBox]="'0 0 ' + width + ' ' + height"
          role="img"
          aria-label="CPU utilisation, percent"
        >
          <polyline [attr.points]="line()" fill="none" stroke="currentColor" stroke-width="2" />
        </svg>
        <span>last {{ last() }} %</span>
      }
    </section>
  `,
})
export class CpuChart {
  private readonly cms = inject(CMS);
  readonly instanceId = input<string | undefined>();
  readonly width = WIDTH;
  readonly height = HEIGHT;

  readonly series = rxResource({
    params: () => this.instanceId(),
    stream: ({ params: instanceId }) => {
      const end = Date.now();
      return this.cms
        .describeMetricList$({
          Namespace: 'acs_ecs_dashboard',
          MetricName: 'CPUUtilization',
          Dimensions: JSON.stringify([{ instanceId }]),
          Period: '60',
          StartTime: String(end - WINDOW_MS),
          EndTime: String(end),
        })
        .pipe(map((answer) => JSON.parse(answer.Datapoints ?? '[]') as Point[]));
    },
  });

  readonly points = computed(() => (this.series.hasValue() ? this.series.value() : []));
  readonly line = computed(() => {
    const points = this.points();
    const step = points.length > 1 ? WIDTH / (points.length - 1) : 0;
    return points
      .map((p, i) => `${(i * step).toFixed(1)},${(HEIGHT - (p.Average / 100) * HEIGHT).toFixed(1)}`)
      .join(' ');
  });
  readonly last = computed(() => this.points().at(-1)?.Average.toFixed(1) ?? '');

  message(error: unknown): string {
    return messageOf(error);
  }
}
