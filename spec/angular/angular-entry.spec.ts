// alicloud-rx/angular with Angular's own injectors (no TestBed, no zone): the provider owns and
// shuts down its client, a throwing factory surfaces through Angular's error with our message,
// injectPoolStats follows the pool and stops with its injector, and a call tied to a destroyed
// injection context leaves nothing in flight at the (in-memory) fake cloud.
import {
  createEnvironmentInjector,
  InjectionToken,
  runInInjectionContext,
  type EnvironmentInjector,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { firstValueFrom, filter, interval, take } from 'rxjs';
import { injectPoolStats, provideAlicloudClient } from '../../src/angular/index.js';
import { Config } from '../../src/config.js';
import { EcsClient } from '../../src/clients/ecs/ecs-client.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { ClientClosedError } from '../../src/errors/client-closed-error.js';
import { createFakeCloud, type FakeCloud } from '../../src/testing/fake-cloud.js';

const ECS = new InjectionToken<EcsClient>('EcsClient');

function rootInjector(providers: Parameters<typeof createEnvironmentInjector>[0]): EnvironmentInjector {
  // An environment injector with no parent: what bootstrapApplication makes, without a platform.
  return createEnvironmentInjector(providers, null as unknown as EnvironmentInjector, 'test');
}

function ecsOn(cloud: FakeCloud, poolSize = 2): EcsClient {
  return new EcsClient(
    'cn-hangzhou',
    new Config()
      .withEnableAsync(true)
      .withPoolSize(poolSize)
      .withEndpoint('http://fake.local')
      .withFetch(cloud.fetch),
    new AccessKeyCredential('testid', 'testsecret'),
  );
}

describe('provideAlicloudClient', () => {
  it('makes the client once, on first injection, shares it, and shuts it down with the injector', async () => {
    const cloud = createFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: 2 });
    let made = 0;
    const injector = rootInjector([
      provideAlicloudClient(ECS, () => {
        made++;
        return ecsOn(cloud);
      }),
    ]);
    expect(made).toBe(0);
    const ecs = injector.get(ECS);
    expect(injector.get(ECS)).toBe(ecs);
    expect(made).toBe(1);
    await expect(ecs.describeRegions({})).resolves.toMatchObject({ RequestId: expect.any(String) });
    injector.destroy();
    await expect(ecs.describeRegions({})).rejects.toBeInstanceOf(ClientClosedError);
  });

  it("surfaces a throwing factory through Angular's error, with the token and the factory's message", () => {
    const injector = rootInjector([
      provideAlicloudClient(ECS, () => {
        throw new Error('no credential configured');
      }),
    ]);
    expect(() => injector.get(ECS)).toThrow(
      /provideAlicloudClient\(InjectionToken EcsClient\): the factory threw: no credential configured/,
    );
    injector.destroy();
  });
});

describe('injectPoolStats', () => {
  it('starts with the current stats, follows the pool, and stops following when its injector is destroyed', async () => {
    const cloud = createFakeCloud({
      regions: ['cn-hangzhou'],
      instancesPerRegion: 2,
      faults: { latencyMs: 20 },
    });
    const ecs = ecsOn(cloud, 2);
    const injector = rootInjector([]);
    const stats = runInInjectionContext(injector, () => injectPoolStats(ecs, { auditTime: 5 }));
    expect(stats()).toMatchObject({ poolSize: 2, active: 0, queued: 0, completed: 0 });
    await Promise.all([1, 2, 3, 4].map(() => ecs.describeRegions({})));
    await firstValueFrom(
      interval(5).pipe(
        filter(() => stats().completed === 4),
        take(1),
      ),
    );
    expect(stats()).toMatchObject({ active: 0, queued: 0, completed: 4 });
    injector.destroy();
    await ecs.describeRegions({});
    await firstValueFrom(interval(20).pipe(take(2)));
    expect(stats().completed).toBe(4); // the pool saw 5; the signal stopped with its injector
    await ecs.shutdown();
  });

  it('refuses to run outside an injection context without an injector', () => {
    const ecs = ecsOn(createFakeCloud());
    expect(() => injectPoolStats(ecs)).toThrow(/injection context/);
    void ecs.shutdown();
  });
});

describe('a call tied to an injection context', () => {
  it('is aborted at the fake cloud when the context is destroyed mid-call (nothing left in flight)', async () => {
    const cloud = createFakeCloud({
      regions: ['cn-hangzhou'],
      instancesPerRegion: 2,
      faults: { latencyMs: 5_000 },
    });
    // The request as the fake cloud receives it, to wait on instead of polling.
    let answered!: Promise<unknown>;
    let sent!: () => void;
    const reached = new Promise<void>((resolve) => (sent = resolve));
    const ecs = new EcsClient(
      'cn-hangzhou',
      new Config()
        .withEnableAsync(true)
        .withEndpoint('http://fake.local')
        .withFetch((input, init) => {
          answered = cloud.fetch(input, init).catch((error: unknown) => error);
          sent();
          return answered as Promise<Response>;
        }),
      new AccessKeyCredential('testid', 'testsecret'),
    );
    const component = rootInjector([]);
    const regions = runInInjectionContext(component, () => toSignal(ecs.describeRegions$({})));
    await reached;
    expect(cloud.stats.inFlight).toBe(1);
    expect(regions()).toBeUndefined();
    component.destroy();
    await answered;
    expect(cloud.stats).toMatchObject({ inFlight: 0, aborted: 1 });
    await ecs.shutdown();
  });
});
