import { homedir } from 'node:os';
import type { Config } from '../config.js';
import { CredentialError } from '../errors/credential-error.js';
import type { StsCall } from './sts-call.js';

/**
 * Environment variables, as `process.env` holds them.
 *
 * @example
 * import { defaultCredentialProvider, type Env } from 'alicloud-rx/node';
 * const env: Env = { ALIBABA_CLOUD_PROFILE: 'dev', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' };
 * const provider = defaultCredentialProvider({ env });
 */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Options every Node credential provider takes, and hands down to the providers it builds (a
 * profile of type `ram_role_arn` builds a {@link RamRoleArnCredentialProvider} with them).
 * Everything the official tools read from the machine is injectable, so tests need no real home.
 *
 * @example
 * import { defaultCredentialProvider, type NodeCredentialOptions } from 'alicloud-rx/node';
 * const options: NodeCredentialOptions = { env: { ALIBABA_CLOUD_PROFILE: 'dev' }, homeDir: '/tmp/home' };
 * const provider = defaultCredentialProvider(options);
 */
export interface NodeCredentialOptions {
  /** Environment variables to read. @default process.env */
  env?: Env;
  /** The home directory holding `.alibabacloud/credentials` and `.aliyun/config.json`. @default os.homedir() */
  homeDir?: string;
  /** The ECS metadata service, for ECS RAM role credentials. @default 'http://100.100.100.200' */
  metadataUrl?: string;
  /** Timeout of each metadata service request. @default 1000 (the official SDKs' 1 s) */
  metadataTimeoutMs?: number;
  /** STS host or URL for `AssumeRole` and `AssumeRoleWithOIDC`. @default 'sts.aliyuncs.com' (or the regional one, see `ALIBABA_CLOUD_STS_REGION`) */
  stsEndpoint?: string;
  /** Config of the STS calls (timeouts, retries, `withFetch`); its endpoint is replaced by the STS one. */
  stsConfig?: Config;
  /** How `AssumeRole` and `AssumeRoleWithOIDC` reach STS. @default `rpcStsCall`, the SDK's own pipeline */
  stsCall?: StsCall;
  /** Refresh expiring credentials this long before expiry. @default 180_000 */
  refreshAheadMs?: number;
  /** The clock, in epoch milliseconds. @default Date.now */
  now?: () => number;
  /** Reads a file as text (credentials file, CLI config, OIDC token). @default fs.readFile(path, 'utf8') */
  readFile?: (path: string) => Promise<string>;
}

/** The environment to read: the option, else `process.env`. */
export function envOf(options: NodeCredentialOptions | undefined): Env {
  return options?.env ?? process.env;
}

/** The home directory: the option, else `os.homedir()`. */
export function homeOf(options: NodeCredentialOptions | undefined): string {
  return options?.homeDir ?? homedir();
}

/** The official tools' reading of a boolean variable: `true` in any case. */
export function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

/**
 * A credential source failed at run time (metadata service down, a bad answer): a
 * {@link CredentialError} whose message says what was asked and how it failed, never a secret.
 */
export function credentialError(message: string, cause?: unknown): CredentialError {
  return new CredentialError(message, cause === undefined ? {} : { cause });
}
