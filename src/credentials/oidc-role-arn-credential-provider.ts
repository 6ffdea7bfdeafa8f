import { Config } from '../config.js';
import { resolveEndpoint } from '../endpoint.js';
import { checkInteger, optionalText } from '../checks.js';
import { ClientError, invalidParam } from '../errors/client-error.js';
import type { Credential, CredentialProvider } from './credential.js';
import { envOf, type NodeCredentialOptions } from './node-credential-options.js';
import { readProfileFile, type ReadTextFile } from './profile-fields.js';
import { RefreshingCredentialProvider } from './refreshing-credential-provider.js';
import { stsCredentials } from './sts-credentials.js';
import { checkStsCall, stsCallOf, type StsCall } from './sts-call.js';
import { stsEndpointOf } from './sts-endpoint.js';

/**
 * What an {@link OidcRoleArnCredentialProvider} is built from; on ACK with RRSA the pod's
 * environment holds everything, so `{}` is enough.
 *
 * @example
 * import type { OidcRoleArnCredentialProviderOptions } from 'alicloud-rx/node';
 * const options: OidcRoleArnCredentialProviderOptions = { roleArn: 'acs:ram::123456789012:role/app', durationSeconds: 900 };
 */
export interface OidcRoleArnCredentialProviderOptions extends NodeCredentialOptions {
  /** The role to assume, `acs:ram::<account>:role/<name>`. @default `ALIBABA_CLOUD_ROLE_ARN` */
  roleArn?: string;
  /** The OIDC identity provider, `acs:ram::<account>:oidc-provider/<name>`. @default `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` */
  oidcProviderArn?: string;
  /** The file holding the OIDC token; read again on every refresh (it rotates). @default `ALIBABA_CLOUD_OIDC_TOKEN_FILE` */
  oidcTokenFilePath?: string;
  /** @default `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `alicloud-rx-<epoch ms>` */
  roleSessionName?: string;
  /** Lifetime of each STS credential, at least 900. @default 3600 */
  durationSeconds?: number;
  /** A policy narrowing the role's permissions (JSON text). */
  policy?: string;
  /** STS region, giving `sts.<region>.aliyuncs.com`. @default `ALIBABA_CLOUD_STS_REGION` */
  stsRegionId?: string;
  /** With a region, use `sts-vpc.<region>.aliyuncs.com`. @default `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true` */
  enableVpc?: boolean;
}

