import {
  DestroyRef,
  inject,
  makeEnvironmentProviders,
  type EnvironmentProviders,
  type InjectionToken,
} from '@angular/core';

/** What {@link provideAlicloudClient} can own: any alicloud-rx client (`RpcClient`, `EcsClient`, `CmsClient`, …). */
export interface ShutdownableClient {
  shutdown(): Promise<void>;
}

/**
 * An environment provider of one alicloud-rx client under `token`: made by `factory` when first
 * injected (in an injection context: it may `inject()`), owned by the injector, shut down when
 * that injector is destroyed (calls in flight finish, new ones fail with `ClientClosedError`).
 * Every component that injects `token` shares the client and so its pool. A factory that throws
 * surfaces through Angular's own error, with the token's name and the factory's message.
 *
 * @example
 * export const ECS = new InjectionToken<EcsClient>('EcsClient');
 * bootstrapApplication(App, {
 *   providers: [provideAlicloudClient(ECS, () => new EcsClient('cn-hangzhou', config, credential))],
 * });
 */
export function provideAlicloudClient<T extends ShutdownableClient>(
  token: InjectionToken<T>,
  factory: () => T,
): EnvironmentProviders {
  return makeEnvironmentProviders([
    {
      provide: token,
      useFactory: (): T => {
        let client: T;
        try {
          client = factory();
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new Error(`provideAlicloudClient(${token.toString()}): the factory threw: ${message}`, {
            cause: error,
          });
        }
        inject(DestroyRef).onDestroy(() => void client.shutdown());
        return client;
      },
    },
  ]);
}
