import {
  inject,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
  type ApplicationConfig,
} from '@angular/core';
import { EcsClient } from 'alicloud-rx';
import { provideAlicloudClient } from 'alicloud-rx/angular';
import { CmsClient } from 'alicloud-rx/cms';
import {
  CMS,
  configFor,
  credentialFor,
  ECS,
  FAKE_CLOUD,
  fakeCloudFor,
  HOME_REGION,
  settingsFrom,
} from './cloud';

const settings = settingsFrom(location.search);

export const appConfig: ApplicationConfig = {
  providers: [
    provideZonelessChangeDetection(),
    provideBrowserGlobalErrorListeners(),
    { provide: FAKE_CLOUD, useFactory: () => fakeCloudFor(settings) },
    // The injector owns the clients: destroyed with the app, they shut down their pool.
    provideAlicloudClient(
      ECS,
      () => new EcsClient(HOME_REGION, configFor(inject(FAKE_CLOUD)), credentialFor(settings)),
    ),
    provideAlicloudClient(CMS, () => {
      const ecs = inject(ECS);
      return new CmsClient(HOME_REGION, undefined, credentialFor(settings), { sharePoolWith: ecs });
    }),
  ],
};
