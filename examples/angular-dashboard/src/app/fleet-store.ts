import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { paginateItems, type EcsClient, type Instance, type InstanceStatus } from 'alicloud-rx';
import { interval, map, toArray } from 'rxjs';
import { ECS } from './cloud';

const TRANSITIONAL: readonly InstanceStatus[] = ['Pending', 'Starting', 'Stopping'];

/** The dashboard's state: the filters, the instance list keyed on them, and the actions on rows. */
@Injectable({ providedIn: 'root' })
export class FleetStore {
  private readonly ecs = inject(ECS);
  private readonly byRegion = new Map<string, EcsClient>();

  readonly region = signal('cn-hangzhou');
  readonly status = signal<InstanceStatus | ''>('');
  readonly selected = signal<string | undefined>(undefined);
  readonly busy = signal<ReadonlySet<string>>(new Set());

  readonly regions = rxResource({
    stream: () =>
      this.ecs.describeRegions$({}).pipe(map((r) => r.Regions.Region.map((region) => region.RegionId))),
  });

  /**
   * Every instance of the selected region and status, page by page. A new region or status
   * unsubscribes the stale listing: its HTTP request is aborted, or it leaves the pool's queue.
   */
  readonly instances = rxResource({
    params: () => ({ region: this.region(), status: this.status() }),
    stream: ({ params }) =>
      paginateItems(
        this.clientFor(params.region).describeInstances$,
        { MaxResults: 10, ...(params.status ? { Status: params.status } : {}) },
        (page) => page.Instances.Instance,
      ).pipe(toArray()),
  });

  /** The rows to show: none while the listing failed (a resource in error has no value). */
  readonly rows = computed(() => (this.instances.hasValue() ? this.instances.value() : []));

  /** The regions to choose from (the current one until DescribeRegions answers). */
  readonly regionIds = computed(() => (this.regions.hasValue() ? this.regions.value() : [this.region()]));

  constructor() {
    // While an instance is starting or stopping, look again every second.
    interval(1000)
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe(() => {
        const rows = this.instances.value();
        if (!this.instances.isLoading() && rows?.some((i) => TRANSITIONAL.includes(i.Status)))
          this.instances.reload();
      });
  }

  /** The client of `region`, sharing the dashboard's one pool. */
  clientFor(region: string): EcsClient {
    let client = this.byRegion.get(region);
    if (!client) {
      client = region === this.ecs.regionId ? this.ecs : (this.ecs.forRegion(region) as EcsClient);
      this.byRegion.set(region, client);
    }
    return client;
  }

  /** Starts or stops one instance, then lists again. */
  act(instance: Instance, action: 'start' | 'stop'): void {
    const client = this.clientFor(instance.RegionId);
    const call$ =
      action === 'start'
        ? client.startInstance$({ InstanceId: instance.InstanceId })
        : client.stopInstance$({ InstanceId: instance.InstanceId });
    this.busy.update((ids) => new Set([...ids, instance.InstanceId]));
    call$.subscribe({
      error: () => this.done(instance.InstanceId),
      complete: () => this.done(instance.InstanceId),
    });
  }

  private done(id: string): void {
    this.busy.update((ids) => new Set([...ids].filter((other) => other !== id)));
    this.instances.reload();
  }
}
