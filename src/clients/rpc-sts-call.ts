import { AnonymousCredential } from '../credentials/anonymous-credential.js';
import type { StsCall } from '../credentials/sts-call.js';
import { RpcClient } from './rpc-client.js';

/**
 * The SDK's own {@link StsCall}: an `RpcClient` for STS 2015-04-01 at the request's endpoint, with
 * the request's config, so STS calls are signed, sent, bounded, retried and redacted exactly as
 * every other call. `AssumeRole` is signed by `signer`; without one the call goes unsigned
 * (`AnonymousCredential`). Both are declared idempotent: a repeated call only issues another
 * temporary credential. `alicloud-rx/node` installs it for the STS-based providers.
 *
 * @example
 * import { RamRoleArnCredentialProvider, rpcStsCall, type StsCall } from 'alicloud-rx/node';
 * const logged: StsCall = (request) => (console.log(request.action), rpcStsCall(request));
 * const provider = new RamRoleArnCredentialProvider({ source, roleArn, stsCall: logged });
 */
export const rpcStsCall: StsCall = (request) => {
  const client = new RpcClient({
    product: 'sts',
    version: '2015-04-01',
    regionId: request.regionId,
    config: request.config.withEndpoint(request.endpoint),
    credential: request.signer ?? new AnonymousCredential(),
  });
  return client.request<unknown>(
    request.action,
    { ...request.params },
    {
      idempotent: true,
      secrets: request.secrets,
    },
  );
};
