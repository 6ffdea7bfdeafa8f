// alicloud-rx/angular: the two things Angular does not already give an alicloud-rx app. Angular's
// own rxResource and toSignal take a client's cold Observables as they are (an rxResource keyed on
// a signal unsubscribes the stale call, which aborts its request).
export { provideAlicloudClient } from './provide-alicloud-client.js';
export type { ShutdownableClient } from './provide-alicloud-client.js';
export { injectPoolStats } from './inject-pool-stats.js';
export type { PoolStatsSignalOptions } from './inject-pool-stats.js';
