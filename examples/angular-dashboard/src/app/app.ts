import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import type { InstanceStatus } from 'alicloud-rx';
import { BatchStop } from './batch-stop';
import { CloudStrip } from './cloud-strip';
import { CpuChart } from './cpu-chart';
import { FleetStore } from './fleet-store';
import { InstanceTable } from './instance-table';
import { PoolGauge } from './pool-gauge';

const STATUSES: readonly (InstanceStatus | '')[] = [
  '',
  'Running',
  'Stopped',
  'Starting',
  'Stopping',
  'Pending',
];

@Component({
  selector: 'app-root',
  imports: [BatchStop, CloudStrip, CpuChart, InstanceTable, PoolGauge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <h1>Fleet</h1>
      <label>
        Region
        <select #region data-testid="region-select" (change)="store.region.set(region.value)">
          @for (id of store.regionIds(); track id) {
            <option [value]="id" [selected]="id === store.region()">{{ id }}</option>
          }
        </select>
      </label>
      <label>
        Status
        <select #status data-testid="status-filter" (change)="setStatus(status.value)">
          @for (s of statuses; track s) {
            <option [value]="s" [selected]="s === store.status()">{{ s || 'any' }}</option>
          }
        </select>
      </label>
    </header>
    <app-cloud-strip />
    <app-pool-gauge />
    <app-batch-stop />
    <main>
      <app-instance-table />
      <app-cpu-chart [instanceId]="store.selected()" />
    </main>
  `,
})
export class App {
  readonly store = inject(FleetStore);
  readonly statuses = STATUSES;

  setStatus(value: string): void {
    this.store.status.set(STATUSES.find((s) => s === value) ?? '');
  }
}
