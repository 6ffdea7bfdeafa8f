import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { paginateItems, withPool, type DescribeInstancesRequest, type PoolStats } from 'alicloud-rx';
import { auditTime, finalize } from 'rxjs';
import { ECS_CLIENT } from './ecs-client.provider.js';

@Component({
  selector: 'app-stop-tagged',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button type="button" [disabled]="running()" (click)="stopTagged()">Stop auto-stop=true instances</button>
    <p>{{ stopped() }} stopped · pool: {{ stats()?.active }} active, {{ stats()?.queued }} queued</p>
    @if (error(); as error) {
      <p class="error">{{ error }}</p>
    }
  `,
})
export class StopTaggedComponent {
  private readonly ecs = inject(ECS_CLIENT);
  private readonly destroyRef = inject(DestroyRef);

  readonly stats = signal<PoolStats | undefined>(undefined);
  readonly stopped = signal(0);
  readonly running = signal(false);
  readonly error = signal<string | undefined>(undefined);

  constructor() {
    // In an injection context (constructor, field initializer) takeUntilDestroyed() finds the DestroyRef.
    this.ecs.poolStats$
      .pipe(auditTime(100), takeUntilDestroyed())
      .subscribe((stats) => this.stats.set(stats));
  }

  stopTagged(): void {
    this.running.set(true);
    this.error.set(undefined);
    const tagged: DescribeInstancesRequest = {
      Status: 'Running',
      Tag: [{ Key: 'auto-stop', Value: 'true' }],
      MaxResults: 100,
    };
    paginateItems(this.ecs.describeInstances$, tagged, (page) => page.Instances.Instance)
      .pipe(
        withPool(this.ecs, (instance) => this.ecs.stopInstance$({ InstanceId: instance.InstanceId })),
        // Outside an injection context, pass the DestroyRef. Leaving the page cancels the sweep: queued
        // calls are never sent and in-flight requests are aborted.
        takeUntilDestroyed(this.destroyRef),
        finalize(() => this.running.set(false)),
      )
      .subscribe({
        next: () => this.stopped.update((n) => n + 1),
        error: (error: unknown) => this.error.set(String(error)),
      });
  }
}
