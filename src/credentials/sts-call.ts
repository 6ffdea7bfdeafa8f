import type { Config } from '../config.js';
import { ClientError } from '../errors/client-error.js';
import type { CredentialProvider } from './credential.js';

/**
 * One call to STS (2015-04-01) that a credential provider needs: `AssumeRole` signed with the
 * source credential, or the unsigned `AssumeRoleWithOIDC`.
 *
 * @example
 * import type { StsRequest } from 'alicloud-rx/node';
 * const request: StsRequest = { action: 'AssumeRole', params: { RoleArn, RoleSessionName: 'ci' }, endpoint: 'https://sts.aliyuncs.com', regionId: 'cn-hangzhou', signer: source, secrets: [], config: new Config() };
 */
export interface StsRequest {
  readonly action: 'AssumeRole' | 'AssumeRoleWithOIDC';
  readonly params: Readonly<Record<string, string>>;
  /** The STS base URL, e.g. `https://sts.cn-hangzhou.aliyuncs.com`. */
  readonly endpoint: string;
  readonly regionId: string;
  /** The credential that signs the call; absent for an unsigned (anonymous) call. */
  readonly signer?: CredentialProvider;
  /** Parameter values that must never show in an error, even when STS echoes them (the OIDC token). */
  readonly secrets: readonly string[];
  /** Timeouts, retries, transport and user agent of the call (its endpoint is `endpoint`). */
  readonly config: Config;
}

/**
 * How the STS-based providers reach STS: resolves to the parsed answer, or rejects with the
 * SDK's typed errors. `alicloud-rx/node` installs one built on `RpcClient` (the same pipeline as
 * every other call); pass `stsCall` in a provider's options to route STS elsewhere.
 *
 * @example
 * import { RamRoleArnCredentialProvider, type StsCall } from 'alicloud-rx/node';
 * const audited: StsCall = (request) => { log(request.action); return defaultStsCall(request); };
 */
export type StsCall = (request: StsRequest) => Promise<unknown>;

let installed: StsCall | undefined;

/**
 * Installs the STS call providers use when their options give none. The entry point that
 * exports the providers (`alicloud-rx/node`) installs the SDK's own, so `credentials/` never
 * imports `clients/`: the layers stay one way.
 */
export function installStsCall(call: StsCall): void {
  installed = call;
}

/** The options' `stsCall`, else the installed one; a `ClientError` if there is neither. */
export function stsCallOf(options: { stsCall?: StsCall }): StsCall {
  const call = options.stsCall ?? installed;
  if (typeof call !== 'function') {
    throw new ClientError(
      'SDK.InvalidParam',
      'No way to call STS: import the provider from alicloud-rx/node, or pass stsCall (a function (StsRequest) => Promise).',
    );
  }
  return call;
}
