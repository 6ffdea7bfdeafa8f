import { ClientError } from '../errors/client-error.js';
import { CliConfigCredentialProvider } from './cli-config-credential-provider.js';
import type { Credential, CredentialProvider } from './credential.js';
import { EcsRamRoleCredentialProvider } from './ecs-ram-role-credential-provider.js';
import { EnvironmentCredentialProvider } from './environment-credential-provider.js';
import { envOf, isTrue, type NodeCredentialOptions } from './node-credential-options.js';
import { ProfileCredentialProvider } from './profile-credential-provider.js';

interface Link {
  readonly name: string;
  readonly provider: CredentialProvider;
}

/**
 * The official chain, in the order of @alicloud/credentials `providers/default.js` and
 * credentials-go `providers/default.go`: environment → OIDC → CLI config.json → credentials file →
 * ECS RAM role → credentials URI. OIDC and the credentials URI are not implemented here: when their
 * variables are set, the chain says so instead of using them.
 */
function chainOf(options: NodeCredentialOptions): { links: Link[]; skipped: string[] } {
  const env = envOf(options);
  const links: Link[] = [{ name: 'environment variables', provider: new EnvironmentCredentialProvider(env) }];
  const skipped: string[] = [];
  if (env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN || env.ALIBABA_CLOUD_OIDC_TOKEN_FILE)
    skipped.push('OIDC role ARN (ALIBABA_CLOUD_OIDC_* is set, but alicloud-rx does not support OIDC)');
  if (isTrue(env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED))
    skipped.push('CLI config (ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true)');
  else links.push({ name: 'CLI config', provider: new CliConfigCredentialProvider(options) });
  links.push({ name: 'credentials file', provider: new ProfileCredentialProvider(options) });
  if (isTrue(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED))
    skipped.push('ECS RAM role (ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)');
  else links.push({ name: 'ECS RAM role', provider: new EcsRamRoleCredentialProvider(options) });
  if (env.ALIBABA_CLOUD_CREDENTIALS_URI)
    skipped.push(
      'credentials URI (ALIBABA_CLOUD_CREDENTIALS_URI is set, but alicloud-rx does not support it)',
    );
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
 * variables, then `~/.aliyun/config.json`, then `~/.alibabacloud/credentials`, then the ECS RAM role.
 *
 * @example
 * import { defaultCredentialProvider } from 'alicloud-rx/node';
 * const ecs = new EcsClient('cn-hangzhou', config, defaultCredentialProvider());
 */
export function defaultCredentialProvider(options: NodeCredentialOptions = {}): DefaultCredentialProvider {
  return new DefaultCredentialProvider(options);
}
