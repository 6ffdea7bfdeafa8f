import { join } from 'node:path';
import ini from 'ini';
import { optionalText } from '../checks.js';
import { ClientError } from '../errors/client-error.js';
import { AccessKeyCredential } from './access-key-credential.js';
import type { Credential, CredentialProvider } from './credential.js';
import { EcsRamRoleCredentialProvider } from './ecs-ram-role-credential-provider.js';
import { envOf, homeOf, type NodeCredentialOptions } from './node-credential-options.js';
import {
  LazyProvider,
  profileValue,
  readProfileFile,
  requiredProfileValue,
  type ProfileFields,
} from './profile-fields.js';
import { RamRoleArnCredentialProvider } from './ram-role-arn-credential-provider.js';
import { StsTokenCredential } from './sts-token-credential.js';
import { unshownValue } from './unshown-value.js';

/**
 * What a {@link ProfileCredentialProvider} is built from.
 *
 * @example
 * import type { ProfileCredentialProviderOptions } from 'alicloud-rx/node';
 * const options: ProfileCredentialProviderOptions = { profileName: 'deploy', credentialsFile: '/etc/app/credentials' };
 */
export interface ProfileCredentialProviderOptions extends NodeCredentialOptions {
  /** The section to use. @default `ALIBABA_CLOUD_PROFILE`, else `'default'` */
  profileName?: string;
  /** The INI file. @default `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials` */
  credentialsFile?: string;
}

const TYPES = 'access_key, sts, ecs_ram_role, ram_role_arn';

/**
 * Credentials from the shared INI file `~/.alibabacloud/credentials` (the official SDKs' file and
 * names: `ALIBABA_CLOUD_CREDENTIALS_FILE`, `ALIBABA_CLOUD_PROFILE`, section `[default]`), one of
 *
 * ```ini
 * [default]
 * type = access_key              ; access_key_id, access_key_secret
 * [temp]
 * type = sts                     ; access_key_id, access_key_secret, security_token
 * [on-ecs]
 * type = ecs_ram_role            ; role_name (optional)
 * [deploy]
 * type = ram_role_arn            ; access_key_id, access_key_secret, role_arn, role_session_name, policy (optional)
 * ```
 *
 * The file is read on the first call (parsed with the `ini` package, the parser
 * @alicloud/credentials uses); its provider is kept afterwards. Node only.
 *
 * @example
 * import { ProfileCredentialProvider } from 'alicloud-rx/node';
 * const ecs = new EcsClient('cn-hangzhou', config, new ProfileCredentialProvider({ profileName: 'deploy' }));
 */
export class ProfileCredentialProvider implements CredentialProvider {
  readonly profileName: string;
  readonly credentialsFile: string;
  readonly #lazy: LazyProvider;

  constructor(options: ProfileCredentialProviderOptions = {}) {
    const env = envOf(options);
    // credentials-go ProfileCredentialsProviderBuilder: explicit name > ALIBABA_CLOUD_PROFILE > "default".
    this.profileName =
      optionalText(options.profileName) ?? optionalText(env.ALIBABA_CLOUD_PROFILE) ?? 'default';
    this.credentialsFile =
      optionalText(options.credentialsFile) ??
      optionalText(env.ALIBABA_CLOUD_CREDENTIALS_FILE) ??
      join(homeOf(options), '.alibabacloud', 'credentials');
    this.#lazy = new LazyProvider(() => this.#load(options));
  }

  async getCredential(): Promise<Credential> {
    return (await this.#lazy.provider()).getCredential();
  }

  async #load(options: NodeCredentialOptions): Promise<CredentialProvider> {
    const text = await readProfileFile(this.credentialsFile, 'credentials file', options.readFile);
    const sections = ini.parse(text) as Record<string, unknown>;
    const section = Object.hasOwn(sections, this.profileName) ? sections[this.profileName] : undefined;
    if (typeof section !== 'object' || section === null) {
      throw new ClientError(
        'SDK.MissingParam',
        `There is no profile [${this.profileName}] in ${this.credentialsFile}.`,
      );
    }
    return providerOf(
      section as ProfileFields,
      `Profile [${this.profileName}] of ${this.credentialsFile}`,
      options,
    );
  }

  toString(): string {
    return `ProfileCredentialProvider(${this.profileName}, ${this.credentialsFile})`;
  }

  toJSON(): Record<string, string> {
    return {
      type: 'ProfileCredentialProvider',
      profileName: this.profileName,
      credentialsFile: this.credentialsFile,
    };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** The provider of one section, per its `type` (as in @alicloud/credentials `providers/profile.js`). */
function providerOf(
  fields: ProfileFields,
  where: string,
  options: NodeCredentialOptions,
): CredentialProvider {
  const type = requiredProfileValue(fields, 'type', where);
  const key = (name: string) => requiredProfileValue(fields, name, where);
  switch (type) {
    case 'access_key':
      return new AccessKeyCredential(key('access_key_id'), key('access_key_secret'));
    case 'sts':
      return new StsTokenCredential(key('access_key_id'), key('access_key_secret'), key('security_token'));
    case 'ecs_ram_role': {
      const roleName = profileValue(fields, 'role_name');
      return new EcsRamRoleCredentialProvider({ ...options, ...(roleName ? { roleName } : {}) });
    }
    case 'ram_role_arn': {
      const source = new AccessKeyCredential(key('access_key_id'), key('access_key_secret'));
      const sessionName = profileValue(fields, 'role_session_name');
      const policy = profileValue(fields, 'policy');
      return new RamRoleArnCredentialProvider({
        ...options,
        source,
        roleArn: key('role_arn'),
        ...(sessionName ? { roleSessionName: sessionName } : {}),
        ...(policy ? { policy } : {}),
      });
    }
    default:
      throw new ClientError(
        'SDK.InvalidParam',
        `${where} has an unknown type (${unshownValue(type)}); alicloud-rx supports ${TYPES}.`,
      );
  }
}
