import { Config } from '../config.js';
import { checkInteger, optionalText } from '../checks.js';
import { resolveEndpoint } from '../endpoint.js';
import { ClientError, invalidParam } from '../errors/client-error.js';
import type { Credential, CredentialProvider } from './credential.js';
import { envOf, type NodeCredentialOptions } from './node-credential-options.js';
import { RefreshingCredentialProvider } from './refreshing-credential-provider.js';
import { stsCredentials } from './sts-credentials.js';
import { checkStsCall, stsCallOf, type StsCall } from './sts-call.js';
import { stsEndpointOf } from './sts-endpoint.js';

/**
 * What a {@link RamRoleArnCredentialProvider} is built from.
 *
 * @example
 * import type { RamRoleArnCredentialProviderOptions } from 'alicloud-rx/node';
 * const options: RamRoleArnCredentialProviderOptions = { source, roleArn: 'acs:ram::123456789012:role/deployer', durationSeconds: 900 };
 */
export interface RamRoleArnCredentialProviderOptions extends NodeCredentialOptions {
  /** The credential that signs `AssumeRole` (an AccessKey, or any provider). */
  source: CredentialProvider;
  /** The role to assume, `acs:ram::<account>:role/<name>`. @default `ALIBABA_CLOUD_ROLE_ARN` */
  roleArn?: string;
  /** @default `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `alicloud-rx-<epoch ms>` */
  roleSessionName?: string;
  /** Lifetime of each STS credential, at least 900. @default 3600 */
  durationSeconds?: number;
  /** A policy narrowing the role's permissions (JSON text). */
  policy?: string;
  /** The role's external id, when its trust policy asks for one. */
  externalId?: string;
  /** STS region, giving `sts.<region>.aliyuncs.com`. @default `ALIBABA_CLOUD_STS_REGION` */
  stsRegionId?: string;
  /** With `stsRegionId`, use `sts-vpc.<region>.aliyuncs.com`. @default `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true` */
  enableVpc?: boolean;
}

/**
 * Temporary credentials of a RAM role, from STS `AssumeRole` (version 2015-04-01) signed with the
 * `source` credential and sent as every other call (`stsCall`, by default the SDK's pipeline). Refreshed ahead of expiry, one refresh at a time.
 * Node only.
 *
 * @example
 * import { AccessKeyCredential } from 'alicloud-rx';
 * import { RamRoleArnCredentialProvider } from 'alicloud-rx/node';
 * const provider = new RamRoleArnCredentialProvider({
 *   source: new AccessKeyCredential(id, secret),
 *   roleArn: 'acs:ram::123456789012:role/deployer',
 *   roleSessionName: 'ci',
 * });
 */
export class RamRoleArnCredentialProvider implements CredentialProvider {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
  /** The STS base URL `AssumeRole` goes to. */
  readonly stsEndpoint: string;
  readonly #params: Record<string, string>;
  readonly #source: CredentialProvider;
  readonly #regionId: string;
  readonly #config: Config;
  readonly #stsCall: StsCall | undefined;
  readonly #refreshing: RefreshingCredentialProvider;

  constructor(options: RamRoleArnCredentialProviderOptions) {
    if (typeof options?.source?.getCredential !== 'function')
      throw invalidParam('source', options?.source, 'a credential provider to sign AssumeRole with');
    const env = envOf(options);
    const roleArn = optionalText(options.roleArn) ?? optionalText(env.ALIBABA_CLOUD_ROLE_ARN);
    if (!roleArn)
      throw new ClientError('SDK.MissingParam', 'roleArn is missing: pass it or set ALIBABA_CLOUD_ROLE_ARN.');
    // @alicloud/credentials: "session duration should be in the range of 900s - max session duration".
    const duration = checkInteger('durationSeconds', options.durationSeconds ?? 3600, 900);
    this.roleArn = roleArn;
    this.roleSessionName =
      optionalText(options.roleSessionName) ??
      optionalText(env.ALIBABA_CLOUD_ROLE_SESSION_NAME) ??
      `alicloud-rx-${(options.now ?? Date.now)()}`;
    this.durationSeconds = duration;
    const { endpoint, regionId } = stsEndpointOf(options, env);
    this.#params = {
      RoleArn: roleArn,
      RoleSessionName: this.roleSessionName,
      DurationSeconds: String(duration),
      ...(options.policy ? { Policy: options.policy } : {}),
      ...(options.externalId ? { ExternalId: options.externalId } : {}),
    };
    this.#source = options.source;
    this.#regionId = regionId ?? 'cn-hangzhou';
    this.#config = options.stsConfig ?? new Config();
    this.stsEndpoint = resolveEndpoint('sts', this.#regionId, this.#config.withEndpoint(endpoint));
    this.#stsCall = checkStsCall(options.stsCall);
    this.#refreshing = new RefreshingCredentialProvider({
      fetchCredential: () => this.#assumeRole(),
      name: 'RamRoleArn',
      refreshAheadMs: options.refreshAheadMs,
      now: options.now,
    });
  }

  getCredential(): Promise<Credential> {
    return this.#refreshing.getCredential();
  }

  async #assumeRole(): Promise<Credential> {
    // Errors of the call (ServerError, NetworkError…) come redacted from the call pipeline.
    const response = await stsCallOf(this.#stsCall)({
      action: 'AssumeRole',
      params: this.#params,
      endpoint: this.stsEndpoint,
      regionId: this.#regionId,
      signer: this.#source,
      secrets: [],
      config: this.#config,
    });
    return stsCredentials(response, `AssumeRole of ${this.roleArn} at ${this.stsEndpoint}`);
  }

  toString(): string {
    return `RamRoleArnCredentialProvider(${this.roleArn}, ${this.roleSessionName})`;
  }

  toJSON(): Record<string, string> {
    return {
      type: 'RamRoleArnCredentialProvider',
      roleArn: this.roleArn,
      roleSessionName: this.roleSessionName,
    };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
