/**
 * Shared set-up for the EcsClient specs: a fake cloud on real loopback (startFakeCloud) with an
 * injected clock, EcsClients built against it (shut down after each test), and a helper that runs
 * one action in any of the four call forms through the client's own bound methods.
 */
import { lastValueFrom, type Observable } from 'rxjs';
import { Config, type FetchLike } from '../../../src/config.js';
import { EcsClient } from '../../../src/clients/ecs/ecs-client.js';
import type { EcsActions } from '../../../src/clients/ecs/ecs-actions.js';
import type { EcsRefinedActions } from '../../../src/clients/ecs/ecs-refined.js';
import type { CallCallback } from '../../../src/clients/call-forms.js';
import { AccessKeyCredential } from '../../../src/credentials/access-key-credential.js';
import { createFakeCloud, type FakeCloud, type FakeCloudOptions } from '../../../src/testing/fake-cloud.js';
import { startFakeCloud, type RunningFakeCloud } from '../../../src/testing/server.js';

export const FORMS = ['$', 'promise', 'withChan', 'withCallback'] as const;
export type Form = (typeof FORMS)[number];
/** The ECS actions the fake cloud serves (those typed by hand in ecs-refined.ts). */
export type Action = keyof EcsRefinedActions & string;
export type Req<K extends Action> = EcsActions[K]['request'];
export type Res<K extends Action> = EcsActions[K]['response'];

/** A clock the fake cloud reads; tests move it forward to end transitions. */
export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export function manualClock(start = Date.now()): Clock {
  let at = start;
  return { now: () => at, advance: (ms) => void (at += ms) };
}

export interface EcsWire {
  readonly server: RunningFakeCloud;
  readonly clock: Clock;
  client(config?: (c: Config) => Config, regionId?: string): EcsClient;
}

/** Starts a fake cloud on loopback before each test; shuts clients down and closes it after. */
export function useEcsWire(options: FakeCloudOptions = {}): EcsWire {
  let current: RunningFakeCloud | undefined;
  let clock = manualClock();
  const clients: EcsClient[] = [];
  beforeEach(async () => {
    clock = manualClock();
    current = await startFakeCloud({ now: clock.now, ...options });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.shutdown()));
    await current?.close();
    current = undefined;
  });
  const server = (): RunningFakeCloud => {
    if (!current) throw new Error('the fake cloud is only available inside a test');
    return current;
  };
  return {
    get server() {
      return server();
    },
    get clock() {
      return clock;
    },
    client(config = (c) => c, regionId = 'cn-hangzhou') {
      const base = new Config().withEndpoint(server().url).withRetryBackoff(1, 5);
      const client = new EcsClient(regionId, config(base), new AccessKeyCredential('testid', 'testsecret'));
      clients.push(client);
      return client;
    },
  };
}

type Loose = (...args: unknown[]) => unknown;

/** The client's own (bound) method, called detached to prove it needs no `this`. */
function method(ecs: EcsClient, name: string): Loose {
  const fn = (ecs as unknown as Record<string, unknown>)[name];
  if (typeof fn !== 'function') throw new Error(`EcsClient has no method ${name}`);
  return fn as Loose;
}

/** `DescribeInstances` → `describeInstances`. */
export function methodName(action: string): string {
  return action.charAt(0).toLowerCase() + action.slice(1);
}

/** Runs one action in one call form and returns its response; fails on any error. */
export async function callIn<K extends Action>(
  ecs: EcsClient,
  form: Form,
  action: K,
  request: Req<K>,
): Promise<Res<K>> {
  const name = methodName(action);
  switch (form) {
    case '$':
      return lastValueFrom(method(ecs, `${name}$`)(request) as Observable<Res<K>>);
    case 'promise':
      return (await method(ecs, name)(request)) as Res<K>;
    case 'withChan': {
      const [response, error] = method(ecs, `${name}WithChan`)(request) as [
        Promise<Res<K> | undefined>,
        Promise<Error | undefined>,
      ];
      const failure = await error;
      if (failure) throw failure;
      return (await response) as Res<K>;
    }
    case 'withCallback': {
      let settled: { response: Res<K> | undefined; error: Error | undefined } | undefined;
      const callback: CallCallback<Res<K>> = (response, error) => (settled = { response, error });
      const blocker = await (method(ecs, `${name}WithCallback`)(request, callback) as Promise<0 | 1>);
      if (!settled) throw new Error('the callback was not called before the blocker resolved');
      if (settled.error) throw settled.error;
      if (blocker !== 1) throw new Error(`blocker ${blocker} after a successful callback`);
      return settled.response as Res<K>;
    }
  }
}

/** One request as it left the client: action and decoded query pairs, in order. */
export interface Sent {
  action: string;
  pairs: [string, string][];
}

/**
 * Gives a `setUp(answer?, asyncOn?)` that builds a client on an in-process fake cloud, through a
 * fetch wrapper that records every request (and may answer it instead: `answer` returning a
 * Response); the clients are shut down after each test.
 */
export function useRecordingCloud() {
  const clients: EcsClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.shutdown()));
  });
  return (answer?: (request: Request, index: number) => Response | undefined, asyncOn = true) => {
    const cloud: FakeCloud = createFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: 20 });
    const sent: Sent[] = [];
    const fetch: FetchLike = async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      sent.push({
        action: request.headers.get('x-acs-action') ?? '',
        pairs: [...new URL(request.url).searchParams],
      });
      return answer?.(request, sent.length - 1) ?? cloud.fetch(request);
    };
    const config = new Config()
      .withEndpoint('http://ecs.fake.local')
      .withFetch(fetch)
      .withEnableAsync(asyncOn)
      .withRetryBackoff(1, 2);
    const ecs = new EcsClient('cn-hangzhou', config, new AccessKeyCredential('testid', 'testsecret'));
    clients.push(ecs);
    return { cloud, sent, ecs };
  };
}
