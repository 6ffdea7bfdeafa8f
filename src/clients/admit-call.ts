import { Observable, type Subscribable, type Subscriber } from 'rxjs';
import { CancelledError } from '../errors/cancelled-error.js';
import { ClientClosedError } from '../errors/client-closed-error.js';
import type { TaskPool } from '../pool/task-pool.js';

/**
 * Where a call meets its pool, on subscribe: refused at once (and counted) when the pool is shut
 * down (that wins over every other refusal), when `signal` is already aborted, or when `build`
 * throws (bad arguments: nothing is sent); else run through the pool. A `signal` that aborts
 * later cancels the call and ends it with `CancelledError`.
 *
 * @example
 * const call$ = admitCall$(pool, 'DescribeRegions', () => pipeline$, options.signal);
 */
export function admitCall$<T>(
  pool: TaskPool,
  action: string,
  build: () => Subscribable<T>,
  signal: AbortSignal | undefined,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const call$ = admission$(pool, action, build, signal);
    // Without a signal, the subscriber itself (one Subscriber less per queued call).
    return signal ? followSignal(call$, subscriber, action, signal) : call$.subscribe(subscriber);
  });
}

function admission$<T>(
  pool: TaskPool,
  action: string,
  build: () => Subscribable<T>,
  signal: AbortSignal | undefined,
): Observable<T> {
  if (pool.closed) return pool.refuse$<T>(new ClientClosedError());
  if (signal?.aborted) return pool.refuse$<T>(new CancelledError(action), 'cancelled');
  try {
    return pool.run$(build());
  } catch (error) {
    return pool.refuse$<T>(error as Error);
  }
}

/** Subscribes `call$` for `subscriber` until `signal` aborts, which ends it with `CancelledError`. */
function followSignal<T>(
  call$: Observable<T>,
  subscriber: Subscriber<T>,
  action: string,
  signal: AbortSignal,
): () => void {
  // An observer, not `subscriber` itself: RxJS would then make the subscriber the inner
  // subscription, and unsubscribing that on abort would swallow the CancelledError.
  const inner = call$.subscribe({
    next: (value) => subscriber.next(value),
    error: (error: unknown) => subscriber.error(error),
    complete: () => subscriber.complete(),
  });
  const onAbort = () => {
    inner.unsubscribe();
    subscriber.error(new CancelledError(action, { cause: signal.reason }));
  };
  if (!inner.closed) signal.addEventListener('abort', onAbort, { once: true });
  return () => {
    signal.removeEventListener('abort', onAbort);
    inner.unsubscribe();
  };
}
