// alicloud-rx/testing — browser-safe helpers for testing code that calls Alibaba Cloud.

export { createFakeCloud } from './fake-cloud.js';
export type { FakeCloud, FakeCloudOptions } from './fake-cloud.js';
export type { FakeCloudStats } from './fake-cloud-stats.js';
export type { FakeCloudFaults, FaultOptions, Latency } from './fault-options.js';
export { DEFAULT_ACCOUNTS, DEFAULT_SECURITY_TOKEN } from './fake-account.js';
export type { FakeAccount } from './fake-account.js';
export { ConnectionResetError } from './connection-reset-error.js';
export { verifyRequest } from './verify-request.js';
export type { Accounts, Verification } from './verify-request.js';
