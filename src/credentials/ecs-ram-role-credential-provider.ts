import { checkInteger, MAX_TIMEOUT_MS, optionalText } from '../checks.js';
import { ClientError, invalidParam } from '../errors/client-error.js';
import type { Credential, CredentialProvider } from './credential.js';
import {
  DEFAULT_METADATA_URL,
  ROLES_PATH,
  checkMetadataUrl,
  metadataGet,
  metadataToken,
  type MetadataEndpoint,
} from './ecs-metadata.js';
import { credentialError, envOf, isTrue, type NodeCredentialOptions } from './node-credential-options.js';
import { RefreshingCredentialProvider } from './refreshing-credential-provider.js';
import { parseSessionCredentials } from './session-credentials.js';
import { unshownValue } from './unshown-value.js';

/** What RAM allows in a role name: 1 to 64 letters, digits, `.`, `-`, `_`, and a few signs. */
const RAM_ROLE_NAME = /^[\w.@+=,-]{1,64}$/;

/**
 * What an {@link EcsRamRoleCredentialProvider} is built from.
 *
 * @example
 * import type { EcsRamRoleCredentialProviderOptions } from 'alicloud-rx/node';
 * const options: EcsRamRoleCredentialProviderOptions = { roleName: 'my-role', disableImdsV1: true };
 */
export interface EcsRamRoleCredentialProviderOptions extends NodeCredentialOptions {
  /** The instance's RAM role. @default `ALIBABA_CLOUD_ECS_METADATA`, else asked of the metadata service */
  roleName?: string;
  /** Fail rather than go on without an IMDSv2 token. @default `ALIBABA_CLOUD_IMDSV1_DISABLED=true` */
  disableImdsV1?: boolean;
}

/**
 * ECS RAM role credentials from the instance metadata service, with an IMDSv2 token: `PUT
 * /latest/api/token`, then `GET /latest/meta-data/ram/security-credentials/<role>` (the role found
 * by `GET …/security-credentials/` when not given). Refreshed ahead of expiry, one refresh at a time.
 * `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true` turns it off. Node only.
 *
 * @example
 * import { EcsRamRoleCredentialProvider } from 'alicloud-rx/node';
 * const ecs = new EcsClient('cn-hangzhou', config, new EcsRamRoleCredentialProvider({ roleName: 'my-role' }));
 */
export class EcsRamRoleCredentialProvider implements CredentialProvider {
  readonly #endpoint: MetadataEndpoint;
  readonly #roleName: string | undefined;
  readonly #disabled: boolean;
  readonly #refreshing: RefreshingCredentialProvider;

  constructor(options: EcsRamRoleCredentialProviderOptions = {}) {
    const env = envOf(options);
    if (options.roleName !== undefined && optionalText(options.roleName) === undefined)
      throw invalidParam('roleName', options.roleName, 'a non-empty string');
    const timeoutMs = checkInteger('metadataTimeoutMs', options.metadataTimeoutMs ?? 1000, 1, MAX_TIMEOUT_MS);
    this.#roleName = optionalText(options.roleName) ?? optionalText(env.ALIBABA_CLOUD_ECS_METADATA);
    this.#disabled = isTrue(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED);
    this.#endpoint = {
      url: checkMetadataUrl(options.metadataUrl ?? DEFAULT_METADATA_URL),
      timeoutMs,
      disableImdsV1: options.disableImdsV1 ?? isTrue(env.ALIBABA_CLOUD_IMDSV1_DISABLED),
    };
    this.#refreshing = new RefreshingCredentialProvider({
      fetchCredential: () => this.#fetch(),
      name: 'EcsRamRole',
      refreshAheadMs: options.refreshAheadMs,
      now: options.now,
    });
  }

  getCredential(): Promise<Credential> {
    if (this.#disabled) {
      return Promise.reject(
        new ClientError(
          'SDK.InvalidParam',
          'ECS RAM role credentials are turned off by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true.',
        ),
      );
    }
    return this.#refreshing.getCredential();
  }

  async #fetch(): Promise<Credential> {
    const token = await metadataToken(this.#endpoint);
    const roleName = this.#roleName ?? (await this.#discoverRole(token));
    const path = `${ROLES_PATH}${encodeURIComponent(roleName)}`;
    const text = await metadataGet(this.#endpoint, path, token);
    return parseSessionCredentials(text, `ECS metadata GET ${this.#endpoint.url}${path}`, true);
  }

  async #discoverRole(token: string | undefined): Promise<string> {
    const text = await metadataGet(this.#endpoint, ROLES_PATH, token);
    const roleName = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '');
    if (!roleName) {
      throw credentialError(
        `ECS metadata GET ${this.#endpoint.url}${ROLES_PATH} listed no RAM role: attach one to the instance, or set ALIBABA_CLOUD_ECS_METADATA.`,
      );
    }
    // It goes into a path and into every message about it: only what RAM allows in a role name.
    if (!RAM_ROLE_NAME.test(roleName)) {
      throw credentialError(
        `ECS metadata GET ${this.#endpoint.url}${ROLES_PATH} listed a RAM role name that is not one (${unshownValue(roleName)}): ` +
          'set the role name with roleName or ALIBABA_CLOUD_ECS_METADATA.',
      );
    }
    return roleName;
  }

  toString(): string {
    return `EcsRamRoleCredentialProvider(${this.#roleName ?? 'role from metadata'})`;
  }

  toJSON(): Record<string, string> {
    return {
      type: 'EcsRamRoleCredentialProvider',
      roleName: this.#roleName ?? '',
      metadataUrl: this.#endpoint.url,
    };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
