import type { ApplicationConfig } from '@angular/core';
import { Config } from 'alicloud-rx';
import { provideEcsClient, stsCredentialsFrom } from './ecs-client.provider.js';

// bootstrapApplication(AppComponent, appConfig);
export const appConfig: ApplicationConfig = {
  providers: [
    provideEcsClient({
      regionId: 'cn-hangzhou',
      config: new Config().withEnableAsync(true).withPoolSize(4).withMaxTaskQueueSize(200),
      credential: stsCredentialsFrom('/api/alicloud/sts'),
    }),
  ],
};
