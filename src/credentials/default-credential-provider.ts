import { optionalText } from '../checks.js';
import { ClientError } from '../errors/client-error.js';
import { CliConfigCredentialProvider } from './cli-config-credential-provider.js';
import type { Credential, CredentialProvider } from './credential.js';
import { EcsRamRoleCredentialProvider } from './ecs-ram-role-credential-provider.js';
import { EnvironmentCredentialProvider } from './environment-credential-provider.js';
import { envOf, isTrue, type NodeCredentialOptions } from './node-credential-options.js';
import { OidcRoleArnCredentialProvider } from './oidc-role-arn-credential-provider.js';
import { ProfileCredentialProvider } from './profile-credential-provider.js';
import { UriCredentialProvider } from './uri-credential-provider.js';

interface Link {
  readonly name: string;
  readonly provider: CredentialProvider;
}

const OIDC_VARIABLES = [
  'ALIBABA_CLOUD_ROLE_ARN',
  'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
  'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
] as const;

/** A link of the chain; a provider that cannot be built (a bad variable) fails when its turn comes. */
function link(name: string, build: () => CredentialProvider): Link {
  try {
    return { name, provider: build() };
  } catch (error) {
    return { name, provider: { getCredential: () => Promise.reject(error) } };
  }
}

/**
 * The official chain, in the order of credentials-go `credentials/providers/default.go`,
 * @alicloud/credentials `src/providers/default.ts`, credentials-java `DefaultCredentialsProvider.java`
 * and credentials-python `provider/default.py`: environment → OIDC role ARN (only when
 * `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE` are
 * all set) → CLI config.json → credentials file → ECS RAM role → credentials URI (only when
 * `ALIBABA_CLOUD_CREDENTIALS_URI` is set).
 */
function chainOf(options: NodeCredentialOptions): { links: Link[]; skipped: string[] } {
  const env = envOf(options);
  const links: Link[] = [{ name: 'environment variables', provider: new EnvironmentCredentialProvider(env) }];
  const skipped: string[] = [];
  const unset = OIDC_VARIABLES.filter((name) => optionalText(env[name]) === undefined);
  if (unset.length === 0) links.push(link('OIDC role ARN', () => new OidcRoleArnCredentialProvider(options)));
  // Half an RRSA setup is worth a word (ALIBABA_CLOUD_ROLE_ARN alone is not: AssumeRole reads it too).
  else if (
    optionalText(env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN) ||
    optionalText(env.ALIBABA_CLOUD_OIDC_TOKEN_FILE)
  )
    skipped.push(`OIDC role ARN (${unset.join(' and ')} not set)`);
  if (isTrue(env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED))
    skipped.push('CLI config (ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true)');
  else links.push({ name: 'CLI config', provider: new CliConfigCredentialProvider(options) });
  links.push({ name: 'credentials file', provider: new ProfileCredentialProvider(options) });
  if (isTrue(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED))
    skipped.push('ECS RAM role (ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)');
  else links.push({ name: 'ECS RAM role', provider: new EcsRamRoleCredentialProvider(options) });
  if (optionalText(env.ALIBABA_CLOUD_CREDENTIALS_URI) !== undefined)
    links.push(link('credentials URI', () => new UriCredentialProvider(options)));
  return { links, skipped };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Tries each provider of the official chain in order and remembers the first that works: later
 * calls go straight to it (as the official `lastUsedProvider`; its later failures are not retried
 * down the chain). Concurrent first calls share one walk of the chain. When nothing works the
 * `ClientError` (`SDK.MissingParam`) lists what was tried and why each failed, never a secret.
 * Node only.
 *
 * @example
 * import { DefaultCredentialProvider } from 'alicloud-rx/node';
 * const provider = new DefaultCredentialProvider();
 */
export class DefaultCredentialProvider implements CredentialProvider {
  readonly #links: readonly Link[];
  readonly #skipped: readonly string[];
  #chosen: Link | undefined;
  #walking: Promise<Credential> | undefined;

  constructor(options: NodeCredentialOptions = {}) {
    const { links, skipped } = chainOf(options);
    this.#links = links;
    this.#skipped = skipped;
  }

  /** The names of the providers tried, in order (e.g. `['environment variables', 'CLI config', …]`). */
  get chain(): string[] {
    return this.#links.map((link) => link.name);
  }

  /** The name of the provider that worked and is now used, or `undefined` before one has. */
  get resolvedProvider(): string | undefined {
    return this.#chosen?.name;
  }

  getCredential(): Promise<Credential> {
    if (this.#chosen) return this.#chosen.provider.getCredential();
    this.#walking ??= this.#walk().finally(() => (this.#walking = undefined));
    return this.#walking;
  }

  async #walk(): Promise<Credential> {
    const failures: string[] = [];
    const errors: unknown[] = [];
    for (const link of this.#links) {
      try {
        const credential = await link.provider.getCredential();
        this.#chosen = link;
        return credential;
      } catch (error) {
        failures.push(`${failures.length + 1}) ${link.name}: ${reason(error)}`);
        errors.push(error);
      }
    }
    const skipped = this.#skipped.length ? ` Skipped: ${this.#skipped.join('; ')}.` : '';
    throw new ClientError(
      'SDK.MissingParam',
      `No credential found. Tried, in order: ${failures.join(' ')}${skipped}`,
      { cause: new AggregateError(errors, 'Every provider of the default chain failed.') },
    );
  }

  toString(): string {
    return `DefaultCredentialProvider(${this.#chosen?.name ?? 'not resolved yet'})`;
  }

  toJSON(): Record<string, string> {
    return { type: 'DefaultCredentialProvider', resolvedProvider: this.#chosen?.name ?? '' };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/**
 * The official default chain as a provider (see {@link DefaultCredentialProvider}): environment
 * variables, then the OIDC role ARN (RRSA), then `~/.aliyun/config.json`, then
 * `~/.alibabacloud/credentials`, then the ECS RAM role, then `ALIBABA_CLOUD_CREDENTIALS_URI`.
 *
 * @example
 * import { defaultCredentialProvider } from 'alicloud-rx/node';
 * const ecs = new EcsClient('cn-hangzhou', config, defaultCredentialProvider());
 */
export function defaultCredentialProvider(options: NodeCredentialOptions = {}): DefaultCredentialProvider {
  return new DefaultCredentialProvider(options);
}
