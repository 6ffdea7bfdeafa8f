// alicloud-rx/testing — browser-safe helpers for testing code that calls Alibaba Cloud.
// The full fake ECS endpoint (`createFakeCloud`) builds on these.

export { verifyRequest } from './verify-request.js';
export type { Accounts, Verification } from './verify-request.js';
