import type { Config } from '../config.js';
import { ClientError, invalidParam } from '../errors/client-error.js';
import type { CredentialProvider } from './credential.js';

/**
 * One call to STS (2015-04-01) that a credential provider needs: `AssumeRole` signed with the
 * source credential, or the unsigned `AssumeRoleWithOIDC`.
 *
 * @example
 * import { Config } from 'alicloud-rx';
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
 * import { RamRoleArnCredentialProvider, rpcStsCall, type StsCall } from 'alicloud-rx/node';
 * const audited: StsCall = (request) => { log(request.action); return rpcStsCall(request); };
 * const provider = new RamRoleArnCredentialProvider({ source, roleArn, stsCall: audited });
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

/** `value` if it is absent or a function; else `SDK.InvalidParam` naming `stsCall`. */
export function checkStsCall(value: unknown): StsCall | undefined {
  if (value !== undefined && typeof value !== 'function')
    throw invalidParam('stsCall', value, 'a function (request: StsRequest) => Promise<unknown>');
  return value as StsCall | undefined;
}

/**
 * The given `stsCall`, else the installed one, looked up when STS is about to be called (so the
 * order in which modules were loaded does not matter); a `ClientError` if there is neither.
 */
export function stsCallOf(given: StsCall | undefined): StsCall {
  const call = given ?? installed;
  if (typeof call !== 'function') {
    throw new ClientError(
      'SDK.InvalidParam',
      'No way to call STS: import the provider from alicloud-rx/node, or pass stsCall (a function (StsRequest) => Promise).',
    );
  }
  return call;
}
