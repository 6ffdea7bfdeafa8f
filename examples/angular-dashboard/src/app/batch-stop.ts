import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { paginateItems, withPool, type Instance } from 'alicloud-rx';
import { from, mergeMap, switchMap, tap, toArray } from 'rxjs';
import { ECS } from './cloud';
import { messageOf } from './errors';
import { FleetStore } from './fleet-store';

export const isAutoStop = (instance: Instance): boolean =>
  instance.Tags?.Tag.some((tag) => tag.TagKey === 'auto-stop' && tag.TagValue === 'true') ?? false;

const AUTO_STOP = { Key: 'auto-stop', Value: 'true' };

/** "Stop every running instance tagged auto-stop=true", in every region, through the one pool. */
@Component({
  selector: 'app-batch-stop',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="batch">
      <button type="button" data-testid="batch-stop" [disabled]="running()" (click)="stopTagged()">
        Stop every running instance tagged auto-stop=true
      </button>
      @if (progress(); as p) {
        <div
          class="progress"
          data-testid="batch-progress"
          role="progressbar"
          aria-valuemin="0"
          aria-valuemax="100"
          [attr.aria-valuenow]="percent()"
        >
          <div class="bar" [style.width.%]="percent()"></div>
          <span>{{ percent() }} % ({{ p.done }} of {{ p.total }})</span>
        </div>
      }
      @if (error(); as message) {
        <p role="alert" data-testid="batch-error">{{ message }}</p>
      }
    </section>
  `,
})
export class BatchStop {
  private readonly ecs = inject(ECS);
  private readonly store = inject(FleetStore);
  private readonly destroyRef = inject(DestroyRef);
  readonly progress = signal<{ done: number; total: number } | undefined>(undefined);
  readonly running = signal(false);
  readonly error = signal<string | undefined>(undefined);
  readonly percent = computed(() => {
    const p = this.progress();
    return !p || p.total === 0 ? 100 : Math.round((100 * p.done) / p.total);
  });

  stopTagged(): void {
    this.progress.set({ done: 0, total: 0 });
    this.error.set(undefined);
    this.running.set(true);
    // The targets of every region (the tag and the status filtered by the service), then one
    // StopInstance each: at most poolSize at once, the rest queued; leaving the page cancels the rest.
    from(this.store.regionIds())
      .pipe(
        mergeMap((region) =>
          paginateItems(
            this.store.clientFor(region).describeInstances$,
            { MaxResults: 100, Status: 'Running', Tag: [AUTO_STOP] },
            (page) => page.Instances.Instance,
          ),
        ),
        toArray(),
        tap((targets) => this.progress.set({ done: 0, total: targets.length })),
        switchMap((targets) =>
          from(targets).pipe(
            withPool(this.ecs, (instance) =>
              this.store.clientFor(instance.RegionId).stopInstance$({ InstanceId: instance.InstanceId }),
            ),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => this.progress.update((p) => p && { ...p, done: p.done + 1 }),
        error: (error: unknown) => {
          this.error.set(messageOf(error));
          this.running.set(false);
        },
        complete: () => {
          this.running.set(false);
          this.store.instances.reload();
        },
      });
  }
}
