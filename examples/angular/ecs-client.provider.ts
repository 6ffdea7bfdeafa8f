import {
  DestroyRef,
  InjectionToken,
  inject,
  makeEnvironmentProviders,
  type EnvironmentProviders,
} from '@angular/core';
import {
  Config,
  EcsClient,
  RefreshingCredentialProvider,
  type Credential,
  type CredentialProvider,
} from 'alicloud-rx';

/** The app's ECS client: one pool for every component that injects it. */
export const ECS_CLIENT = new InjectionToken<EcsClient>('alicloud-rx EcsClient');

export interface EcsClientSettings {
  regionId: string;
  credential: CredentialProvider;
  config?: Config;
}

/** `providers: [provideEcsClient({ … })]` in `bootstrapApplication` or a route's `providers`. */
export function provideEcsClient(settings: EcsClientSettings): EnvironmentProviders {
  return makeEnvironmentProviders([
    {
      provide: ECS_CLIENT,
      useFactory: (): EcsClient => {
        const config = settings.config ?? new Config().withEnableAsync(true).withPoolSize(4);
        const ecs = new EcsClient(settings.regionId, config, settings.credential);
        // The injector owns the client: when it is destroyed, calls in the pool finish and new ones fail.
        inject(DestroyRef).onDestroy(() => void ecs.shutdown());
        return ecs;
      },
    },
  ]);
}

/** Never ship an AccessKey to a browser: get short-lived STS credentials from your backend. */
export function stsCredentialsFrom(url: string): CredentialProvider {
  return new RefreshingCredentialProvider({
    fetchCredential: async () => {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      // { accessKeyId, accessKeySecret, securityToken, expiration (epoch ms) }
      return (await response.json()) as Credential;
    },
  });
}