const REQUIRED = [
  ['roleArn', 'ALIBABA_CLOUD_ROLE_ARN'],
  ['oidcProviderArn', 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN'],
  ['oidcTokenFilePath', 'ALIBABA_CLOUD_OIDC_TOKEN_FILE'],
] as const;

/**
 * Temporary credentials of a RAM role for an OIDC identity (RRSA on ACK), from STS
 * `AssumeRoleWithOIDC` (2015-04-01): anonymous, the token read from `oidcTokenFilePath` on every
 * refresh. Refreshed ahead of expiry, one refresh at a time. Errors name the option, variable or
 * file, never the token. Node only.
 *
 * @example
 * import { OidcRoleArnCredentialProvider } from 'alicloud-rx/node';
 * // In a pod with RRSA: ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE
 * const ecs = new EcsClient('cn-hangzhou', config, new OidcRoleArnCredentialProvider());
 */
export class OidcRoleArnCredentialProvider implements CredentialProvider {
  readonly roleArn: string;
  readonly oidcProviderArn: string;
  readonly oidcTokenFilePath: string;
  readonly roleSessionName: string;
  readonly durationSeconds: number;
  /** The STS base URL `AssumeRoleWithOIDC` goes to. */
  readonly stsEndpoint: string;
  readonly #policy: string | undefined;
  readonly #regionId: string;
  readonly #config: Config;
  readonly #stsCall: StsCall | undefined;
  readonly #readFile: ReadTextFile | undefined;
  readonly #refreshing: RefreshingCredentialProvider;

  constructor(options: OidcRoleArnCredentialProviderOptions = {}) {
    const env = envOf(options);
    const [roleArn, oidcProviderArn, oidcTokenFilePath] = REQUIRED.map(
      ([option, variable]) => optionalText(options[option]) ?? optionalText(env[variable]),
    );
    if (!roleArn || !oidcProviderArn || !oidcTokenFilePath) {
      const missing = REQUIRED.filter((_, i) => ![roleArn, oidcProviderArn, oidcTokenFilePath][i]);
      const and = (names: string[]) => names.join(', ').replace(/, ([^,]*)$/, ' and $1');
      throw new ClientError(
        'SDK.MissingParam',
        `OIDC role ARN credentials need ${and(missing.map(([o]) => o))}: pass ${missing.length > 1 ? 'them' : 'it'} or set ${and(missing.map(([, v]) => v))}.`,
      );
    }
    // The official SDKs: "session duration should be in the range of 900s - max session duration".
    const duration = checkInteger('durationSeconds', options.durationSeconds ?? 3600, 900);
    if (options.policy !== undefined && typeof options.policy !== 'string')
      throw invalidParam('policy', options.policy, 'a policy document as JSON text');
    this.roleArn = roleArn;
    this.oidcProviderArn = oidcProviderArn;
    this.oidcTokenFilePath = oidcTokenFilePath;
    this.roleSessionName =
      optionalText(options.roleSessionName) ??
      optionalText(env.ALIBABA_CLOUD_ROLE_SESSION_NAME) ??
      `alicloud-rx-${(options.now ?? Date.now)()}`;
    this.durationSeconds = duration;
    this.#policy = optionalText(options.policy);
    // Like the official libraries: ALIBABA_CLOUD_STS_REGION and ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED, but
    // not ALIBABA_CLOUD_STS_ENDPOINT (ACK's RRSA webhook, from 0.4.0, sets the first two beside it).
    const { endpoint, regionId } = stsEndpointOf(options, env);
    this.#regionId = regionId ?? 'cn-hangzhou';
    this.#config = options.stsConfig ?? new Config();
    this.stsEndpoint = resolveEndpoint('sts', this.#regionId, this.#config.withEndpoint(endpoint));
    this.#stsCall = checkStsCall(options.stsCall);
    this.#readFile = options.readFile;
    this.#refreshing = new RefreshingCredentialProvider({
      fetchCredential: () => this.#assumeRole(),
      name: 'OidcRoleArn',
      refreshAheadMs: options.refreshAheadMs,
      now: options.now,
    });
  }

  getCredential(): Promise<Credential> {
    return this.#refreshing.getCredential();
  }

  async #assumeRole(): Promise<Credential> {
    // Read on every refresh: the kubelet rotates the projected token.
    const text = await readProfileFile(this.oidcTokenFilePath, 'OIDC token file', this.#readFile);
    const oidcToken = text.trim();
    if (!oidcToken)
      throw new ClientError('SDK.MissingParam', `The OIDC token file ${this.oidcTokenFilePath} is empty.`);
    // Unsigned: the token is the proof. The request credentials-go `providers/oidc.go` and
    // @alicloud/credentials `providers/oidc_role_arn.ts` send (Version, Action, Format, Timestamp in
    // the query; these in a form body), through the same pipeline as every call.
    const answer = await stsCallOf(this.#stsCall)({
      action: 'AssumeRoleWithOIDC',
      params: {
        RoleArn: this.roleArn,
        OIDCProviderArn: this.oidcProviderArn,
        OIDCToken: oidcToken,
        RoleSessionName: this.roleSessionName,
        DurationSeconds: String(this.durationSeconds),
        ...(this.#policy ? { Policy: this.#policy } : {}),
      },
      endpoint: this.stsEndpoint,
      regionId: this.#regionId,
      secrets: [oidcToken],
      config: this.#config,
    });
    return stsCredentials(answer, `AssumeRoleWithOIDC of ${this.roleArn} at ${this.stsEndpoint}`);
  }

  toString(): string {
    return `OidcRoleArnCredentialProvider(${this.roleArn}, ${this.roleSessionName})`;
  }

  toJSON(): Record<string, string> {
    return {
      type: 'OidcRoleArnCredentialProvider',
      roleArn: this.roleArn,
      oidcProviderArn: this.oidcProviderArn,
      oidcTokenFilePath: this.oidcTokenFilePath,
      roleSessionName: this.roleSessionName,
    };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
