// alicloud-rx/node — Node-only additions (environment, files, metadata service, STS, credentials URI).

import { rpcStsCall } from './clients/rpc-sts-call.js';
import { installStsCall } from './credentials/sts-call.js';

// The STS-based providers (RAM role ARN, OIDC, and the profiles and chain that build them) call
// STS through the SDK's own pipeline unless their options say otherwise. Installed here, at the
// entry that exports them, so credentials/ never imports clients/ (package.json lists this file
// under sideEffects, so bundlers keep this line).
installStsCall(rpcStsCall);
export { rpcStsCall };
export type { StsCall, StsRequest } from './credentials/sts-call.js';

export { useNodeCrypto, nodeCryptoBackend } from './signing/node-crypto-backend.js';
export { nodeHttpTransport } from './http/node-http-transport.js';
export type { NodeHttpTransportOptions } from './http/node-http-transport.js';
export { EnvironmentCredentialProvider } from './credentials/environment-credential-provider.js';
export { ProfileCredentialProvider } from './credentials/profile-credential-provider.js';
export type { ProfileCredentialProviderOptions } from './credentials/profile-credential-provider.js';
export { CliConfigCredentialProvider } from './credentials/cli-config-credential-provider.js';
export type { CliConfigCredentialProviderOptions } from './credentials/cli-config-credential-provider.js';
export { EcsRamRoleCredentialProvider } from './credentials/ecs-ram-role-credential-provider.js';
export type { EcsRamRoleCredentialProviderOptions } from './credentials/ecs-ram-role-credential-provider.js';
export { RamRoleArnCredentialProvider } from './credentials/ram-role-arn-credential-provider.js';
export type { RamRoleArnCredentialProviderOptions } from './credentials/ram-role-arn-credential-provider.js';
export { OidcRoleArnCredentialProvider } from './credentials/oidc-role-arn-credential-provider.js';
export type { OidcRoleArnCredentialProviderOptions } from './credentials/oidc-role-arn-credential-provider.js';
export { UriCredentialProvider } from './credentials/uri-credential-provider.js';
export type { UriCredentialProviderOptions } from './credentials/uri-credential-provider.js';
export {
  DefaultCredentialProvider,
  defaultCredentialProvider,
} from './credentials/default-credential-provider.js';
export type { Env, NodeCredentialOptions } from './credentials/node-credential-options.js';
// Browser-safe, also exported by 'alicloud-rx'; here so Node code can import every provider from one place.
export { RefreshingCredentialProvider } from './credentials/refreshing-credential-provider.js';
export type { RefreshingCredentialProviderOptions } from './credentials/refreshing-credential-provider.js';
