import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import { Observable, type Subscriber, type Subscription } from 'rxjs';
import { TOKEN_NOW$, type Budget, type BudgetLease } from '../budget/budget.js';
import { checkLimits, localBudget, type BudgetRate } from '../budget/local-budget.js';
import { checkBoolean, checkInteger, checkNonEmptyString } from '../checks.js';
import { BudgetUnavailableError } from '../errors/budget-unavailable-error.js';
import { invalidParam } from '../errors/client-error.js';
import { LinkedQueue, type QueueNode } from '../pool/linked-queue.js';
import { ACQUIRE, ACQUIRE_WITH_TOKEN, RELEASE, RENEW, THROTTLED, TOKEN } from './budget-scripts.js';

/** What redisBudget needs of a node-redis 5 client (`createClient()` from `redis` or `@redis/client`). */
export interface RedisConnection {
  scriptLoad(script: string): Promise<string>;
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  duplicate(): RedisSubscriber;
}

/** The second connection redisBudget opens (`duplicate()`) to hear that a lease was freed. */
export interface RedisSubscriber {
  on(event: 'error', listener: (error: Error) => void): unknown;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<unknown>;
  destroy(): void;
}

/** Options of {@link redisBudget}. */
export interface RedisBudgetOptions {
  /** Redis to open (and, on `close()`, close), e.g. `redis://127.0.0.1:6379`. Give this or `redis`. */
  url?: string;
  /** Your own connected node-redis 5 client; the budget never closes it. */
  redis?: RedisConnection;
  /** The budget's name: every process that gives the same key shares one budget (e.g. an AccessKeyId and a product). */
  key: string;
  /** Calls in flight at most, across every process. @default no limit */
  concurrency?: number;
  /** Attempts at most per time, across every process (GCRA). @default no limit */
  rate?: BudgetRate;
  /** Cut the shared rate on throttling, grow it back (CUBIC); `rate.limit` is the ceiling. @default false */
  adaptive?: boolean;
  /** A lease not renewed for this long is free again (its process died); renewed every third of it while held. @default 15000 */
  leaseMs?: number;
  /** How long a call waits for Redis before failing with `BudgetUnavailableError`. @default 2000 */
  connectTimeout?: number;
  /**
   * When Redis cannot be consulted, fall back to the same limits in this process (a
   * `localBudget`) instead of failing the call; back to Redis as soon as it answers. @default false
   */
  failOpen?: boolean;
  /** Told once per outage, when the budget starts failing open (with the error that made it). */
  onFailOpen?: (error: BudgetUnavailableError) => void;
}

interface Waiter {
  subscriber: Subscriber<BudgetLease>;
  /** The local lease asked for instead, when failing open. */
  fallback?: Subscription;
  trying: boolean;
  node: QueueNode<Waiter> | undefined;
}

