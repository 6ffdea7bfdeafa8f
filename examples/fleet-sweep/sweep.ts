import {
  EMPTY,
  Observable,
  catchError,
  defer,
  from,
  lastValueFrom,
  map,
  mergeMap,
  of,
  repeat,
  takeUntil,
  takeWhile,
  tap,
  throwError,
  toArray,
} from 'rxjs';
import { ClientClosedError, paginate, withPool, type EcsClient, type Instance } from '../../src/index.js';
import type { SweepState, Target } from './sweep-state.js';

const isTarget = (i: Instance) =>
  i.Status === 'Running' &&
  (i.Tags?.Tag ?? []).some((t) => t.TagKey === 'auto-stop' && t.TagValue === 'true');

const closed = (error: unknown) => error instanceof ClientClosedError;

/** Emits once when `signal` aborts (at once if it already has). */
const aborted$ = (signal: AbortSignal) =>
  new Observable<void>((subscriber) => {
    const fire = () => subscriber.next();
    if (signal.aborted) return fire();
    signal.addEventListener('abort', fire, { once: true });
    return () => signal.removeEventListener('abort', fire);
  });

/** How the sweep runs, and how it is stopped. */
export interface SweepOptions {
  regions?: readonly string[];
  /** This worker's share of the regions: every `count`-th, starting at `index`. */
  shard?: { index: number; count: number };
  /** Send StopInstance (false: list what would be stopped, and send no mutating call). */
  apply: boolean;
  pollMs: number;
  /** Where the sweep keeps what it did (read live by the progress display). */
  state: SweepState;
  /**
   * Aborts on the first Ctrl-C / SIGTERM: take no new work. (The caller also shuts the client down
   * with `cancelQueued`, which ends what waits in the pool; what is in flight finishes.)
   */
  interrupt: AbortSignal;
  /** Aborts when the grace period ran out, or on a second signal: unsubscribe everything now. */
  abort: AbortSignal;
}

/**
 * The fleet sweep: list regions, page every instance of every region, pick the running ones
 * tagged `auto-stop=true`, stop them through `withPool` (when `apply`), and wait until each
 * reports `Stopped`. Every call goes through the one pool that `ecs` and its `forRegion`
 * siblings share. Resolves when done or stopped, with everything it did in `options.state`;
 * rejects only on a failure that is not an interruption (listing regions failed, say).
 */
export async function sweep(ecs: EcsClient, options: SweepOptions): Promise<void> {
  const { state } = options;
  const untilAborted = <T>() => takeUntil<T>(aborted$(options.abort));
  // A refusal because the client was shut down (an interruption) ends a stage quietly.
  const unlessClosed = <T>() =>
    catchError<T, Observable<T>>((e) => (closed(e) ? EMPTY : throwError(() => e)));

  state.enter('listing regions');
  const all = await lastValueFrom(ecs.describeRegions$({}).pipe(unlessClosed(), untilAborted()), {
    defaultValue: undefined,
  });
  if (!all || options.interrupt.aborted) return state.enter('done');
  const shard = options.shard;
  const regionIds = all.Regions.Region.map((r) => r.RegionId)
    .filter((id) => !options.regions || options.regions.includes(id))
    .filter((_, i) => !shard || i % shard.count === shard.index);
  state.regionsTotal = regionIds.length;
  const clients = new Map(
    regionIds.map((id) => [id, id === ecs.regionId ? ecs : ecs.forRegion(id)] as const),
  );

  state.enter('paging instances');
  const limits = ecs.poolLimits;
  await lastValueFrom(
    from(regionIds).pipe(
      mergeMap(
        (regionId) => {
          let first = true;
          return paginate((req) => clients.get(regionId)!.describeInstances$(req), { MaxResults: 100 }).pipe(
            tap({
              next: (page) => {
                state.pages++;
                if (first) {
                  first = false;
                  state.instancesKnown += page.TotalCount ?? 0;
                  state.regionsCounted++;
                }
                for (const instance of page.Instances.Instance) {
                  state.seen++;
                  if (isTarget(instance))
                    state.targets.set(instance.InstanceId, {
                      instance,
                      state: options.apply ? 'pending' : 'would-stop',
                    });
                }
              },
              complete: () => state.regionsDone++,
            }),
            catchError((error: unknown) => {
              state.regionsIncomplete.add(regionId);
              return closed(error) ? EMPTY : throwError(() => error);
            }),
          );
        },
        limits ? limits.poolSize : 5,
      ),
      untilAborted(),
    ),
    { defaultValue: undefined },
  );
  if (!options.apply || options.interrupt.aborted) return state.enter('done');

  state.enter('stopping');
  const stop = (target: Target) =>
    defer(() => {
      target.state = 'sending';
      const { RegionId, InstanceId } = target.instance;
      return clients.get(RegionId)!.stopInstance$({ InstanceId });
    }).pipe(
      tap(() => (target.state = 'accepted')),
      catchError((error: { code?: string }) => {
        if (closed(error)) target.state = 'not-sent';
        else Object.assign(target, { state: 'failed', code: error.code ?? String(error) });
        return EMPTY;
      }),
    );
  await lastValueFrom(
    // withPool subscribes a target's StopInstance only while the pool has room. Once interrupted
    // (the client shut down), each one left is refused at once and counted never sent.
    from([...state.targets.values()]).pipe(withPool(ecs, stop), unlessClosed(), untilAborted()),
    { defaultValue: undefined },
  );
  if (options.interrupt.aborted) return state.enter('done');

  state.enter('waiting for Stopped');
  const pending = () => state.targetsIn('accepted');
  const poll$ = defer(() => {
    const byRegion = new Map<string, string[]>();
    for (const t of pending()) {
      const ids =
        byRegion.get(t.instance.RegionId) ?? byRegion.set(t.instance.RegionId, []).get(t.instance.RegionId)!;
      ids.push(t.instance.InstanceId);
    }
    return from([...byRegion.entries()]).pipe(
      mergeMap(([region, ids]) => from(chunks(ids, 50)).pipe(map((chunk) => [region, chunk] as const))),
      withPool(ecs, ([region, chunk]) =>
        clients
          .get(region)!
          .describeInstanceStatus$({ InstanceId: chunk, PageSize: 50 })
          .pipe(
            map((res) => res.InstanceStatuses.InstanceStatus),
            catchError(() => of([])),
          ),
      ),
      tap((statuses) => {
        for (const s of statuses) {
          const target = state.targets.get(s.InstanceId);
          if (s.Status === 'Stopped' && target?.state === 'accepted') target.state = 'stopped';
        }
      }),
      unlessClosed(),
      toArray(),
    );
  });
  await lastValueFrom(
    poll$.pipe(
      repeat({ delay: options.pollMs }),
      takeWhile(() => pending().length > 0),
      takeUntil(aborted$(options.interrupt)),
      untilAborted(),
    ),
    { defaultValue: undefined },
  );
  state.enter('done');
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
