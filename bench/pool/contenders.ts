import pLimit from 'p-limit';
import PQueue from 'p-queue';
import { Observable, Subscription, mergeMap, range } from 'rxjs';
import type { TaskPool } from '../../src/pool/task-pool.js';

export const CONCURRENCY = 10;

/** Our pool's class: from src (through tsx) or from the tsc build (`--dist`). */
export type PoolClass = typeof TaskPool;

/**
 * The same trivial async task for everyone: it ends one microtask after it starts, with one value.
 * Promise-based contenders get it as a promise factory, Rx-based ones as a cold Observable.
 */
const promiseTask = (): Promise<void> => new Promise((resolve) => queueMicrotask(resolve));
export const observableTask = new Observable<void>((subscriber) =>
  queueMicrotask(() => {
    subscriber.next();
    subscriber.complete();
  }),
);

/** Runs `n` tasks, all submitted synchronously at once; resolves false if `deadline` passed first. */
export interface Contender {
  readonly name: string;
  run(n: number, deadline: number): Promise<boolean>;
}

/** A resolver that fires after `n` calls. */
function countdown(n: number, resolve: (finished: boolean) => void): () => void {
  let left = n;
  return () => {
    if (--left === 0) resolve(true);
  };
}

// Each contender keeps one long-lived limiter, as an app would: a limiter made per run dies at the
// forced GC between runs, and V8 then throws away optimized code that referenced it.
const ours = (Pool: PoolClass): Contender => {
  const pool = new Pool({ poolSize: CONCURRENCY, maxTaskQueueSize: 0 });
  return {
    name: 'TaskPool (ours)',
    run: (n) =>
      new Promise((resolve, reject) => {
        pool.setLimits({ poolSize: CONCURRENCY, maxTaskQueueSize: n });
        const observer = { complete: countdown(n, resolve), error: reject };
        for (let i = 0; i < n; i++) pool.run$(observableTask).subscribe(observer);
      }),
  };
};

const pLimitContender = (): Contender => {
  const limit = pLimit(CONCURRENCY);
  return {
    name: 'p-limit',
    run: (n) =>
      new Promise((resolve, reject) => {
        const done = countdown(n, resolve);
        for (let i = 0; i < n; i++) limit(promiseTask).then(done, reject);
      }),
  };
};

const pQueueContender = (): Contender => {
  const queue = new PQueue({ concurrency: CONCURRENCY });
  return {
    name: 'p-queue',
    run: (n) =>
      new Promise((resolve, reject) => {
        const done = countdown(n, resolve);
        for (let i = 0; i < n; i++) queue.add(promiseTask).then(done, reject);
      }),
  };
};

// `range` pushes all n synchronously, so mergeMap's own array buffer holds n - 10 of them.
// Its cost can grow quadratically (`buffer.shift()`), hence the deadline, checked every 4096 values.
const mergeMapContender: Contender = {
  name: 'rxjs mergeMap',
  run: (n, deadline) =>
    new Promise((resolve, reject) => {
      const subscription = new Subscription();
      let seen = 0;
      const next = (): void => {
        if ((++seen & 4095) === 0 && performance.now() > deadline) {
          subscription.unsubscribe();
          resolve(false);
        }
      };
      subscription.add(
        range(0, n)
          .pipe(mergeMap(() => observableTask, CONCURRENCY))
          .subscribe({ next, complete: () => resolve(true), error: reject }),
      );
    }),
};

export const contendersWith = (Pool: PoolClass): readonly Contender[] => [
  ours(Pool),
  pLimitContender(),
  pQueueContender(),
  mergeMapContender,
];