function unavailable(key: string, error: unknown): BudgetUnavailableError {
  if (error instanceof BudgetUnavailableError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new BudgetUnavailableError(`The budget "${key}" could not reach Redis: ${reason}.`, {
    cause: error,
  });
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (${what})`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A budget shared through Redis by every process that names the same `key`: at most
 * `concurrency` calls in flight and `rate` attempts per time for the account, not per process.
 * Atomic Lua scripts (loaded once, then `EVALSHA`), timed by Redis's clock; a waiting call is woken
 * by a message when a lease is freed (pub/sub), or when the oldest lease would expire, never by
 * polling. A process that dies (kill -9) holds its leases only until `leaseMs` passes without
 * the heartbeat. When Redis cannot be reached, a call fails with `BudgetUnavailableError` within
 * `connectTimeout`, nothing sent (or, with `failOpen`, goes on within the same limits in this
 * process, `onFailOpen` told once); the budget recovers by itself when Redis is back.
 *
 * Node only (`alicloud-rx/redis`); `@redis/client` 5 (node-redis) is an optional peer dependency.
 * Throws `ClientError` (`SDK.InvalidParam`) naming a bad option.
 *
 * @example
 * import { redisBudget } from 'alicloud-rx/redis';
 * const budget = redisBudget({ url: 'redis://127.0.0.1:6379', key: `${accessKeyId}:ecs`, concurrency: 12, rate: { limit: 100, perMs: 1000 }, adaptive: true });
 * const config = new Config().withEnableAsync(true).withPoolSize(20).withBudget(budget);
 * // … then, when done: await budget.close();
 */
export function redisBudget(options: RedisBudgetOptions): Budget {
  if (typeof options !== 'object' || options === null)
    throw invalidParam('options', options, "an object such as { url: 'redis://127.0.0.1:6379', key: 'ecs' }");
  const key = checkNonEmptyString('key', options.key, 'LTAI…:ecs');
  if ((options.url === undefined) === (options.redis === undefined))
    throw invalidParam('url', options.url, 'either url (a redis:// URL) or redis (your client), not both');
  const url =
    options.url === undefined ? undefined : checkNonEmptyString('url', options.url, 'redis://127.0.0.1:6379');
  const { concurrency, rate, adaptive } = checkLimits(options);
  const leaseMs = options.leaseMs === undefined ? 15_000 : checkInteger('leaseMs', options.leaseMs, 100);
  const connectTimeout =
    options.connectTimeout === undefined ? 2000 : checkInteger('connectTimeout', options.connectTimeout, 1);
  const failOpen = options.failOpen === undefined ? false : checkBoolean('failOpen', options.failOpen);
  if (options.onFailOpen !== undefined && typeof options.onFailOpen !== 'function')
    throw invalidParam('onFailOpen', options.onFailOpen, 'a function (error) => void');
  // Failing open: the same limits, in this process only, until Redis answers again.
  const fallback = failOpen
    ? localBudget({
        ...(concurrency === Infinity ? {} : { concurrency }),
        ...(rate ? { rate } : {}),
        adaptive,
      })
    : undefined;
  let failingOpen = false;
  const openedBy = (error: unknown): void => {
    if (failingOpen) return;
    failingOpen = true;
    options.onFailOpen?.(error as BudgetUnavailableError);
  };

  const own = url
    ? createClient({
        url,
        disableOfflineQueue: true, // a command while disconnected fails at once: no call hangs
        socket: {
          connectTimeout,
          reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
        },
      })
    : undefined;
  own?.on('error', () => undefined); // surfaced per call, as BudgetUnavailableError
  const redis = (own ?? options.redis) as RedisConnection;
  const tag = `alicloud-rx:{${key}}`;
  const leasesKey = `${tag}:leases`;
  const rateKey = `${tag}:rate`;
  const channel = `${tag}:free`;
  const scripts = [ACQUIRE, ACQUIRE_WITH_TOKEN, RELEASE, RENEW, TOKEN, THROTTLED];
  let shas: Promise<Map<string, string>> | undefined;
  // The loaded scripts once known: later commands skip the wait (no timer, no race per command).
  let loaded: Map<string, string> | undefined;
  let connecting: Promise<unknown> | undefined;
  let closed = false;

  // Connected (the first call opens the budget's own connection) and every script loaded, once:
  // loaded together, so that a script's first run never overtakes another's (a release sent
  // before an acquire reaches Redis first).
  const ready = async (): Promise<Map<string, string>> => {
    if (loaded && !connecting && (!own || own.isOpen)) return loaded;
    if (own && !own.isOpen) connecting ??= own.connect().finally(() => (connecting = undefined));
    if (connecting) await within(connecting, connectTimeout, 'connect');
    shas ??= Promise.all(scripts.map((script) => redis.scriptLoad(script))).then(
      (answers) => (loaded = new Map(scripts.map((script, i) => [script, answers[i]!]))),
      (error: unknown) => {
        shas = undefined;
        throw error;
      },
    );
    return within(shas, connectTimeout, 'SCRIPT LOAD');
  };

  // Runs a script, answered within connectTimeout; loads the scripts again after a Redis restart
  // forgot them. Any failure is a BudgetUnavailableError.
  const run = async (script: string, keys: string[], args: string[]): Promise<unknown> => {
    if (closed) throw new BudgetUnavailableError(`The budget "${key}" is closed.`);
    try {
      const sha = (await ready()).get(script)!;
      try {
        const answer = await within(redis.evalSha(sha, { keys, arguments: args }), connectTimeout, 'EVALSHA');
        failingOpen = false; // Redis answers: back to the shared budget
        return answer;
      } catch (error) {
        if (!String(error).includes('NOSCRIPT')) throw error;
        shas = undefined;
        loaded = undefined;
        return await within(
          redis.evalSha((await ready()).get(script)!, { keys, arguments: args }),
          connectTimeout,
          'EVALSHA',
        );
      }
    } catch (error) {
      throw unavailable(key, error);
    }
  };

  // Leases held by this process, renewed together every third of leaseMs.
  const held = new Set<string>();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const beat = () => {
    if (held.size === 0) {
      clearInterval(heartbeat);
      heartbeat = undefined;
      return;
    }
    void run(RENEW, [leasesKey], [String(leaseMs), ...held]).catch(() => undefined);
  };

  // Waiters of this process, woken by a freed lease (pub/sub) or by the oldest lease's expiry.
  const waiters = new LinkedQueue<Waiter>();
  let subscriber: RedisSubscriber | undefined;
  let wakeTimer: ReturnType<typeof setTimeout> | undefined;
  const listen = () => {
    if (subscriber || closed) return;
    subscriber = redis.duplicate();
    subscriber.on('error', () => undefined);
    const current = subscriber;
    subscriber
      .connect()
      .then(() => current.subscribe(channel, () => pump()))
      // A lease freed between a waiter's failed try and the subscription was not heard: try again.
      .then(() => pump())
      .catch(() => {
        if (subscriber === current) subscriber = undefined; // opened again by the next waiter
        current.destroy();
      });
  };
  const wakeIn = (ms: number) => {
    if (wakeTimer !== undefined) clearTimeout(wakeTimer);
    wakeTimer = setTimeout(() => {
      wakeTimer = undefined;
      pump();
    }, ms);
  };

  const grant = (waiter: Waiter, id: string) => {
    held.add(id);
    heartbeat ??= setInterval(beat, Math.max(50, Math.floor(leaseMs / 3)));
    heartbeat.unref?.();
    let holding = true;
    waiter.subscriber.next({
      release: () => {
        if (!holding) return;
        holding = false;
        held.delete(id);
        void run(RELEASE, [leasesKey], [id, channel]).catch(() => undefined);
      },
    });
    waiter.subscriber.complete();
  };

  // Tokens reserved with a lease (ACQUIRE_WITH_TOKEN), by when they are due (performance.now()):
  // the next token$ of this process takes one instead of a round trip. Tokens are fungible within
  // a process; one not taken within a second (its call was cancelled) is dropped.
  const stash: number[] = [];
  const ceiling = rate ? (rate.limit * 1000) / rate.perMs : 0;
  const rateArgs = rate ? [String(ceiling), String(rate.burst), adaptive ? '1' : '0'] : [];
  // The same for every lease: made once.
  const leaseArgs = [String(concurrency), String(leaseMs)];

  const tryAcquire = (waiter: Waiter) => {
    waiter.trying = true;
    const id = randomUUID();
    const acquired = rate
      ? run(ACQUIRE_WITH_TOKEN, [leasesKey, rateKey], [...leaseArgs, id, ...rateArgs])
      : run(ACQUIRE, [leasesKey], [...leaseArgs, id]);
    acquired.then(
      (answer) => {
        waiter.trying = false;
        const [granted, retryIn, wait] = answer as [number, number, string | undefined];
        if (granted === 1 && rate) stash.push(performance.now() + Number(wait));
        if (granted === 1) {
          if (waiter.node) waiters.remove(waiter.node);
          waiter.node = undefined;
          if (waiter.subscriber.closed) void run(RELEASE, [leasesKey], [id, channel]).catch(() => undefined);
          else grant(waiter, id);
          return;
        }
        if (!waiter.node) return; // gave up meanwhile
        listen();
        wakeIn(Math.min(retryIn, leaseMs));
      },
      (error: unknown) => {
        waiter.trying = false;
        if (!waiter.node) return; // gave up meanwhile
        waiters.remove(waiter.node);
        waiter.node = undefined;
        if (!fallback) return waiter.subscriber.error(error);
        openedBy(error);
        waiter.fallback = fallback.lease$().subscribe(waiter.subscriber);
      },
    );
  };

  // Tries, for every waiter not already trying: a freed lease goes to whoever asks first.
  function pump(): void {
    for (const waiter of waiters) if (!waiter.trying) tryAcquire(waiter);
  }

  const free: BudgetLease = { release: () => undefined };

  return {
    lease$: () =>
      new Observable<BudgetLease>((subscriber) => {
        if (concurrency === Infinity) {
          subscriber.next(free);
          subscriber.complete();
          return;
        }
        const waiter: Waiter = { subscriber, trying: false, node: undefined };
        waiter.node = waiters.push(waiter);
        tryAcquire(waiter);
        return () => {
          if (waiter.node) waiters.remove(waiter.node);
          waiter.node = undefined;
          waiter.fallback?.unsubscribe();
        };
      }),
    token$: !rate
      ? () => TOKEN_NOW$
      : () =>
          new Observable<void>((subscriber) => {
            let timer: ReturnType<typeof setTimeout> | undefined;
            const go = () => {
              subscriber.next();
              subscriber.complete();
            };
            const after = (wait: number) => {
              if (wait > 0) timer = setTimeout(go, wait);
              else go();
            };
            const now = performance.now();
            while (stash.length > 0 && stash[0]! < now - 1000) stash.shift();
            const due = stash.shift();
            if (due !== undefined) {
              after(due - now);
              return () => clearTimeout(timer);
            }
            let local: Subscription | undefined;
            run(TOKEN, [rateKey], rateArgs).then(
              (answer) => {
                if (!subscriber.closed) after(Number(answer));
              },
              (error: unknown) => {
                if (subscriber.closed) return;
                if (!fallback) return subscriber.error(error);
                openedBy(error);
                local = fallback.token$().subscribe(subscriber);
              },
            );
            return () => {
              clearTimeout(timer);
              local?.unsubscribe();
            };
          }),
    report: (outcome) => {
      fallback?.report(outcome);
      if (outcome !== 'throttled' || !adaptive) return;
      void run(THROTTLED, [rateKey], rateArgs).catch(() => undefined);
    },
    close: async () => {
      closed = true;
      clearInterval(heartbeat);
      if (wakeTimer !== undefined) clearTimeout(wakeTimer);
      subscriber?.destroy();
      subscriber = undefined;
      if (own?.isOpen) await own.close().catch(() => own.destroy());
    },
  };
}
