import { join } from 'node:path';
import { optionalText } from '../checks.js';
import { ClientError } from '../errors/client-error.js';
import { AccessKeyCredential } from './access-key-credential.js';
import type { Credential, CredentialProvider } from './credential.js';
import { EcsRamRoleCredentialProvider } from './ecs-ram-role-credential-provider.js';
import { envOf, homeOf, isTrue, type NodeCredentialOptions } from './node-credential-options.js';
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
 * What a {@link CliConfigCredentialProvider} is built from.
 *
 * @example
 * import type { CliConfigCredentialProviderOptions } from 'alicloud-rx/node';
 * const options: CliConfigCredentialProviderOptions = { profileName: 'prod' };
 */
export interface CliConfigCredentialProviderOptions extends NodeCredentialOptions {
  /** The profile to use. @default `ALIBABA_CLOUD_PROFILE`, else the file's `current` */
  profileName?: string;
  /** The CLI's config file. @default `ALIBABA_CLOUD_CONFIG_FILE`, else `~/.aliyun/config.json` */
  configFile?: string;
}

interface CliConfig {
  current?: unknown;
  profiles?: unknown;
}

const MODES = 'AK, StsToken, RamRoleArn, EcsRamRole, ChainableRamRoleArn';

/**
 * Credentials from the Alibaba Cloud CLI's `~/.aliyun/config.json` (`{ current, profiles: [{ name,
 * mode, … }] }`), as credentials-go `CLIProfileCredentialsProvider` reads it: the file from
 * `ALIBABA_CLOUD_CONFIG_FILE` when set, the profile from `ALIBABA_CLOUD_PROFILE`, else `current`.
 * Modes: `AK` (access_key_id, access_key_secret), `StsToken` (+ sts_token), `RamRoleArn` (+
 * ram_role_arn, ram_session_name, expired_seconds, sts_region, enable_vpc, policy, external_id),
 * `EcsRamRole` (ram_role_name) and `ChainableRamRoleArn` (source_profile). The file is read on the
 * first call; its provider is kept afterwards. Node only.
 *
 * @example
 * import { CliConfigCredentialProvider } from 'alicloud-rx/node';
 * const ecs = new EcsClient('cn-hangzhou', config, new CliConfigCredentialProvider({ profileName: 'prod' }));
 */
export class CliConfigCredentialProvider implements CredentialProvider {
  readonly configFile: string;
  readonly #profileName: string | undefined;
  readonly #lazy: LazyProvider;

  constructor(options: CliConfigCredentialProviderOptions = {}) {
    const env = envOf(options);
    this.#profileName = optionalText(options.profileName) ?? optionalText(env.ALIBABA_CLOUD_PROFILE);
    this.configFile =
      optionalText(options.configFile) ??
      optionalText(env.ALIBABA_CLOUD_CONFIG_FILE) ??
      join(homeOf(options), '.aliyun', 'config.json');
    this.#lazy = new LazyProvider(() => this.#load(options));
  }

  async getCredential(): Promise<Credential> {
    return (await this.#lazy.provider()).getCredential();
  }

  async #load(options: NodeCredentialOptions): Promise<CredentialProvider> {
    const text = await readProfileFile(this.configFile, 'Alibaba Cloud CLI config', options.readFile);
    let config: CliConfig;
    try {
      config = JSON.parse(text) as CliConfig;
    } catch {
      // Neither the text (as the official SDKs quote it) nor the SyntaxError (V8 quotes a snippet):
      // the file holds secrets.
      throw new ClientError('SDK.InvalidParam', `${this.configFile} is not valid JSON.`);
    }
    const profiles = Array.isArray(config?.profiles) ? (config.profiles as unknown[]) : [];
    if (profiles.length === 0)
      throw new ClientError('SDK.MissingParam', `${this.configFile} has no profiles.`);
    const name = this.#profileName ?? optionalText(config.current);
    if (!name)
      throw new ClientError(
        'SDK.MissingParam',
        `${this.configFile} names no current profile; set ALIBABA_CLOUD_PROFILE.`,
      );
    return this.#provider(profiles, name, options, []);
  }

  #provider(
    profiles: unknown[],
    name: string,
    options: NodeCredentialOptions,
    seen: string[],
  ): CredentialProvider {
    const where = `Profile ${JSON.stringify(name)} of ${this.configFile}`;
    if (seen.includes(name))
      throw new ClientError(
        'SDK.InvalidParam',
        `${where} is its own source_profile (${[...seen, name].join(' → ')}).`,
      );
    const found = profiles.find((p) => (p as ProfileFields | null)?.name === name);
    if (typeof found !== 'object' || found === null)
      throw new ClientError(
        'SDK.MissingParam',
        `There is no profile ${JSON.stringify(name)} in ${this.configFile}.`,
      );
    const p = found as ProfileFields;
    const key = (k: string) => requiredProfileValue(p, k, where);
    const mode = requiredProfileValue(p, 'mode', where);
    switch (mode) {
      case 'AK':
        return new AccessKeyCredential(key('access_key_id'), key('access_key_secret'));
      case 'StsToken':
        return new StsTokenCredential(key('access_key_id'), key('access_key_secret'), key('sts_token'));
      case 'EcsRamRole': {
        const roleName = profileValue(p, 'ram_role_name');
        return new EcsRamRoleCredentialProvider({ ...options, ...(roleName ? { roleName } : {}) });
      }
      case 'RamRoleArn':
        return assumeRole(
          p,
          new AccessKeyCredential(key('access_key_id'), key('access_key_secret')),
          where,
          options,
        );
      case 'ChainableRamRoleArn': {
        const source = this.#provider(profiles, key('source_profile'), options, [...seen, name]);
        return assumeRole(p, source, where, options);
      }
      default:
        throw new ClientError(
          'SDK.InvalidParam',
          `${where} has an unknown mode (${unshownValue(mode)}); alicloud-rx supports ${MODES}.`,
        );
    }
  }

  toString(): string {
    return `CliConfigCredentialProvider(${this.#profileName ?? 'current'}, ${this.configFile})`;
  }

  toJSON(): Record<string, string> {
    return {
      type: 'CliConfigCredentialProvider',
      profileName: this.#profileName ?? '',
      configFile: this.configFile,
    };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** A `RamRoleArn` / `ChainableRamRoleArn` profile's provider (fields as in credentials-go `cli_profile.go`). */
function assumeRole(
  p: ProfileFields,
  source: CredentialProvider,
  where: string,
  options: NodeCredentialOptions,
): CredentialProvider {
  const optional = {
    roleSessionName: profileValue(p, 'ram_session_name'),
    stsRegionId: profileValue(p, 'sts_region'),
    policy: profileValue(p, 'policy'),
    externalId: profileValue(p, 'external_id'),
  };
  const seconds = Number(profileValue(p, 'expired_seconds') ?? 0);
  return new RamRoleArnCredentialProvider({
    ...options,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(seconds > 0 ? { durationSeconds: seconds } : {}),
    ...(isTrue(profileValue(p, 'enable_vpc')) ? { enableVpc: true } : {}),
    source,
    roleArn: requiredProfileValue(p, 'ram_role_arn', where),
  });
}
