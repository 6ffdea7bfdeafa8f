import { Observable, type OperatorFunction } from 'rxjs';
import { LinkedQueue } from '../pool/linked-queue.js';
import { PooledRunner, type ItemSource, type PoolAware } from './pooled-runner.js';

/**
 * A backpressure-aware `mergeMap` for a client's calls: `project(item)` is subscribed only while
 * the client's pool has room, so a batch never meets `QueueFullError`. Items that arrive faster
 * wait in an O(1) buffer; for bounded memory with a huge source, give the items to
 * {@link poolFrom} instead, which pulls each one only when there is room. An error from a call
 * ends the stream (catch inside `project` to keep going).
 *
 * @example
 * import { from } from 'rxjs';
 * import { withPool } from 'alicloud-rx';
 * from(ids).pipe(withPool(ecs, (id) => ecs.stopInstance$({ InstanceId: id }))).subscribe();
 */
export function withPool<T, R>(
  client: PoolAware,
  project: (item: T, index: number) => Observable<R>,
): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      const buffer = new LinkedQueue<T>();
      let complete = false;
      const items: ItemSource<T> = {
        get done() {
          return complete && buffer.size === 0;
        },
        pull: () => (buffer.size > 0 ? { item: buffer.shift() as T } : undefined),
      };
      const runner = new PooledRunner(client, project, subscriber, items);
      const upstream = source.subscribe({
        next: (item) => {
          buffer.push(item);
          runner.pump();
        },
        error: (error: unknown) => runner.fail(error),
        complete: () => {
          complete = true;
          runner.pump();
        },
      });
      return () => {
        upstream.unsubscribe();
        runner.close();
      };
    });
}

/**
 * Runs `project(item)` for every item of an iterable or async iterable through the client's pool,
 * pulling the next item only when the pool has room: a million ids never sit in memory at once
 * (only those in flight or queued), and nothing meets `QueueFullError`.
 *
 * @example
 * import { poolFrom } from 'alicloud-rx';
 * function* ids() { for (let i = 0; i < 1_000_000; i++) yield `i-${i}`; }
 * poolFrom(ids(), ecs, (id) => ecs.stopInstance$({ InstanceId: id })).subscribe();
 */
export function poolFrom<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  client: PoolAware,
  project: (item: T, index: number) => Observable<R>,
): Observable<R> {
  return new Observable<R>((subscriber) => {
    let runner: PooledRunner<T, R> | undefined = undefined;
    const source = Symbol.asyncIterator in items ? asyncSource(items, () => runner) : syncSource(items);
    runner = new PooledRunner(client, project, subscriber, source);
    try {
      runner.pump();
    } catch (error) {
      runner.fail(error);
    }
    const started = runner;
    return () => {
      started.close();
      source.close?.();
    };
  });
}

function syncSource<T>(items: Iterable<T>): ItemSource<T> & { close(): void } {
  const iterator = items[Symbol.iterator]();
  const source = {
    done: false,
    pull(): { item: T } | undefined {
      if (source.done) return undefined;
      const next = iterator.next();
      if (next.done) source.done = true;
      return next.done ? undefined : { item: next.value };
    },
    close: () => void iterator.return?.(),
  };
  return source;
}

// Keeps at most one item fetched ahead; each fetch is started by a pull and pumps when it lands.
function asyncSource<T, R>(
  items: AsyncIterable<T>,
  runner: () => PooledRunner<T, R> | undefined,
): ItemSource<T> & { close(): void } {
  const iterator = items[Symbol.asyncIterator]();
  let ready: { item: T } | undefined;
  let fetching = false;
  const source = {
    done: false,
    pull(): { item: T } | undefined {
      if (ready) {
        const out = ready;
        ready = undefined;
        return out;
      }
      if (!fetching && !source.done) {
        fetching = true;
        iterator.next().then(
          (next) => {
            fetching = false;
            if (next.done) source.done = true;
            else ready = { item: next.value };
            runner()?.pump();
          },
          (error: unknown) => runner()?.fail(error),
        );
      }
      return undefined;
    },
    close: () => void iterator.return?.(),
  };
  return source;
}
