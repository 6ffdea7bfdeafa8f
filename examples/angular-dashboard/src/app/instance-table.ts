import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { isAutoStop } from './batch-stop';
import { messageOf } from './errors';
import { FleetStore } from './fleet-store';

/** The instances of the selected region and status, with Start/Stop per row; a click selects a row. */
@Component({
  selector: 'app-instance-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (store.instances.error(); as error) {
      <p class="error" role="alert" data-testid="error">{{ message(error) }}</p>
    }
    @if (store.instances.isLoading()) {
      <p data-testid="loading">Loading {{ store.region() }}…</p>
    }
    <table>
      <thead>
        <tr>
          <th>Instance</th>
          <th>Name</th>
          <th>Zone</th>
          <th>Type</th>
          <th>Status</th>
          <th>auto-stop</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        @for (instance of store.rows(); track instance.InstanceId) {
          <tr
            data-testid="instance-row"
            [attr.data-region]="instance.RegionId"
            [attr.data-instance-id]="instance.InstanceId"
            [attr.data-status]="instance.Status"
            [attr.data-auto-stop]="autoStop(instance)"
            [class.selected]="store.selected() === instance.InstanceId"
            (click)="store.selected.set(instance.InstanceId)"
          >
            <td>{{ instance.InstanceId }}</td>
            <td>{{ instance.InstanceName }}</td>
            <td>{{ instance.ZoneId }}</td>
            <td>{{ instance.InstanceType }}</td>
            <td data-testid="status">{{ instance.Status }}</td>
            <td>{{ autoStop(instance) ? 'yes' : '' }}</td>
            <td>
              @if (instance.Status === 'Stopped') {
                <button
                  type="button"
                  [disabled]="store.busy().has(instance.InstanceId)"
                  (click)="store.act(instance, 'start')"
                >
                  Start
                </button>
              } @else if (instance.Status === 'Running') {
                <button
                  type="button"
                  [disabled]="store.busy().has(instance.InstanceId)"
                  (click)="store.act(instance, 'stop')"
                >
                  Stop
                </button>
              }
            </td>
          </tr>
        }
      </tbody>
    </table>
  `,
})
export class InstanceTable {
  readonly store = inject(FleetStore);
  readonly autoStop = isAutoStop;

  message(error: unknown): string {
    return messageOf(error);
  }
}
