import { checkInteger, MAX_TIMEOUT_MS, optionalText } from '../checks.js';
import { ClientError } from '../errors/client-error.js';
import type { Credential, CredentialProvider } from './credential.js';
import { answeredStatus, fetchCredentialText } from './fetch-credential-text.js';
import { envOf, type NodeCredentialOptions } from './node-credential-options.js';
import { RefreshingCredentialProvider } from './refreshing-credential-provider.js';
import { parseSessionCredentials } from './session-credentials.js';

/**
 * What a {@link UriCredentialProvider} is built from.
 *
 * @example
 * import type { UriCredentialProviderOptions } from 'alicloud-rx/node';
 * const options: UriCredentialProviderOptions = { credentialsUri: 'http://127.0.0.1:8080/credentials', timeoutMs: 2000 };
 */
export interface UriCredentialProviderOptions extends NodeCredentialOptions {
  /** The http(s) URL answering the credentials document. @default `ALIBABA_CLOUD_CREDENTIALS_URI` */
  credentialsUri?: string;
  /** Timeout of each request, whole answer included. @default 10_000 (the official SDKs' read timeout) */
  timeoutMs?: number;
}

/** The URL for messages: no user info, and no query (either may hold a token). */
function shown(url: URL): string {
  return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
}

function parseUri(value: string, from: string): URL {
  // The value is not echoed: a credentials URI may carry a token.
  const invalid = () =>
    new ClientError('SDK.InvalidParam', `${from} is not an http(s) URL (value not shown).`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid();
  return url;
}

/**
 * Credentials from a local credentials service (`ALIBABA_CLOUD_CREDENTIALS_URI`): `GET` the URI,
 * which answers `{ Code: 'Success', AccessKeyId, AccessKeySecret, SecurityToken, Expiration }`, as
 * credentials-java `URLCredentialProvider` and credentials-python `provider/uri.py` read it (an
 * answer without `Code` passes, as in credentials-go `providers/uri.go` and @alicloud/credentials
 * `src/providers/uri.ts`). Refreshed ahead of expiry, one refresh at a time. Errors never show the
 * answer's body or the URI's query. Node only.
 *
 * @example
 * import { UriCredentialProvider } from 'alicloud-rx/node';
 * const ecs = new EcsClient('cn-hangzhou', config, new UriCredentialProvider({ credentialsUri: 'http://127.0.0.1:8080/credentials' }));
 */
export class UriCredentialProvider implements CredentialProvider {
  readonly #url: URL;
  readonly #timeoutMs: number;
  readonly #refreshing: RefreshingCredentialProvider;

  constructor(options: UriCredentialProviderOptions = {}) {
    const env = envOf(options);
    const fromOption = optionalText(options.credentialsUri);
    const uri = fromOption ?? optionalText(env.ALIBABA_CLOUD_CREDENTIALS_URI);
    if (!uri)
      throw new ClientError(
        'SDK.MissingParam',
        'credentialsUri is missing: pass it or set ALIBABA_CLOUD_CREDENTIALS_URI.',
      );
    this.#url = parseUri(uri, fromOption ? 'credentialsUri' : 'ALIBABA_CLOUD_CREDENTIALS_URI');
    const timeoutMs = checkInteger('timeoutMs', options.timeoutMs ?? 10_000, 1, MAX_TIMEOUT_MS);
    this.#timeoutMs = timeoutMs;
    this.#refreshing = new RefreshingCredentialProvider({
      fetchCredential: () => this.#fetch(),
      name: 'Uri',
      refreshAheadMs: options.refreshAheadMs,
      now: options.now,
    });
  }

  /** The URI, as messages show it (no user info, no query). */
  get credentialsUri(): string {
    return shown(this.#url);
  }

  getCredential(): Promise<Credential> {
    return this.#refreshing.getCredential();
  }

  async #fetch(): Promise<Credential> {
    const what = `Credentials URI GET ${shown(this.#url)}`;
    // Never followed: whatever the URI's server says, the credentials come from it alone.
    const { ok, status, text } = await fetchCredentialText(this.#url, {
      headers: { accept: 'application/json' },
      timeoutMs: this.#timeoutMs,
      what,
    });
    // The body is not quoted: it may hold the secret.
    if (!ok) throw answeredStatus(what, status);
    return parseSessionCredentials(text, what, false);
  }

  toString(): string {
    return `UriCredentialProvider(${shown(this.#url)})`;
  }

  toJSON(): Record<string, string> {
    return { type: 'UriCredentialProvider', credentialsUri: shown(this.#url) };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
