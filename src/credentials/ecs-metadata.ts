import { invalidParam } from '../errors/client-error.js';
import { answeredStatus, fetchCredentialText } from './fetch-credential-text.js';

/** Where and how to reach the ECS metadata service. */
export interface MetadataEndpoint {
  /** Base URL without a trailing slash, e.g. `http://100.100.100.200`. */
  readonly url: string;
  readonly timeoutMs: number;
  /** When true, a failed token request fails the call instead of going on without a token (IMDSv1). */
  readonly disableImdsV1: boolean;
}

/** The metadata service's address in every region (official SDKs: `Host: '100.100.100.200'`). */
export const DEFAULT_METADATA_URL = 'http://100.100.100.200';
/** The official SDKs' token lifetime: `defaultMetadataTokenDuration = 21600 // 6 hours`. */
const TOKEN_TTL_SECONDS = '21600';
export const TOKEN_PATH = '/latest/api/token';
export const ROLES_PATH = '/latest/meta-data/ram/security-credentials/';

/** Checks a metadata base URL (http or https); returns it without a trailing slash. */
export function checkMetadataUrl(value: unknown): string {
  const allowed = "an http(s) URL such as 'http://100.100.100.200'";
  if (typeof value !== 'string') throw invalidParam('metadataUrl', value, allowed);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidParam('metadataUrl', value, allowed);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidParam('metadataUrl', value, allowed);
  return value.replace(/\/+$/, '');
}

function send(
  endpoint: MetadataEndpoint,
  method: 'GET' | 'PUT',
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; ok: boolean; text: string }> {
  return fetchCredentialText(`${endpoint.url}${path}`, {
    method,
    headers,
    timeoutMs: endpoint.timeoutMs,
    what: `ECS metadata ${method} ${endpoint.url}${path}`,
    hint: ' (is this an ECS instance?)',
  });
}

/**
 * IMDSv2: `PUT /latest/api/token` with `X-aliyun-ecs-metadata-token-ttl-seconds: 21600` (as
 * credentials-go `getMetadataToken` and @alicloud/credentials `providers/ecs_ram_role.js` do). When
 * it fails, the official SDKs go on without a token (IMDSv1) unless IMDSv1 is disabled.
 */
export async function metadataToken(endpoint: MetadataEndpoint): Promise<string | undefined> {
  let failure: unknown;
  try {
    const response = await send(endpoint, 'PUT', TOKEN_PATH, {
      'X-aliyun-ecs-metadata-token-ttl-seconds': TOKEN_TTL_SECONDS,
    });
    const text = response.text.trim();
    if (response.ok && text !== '') return text;
    failure = answeredStatus(`ECS metadata PUT ${endpoint.url}${TOKEN_PATH}`, response.status);
  } catch (error) {
    failure = error;
  }
  if (endpoint.disableImdsV1) throw failure;
  return undefined;
}

/** `GET path` with the IMDSv2 token header when there is a token; the body as text, or a `SDK.CredentialError`. */
export async function metadataGet(
  endpoint: MetadataEndpoint,
  path: string,
  token: string | undefined,
): Promise<string> {
  const headers: Record<string, string> = token ? { 'X-aliyun-ecs-metadata-token': token } : {};
  const response = await send(endpoint, 'GET', path, headers);
  const text = response.text;
  // The body is not quoted: the credentials document holds the secret.
  if (!response.ok) throw answeredStatus(`ECS metadata GET ${endpoint.url}${path}`, response.status);
  return text;
}
