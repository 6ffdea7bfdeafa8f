import { InjectionToken } from '@angular/core';
import { AccessKeyCredential, Config, type CredentialProvider, type EcsClient } from 'alicloud-rx';
import type { CmsClient } from 'alicloud-rx/cms';
import { createFakeCloud, type FakeCloud } from 'alicloud-rx/testing';
import { stsCredentialsFrom } from './sts-credentials';

/** The app's ECS client: one pool for every component that injects it (CloudMonitor shares it). */
export const ECS = new InjectionToken<EcsClient>('EcsClient');
/** CloudMonitor, for the CPU chart: same pool as ECS. */
export const CMS = new InjectionToken<CmsClient>('CmsClient');
/** The in-browser fake cloud the app runs on by default; absent against a real account. */
export const FAKE_CLOUD = new InjectionToken<FakeCloud | undefined>('FakeCloud');

/** Calls in flight at most, for the whole dashboard. */
export const POOL_SIZE = 4;
export const HOME_REGION = 'cn-hangzhou';

/**
 * Where the dashboard's calls go, from the page's query string:
 * - default: the fake cloud in this page (`?secret=wrong` signs with a wrong secret, to see an error);
 * - `?cloud=real&sts=/api/alicloud/sts`: Alibaba Cloud, with STS credentials from your backend.
 */
export interface CloudSettings {
  real: boolean;
  stsUrl: string;
  secret: string;
  latencyMs: number;
}

export function settingsFrom(search: string): CloudSettings {
  const query = new URLSearchParams(search);
  return {
    real: query.get('cloud') === 'real',
    stsUrl: query.get('sts') ?? '/api/alicloud/sts',
    secret: query.get('secret') ?? 'testsecret',
    latencyMs: Number(query.get('latency') ?? 400),
  };
}

export function fakeCloudFor(settings: CloudSettings): FakeCloud | undefined {
  if (settings.real) return undefined;
  return createFakeCloud({
    seed: 7,
    regions: ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'],
    instancesPerRegion: 24,
    faults: { latencyMs: { min: settings.latencyMs / 2, max: settings.latencyMs } },
  });
}

export function configFor(cloud: FakeCloud | undefined): Config {
  const config = new Config().withEnableAsync(true).withPoolSize(POOL_SIZE).withMaxTaskQueueSize(500);
  return cloud ? config.withEndpoint('http://fake-cloud.local').withFetch(cloud.fetch) : config;
}

export function credentialFor(settings: CloudSettings): CredentialProvider {
  return settings.real
    ? stsCredentialsFrom(settings.stsUrl)
    : new AccessKeyCredential('testid', settings.secret);
}
