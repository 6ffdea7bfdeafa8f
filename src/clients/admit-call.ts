import { Observable, type Observer, type Subscribable, type Subscriber, type Unsubscribable } from 'rxjs';
import type { Budget, BudgetLease } from '../budget/budget.js';
import { CancelledError } from '../errors/cancelled-error.js';
import { ClientClosedError } from '../errors/client-closed-error.js';
import type { TaskPool } from '../pool/task-pool.js';
import { CallTrace, type CallSite } from '../events/call-trace.js';

/**
 * Where a call meets its pool, on subscribe: refused at once (and counted) when the pool is shut
 * down (that wins over every other refusal), when `signal` is already aborted, or when `build`
 * throws (bad arguments: nothing is sent); else run through the pool. A `signal` that aborts
 * later cancels the call and ends it with `CancelledError`. While `tracing`'s hub has a listener,
 * the call is traced: `build` gets its {@link CallTrace}, and the call tells its hub when it is
 * queued, started and ended.
 *
 * @example
 * const call$ = admitCall$(pool, 'DescribeRegions', () => pipeline$, options.signal);
 */
export function admitCall$<T>(
  pool: TaskPool,
  action: string,
  build: (trace: CallTrace | undefined) => Subscribable<T>,
  signal: AbortSignal | undefined,
  budget?: Budget,
  tracing?: CallSite,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    if (tracing?.hub.listening) return traced(pool, action, build, signal, budget, tracing, subscriber);
    const call$ = admission$(pool, action, build, signal, budget, undefined);
    // Without a signal, the subscriber itself (one Subscriber less per queued call).
    return signal ? followSignal(call$, subscriber, action, signal) : call$.subscribe(subscriber);
  });
}

function admission$<T>(
  pool: TaskPool,
  action: string,
  build: (trace: CallTrace | undefined) => Subscribable<T>,
  signal: AbortSignal | undefined,
  budget: Budget | undefined,
  trace: CallTrace | undefined,
): Observable<T> {
  if (pool.closed) return pool.refuse$<T>(new ClientClosedError());
  if (signal?.aborted) return pool.refuse$<T>(new CancelledError(action), 'cancelled');
  try {
    const built = build(trace);
    const task = trace ? startedFirst(built, trace) : built;
    return pool.run$(budget ? leased(pool, budget, task) : task);
  } catch (error) {
    return pool.refuse$<T>(error as Error);
  }
}

/** One call, traced from its subscription to its end (see {@link CallTrace}). */
function traced<T>(
  pool: TaskPool,
  action: string,
  build: (trace: CallTrace | undefined) => Subscribable<T>,
  signal: AbortSignal | undefined,
  budget: Budget | undefined,
  tracing: CallSite,
  subscriber: Subscriber<T>,
): () => void {
  const trace = new CallTrace(tracing, action);
  trace.queued();
  const call$ = admission$(pool, action, build, signal, budget, trace);
  let ended = false;
  const observer: Observer<T> = {
    next: (value) => {
      ended = true;
      trace.succeeded();
      subscriber.next(value);
    },
    error: (error: unknown) => {
      ended = true;
      trace.failed(error);
      subscriber.error(error);
    },
    complete: () => {
      ended = true;
      trace.succeeded();
      subscriber.complete();
    },
  };
  if (!signal) {
    const inner = call$.subscribe(observer);
    return () => {
      if (!ended) trace.cancelled();
      inner.unsubscribe();
    };
  }
  const teardown = followSignal(call$, observer, action, signal);
  return () => {
    if (!ended) trace.cancelled();
    teardown();
  };
}

/** `task`, telling `trace` it started when the pool subscribes it (it got its slot and lease). */
function startedFirst<T>(task: Subscribable<T>, trace: CallTrace): Subscribable<T> {
  return {
    subscribe: (observer) => {
      trace.started();
      return task.subscribe(observer);
    },
  };
}

/**
 * `task` once `budget` grants a lease: meanwhile the call holds its pool slot but counts as
 * queued (`waitingForBudget`); the lease is released when the call ends, however it ends, and a
 * call unsubscribed while waiting leaves the budget's line holding nothing.
 */
function leased<T>(pool: TaskPool, budget: Budget, task: Subscribable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let lease: BudgetLease | undefined;
    let inner: Unsubscribable | undefined;
    let settled = false;
    let stopWaiting: (() => void) | undefined;
    const waited = () => {
      settled = true;
      const stop = stopWaiting;
      stopWaiting = undefined;
      stop?.();
    };
    const waiting = budget.lease$().subscribe({
      next: (granted) => (lease = granted),
      error: (error: unknown) => {
        waited();
        subscriber.error(error);
      },
      complete: () => {
        waited();
        if (lease && !subscriber.closed) inner = task.subscribe(subscriber);
      },
    });
    // Not granted at once: wait, counted queued; shut down with cancelQueued meanwhile, end unsent.
    if (!settled && !subscriber.closed) {
      stopWaiting = pool.waitForBudget((error) => {
        stopWaiting = undefined;
        waiting.unsubscribe();
        subscriber.error(error);
      });
    }
    return () => {
      waited();
      waiting.unsubscribe();
      inner?.unsubscribe();
      lease?.release();
    };
  });
}

/** Subscribes `call$` for `subscriber` until `signal` aborts, which ends it with `CancelledError`. */
function followSignal<T>(
  call$: Observable<T>,
  subscriber: Observer<T>,
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
