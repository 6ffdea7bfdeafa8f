import {
  EMPTY,
  catchError,
  defer,
  filter,
  from,
  lastValueFrom,
  map,
  mergeMap,
  of,
  repeat,
  takeWhile,
  toArray,
  type Observable,
} from 'rxjs';
import { paginateItems, withPool, type EcsClient, type Instance } from '../../src/index.js';
import type { LatencyRecorder } from './latency.js';

/** What the sweep did. */
export interface SweepResult {
  regions: number;
  seen: number;
  targets: Instance[];
  stopped: number;
  failed: { instanceId: string; code: string }[];
}

const isTarget = (i: Instance) =>
  i.Status === 'Running' &&
  (i.Tags?.Tag ?? []).some((t) => t.TagKey === 'auto-stop' && t.TagValue === 'true');

/**
 * The fleet sweep: list regions, page every instance of every region, pick the running ones
 * tagged `auto-stop=true`, stop them through `withPool` (when `apply`), and wait until each
 * reports `Stopped`. Every call goes through the one pool that `ecs` and its `forRegion`
 * siblings share.
 */
export async function sweep(
  ecs: EcsClient,
  options: {
    regions?: readonly string[];
    /** This worker's share of the regions: every `count`-th, starting at `index`. */
    shard?: { index: number; count: number };
    apply: boolean;
    pollMs: number;
    latency: LatencyRecorder;
    phase: (p: string) => void;
  },
): Promise<SweepResult> {
  const { latency } = options;
  const timed = <T>(call$: Observable<T>) => latency.time(call$);

  options.phase('listing regions');
  const all = await lastValueFrom(timed(ecs.describeRegions$({})));
  const shard = options.shard;
  const regionIds = all.Regions.Region.map((r) => r.RegionId)
    .filter((id) => !options.regions || options.regions.includes(id))
    .filter((_, i) => !shard || i % shard.count === shard.index);
  const clients = new Map(
    regionIds.map((id) => [id, id === ecs.regionId ? ecs : ecs.forRegion(id)] as const),
  );

  options.phase('paging instances');
  let seen = 0;
  const limits = ecs.poolLimits;
  const targets = await lastValueFrom(
    from(clients.values()).pipe(
      mergeMap(
        (client) =>
          paginateItems(
            (req) => timed(client.describeInstances$(req)),
            { MaxResults: 100 },
            (page) => page.Instances.Instance,
          ),
        limits ? limits.poolSize : 5,
      ),
      filter((instance) => (seen++, isTarget(instance))),
      toArray(),
    ),
  );
  if (!options.apply) return { regions: regionIds.length, seen, targets, stopped: 0, failed: [] };

  options.phase('stopping');
  const failed: SweepResult['failed'] = [];
  await lastValueFrom(
    from(targets).pipe(
      withPool(ecs, (instance) =>
        timed(clients.get(instance.RegionId)!.stopInstance$({ InstanceId: instance.InstanceId })).pipe(
          map(() => instance),
          catchError((error: { code?: string }) => {
            failed.push({ instanceId: instance.InstanceId, code: error.code ?? String(error) });
            return EMPTY;
          }),
        ),
      ),
      toArray(),
    ),
  );

  options.phase('waiting for Stopped');
  const pending = new Map<string, Set<string>>();
  for (const t of targets) {
    if (failed.some((f) => f.instanceId === t.InstanceId)) continue;
    (pending.get(t.RegionId) ?? pending.set(t.RegionId, new Set()).get(t.RegionId)!).add(t.InstanceId);
  }
  const stillPending = () => [...pending.values()].reduce((n, s) => n + s.size, 0);
  const poll$ = defer(() =>
    from([...pending.entries()].filter(([, ids]) => ids.size > 0)).pipe(
      mergeMap(([region, ids]) => from(chunks([...ids], 50)).pipe(map((chunk) => [region, chunk] as const))),
      withPool(ecs, ([region, chunk]) =>
        timed(clients.get(region)!.describeInstanceStatus$({ InstanceId: chunk, PageSize: 50 })).pipe(
          map((res) => ({ region, statuses: res.InstanceStatuses.InstanceStatus })),
          catchError(() => of({ region, statuses: [] })),
        ),
      ),
      map(({ region, statuses }) => {
        for (const s of statuses) if (s.Status === 'Stopped') pending.get(region)?.delete(s.InstanceId);
      }),
      toArray(),
    ),
  );
  await lastValueFrom(
    poll$.pipe(
      repeat({ delay: options.pollMs }),
      takeWhile(() => stillPending() > 0),
    ),
    { defaultValue: undefined },
  );
  const stopped = targets.length - failed.length - stillPending();
  return { regions: regionIds.length, seen, targets, stopped, failed };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
