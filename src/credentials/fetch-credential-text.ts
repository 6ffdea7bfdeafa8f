import { readCappedText } from '../http/read-capped-text.js';
import { isRedirectStatus, ResponseTooLarge } from '../http/transport.js';
import { errorCode } from '../errors/network-error.js';
import { credentialError } from './node-credential-options.js';

/** The most of an answer a credential source reads: a token or a credentials document is a few KB. */
export const MAX_CREDENTIAL_ANSWER_BYTES = 64 * 1024;

/** What {@link fetchCredentialText} sends, and how its errors name it. */
export interface CredentialRequest {
  readonly method?: 'GET' | 'PUT';
  readonly headers: Record<string, string>;
  readonly timeoutMs: number;
  /** The request as messages name it, e.g. `ECS metadata GET http://100.100.100.200/…`. */
  readonly what: string;
  /** Appended to a network failure's message, e.g. ` (is this an ECS instance?)`. */
  readonly hint?: string;
}

/**
 * One request of a Node credential source (metadata service, credentials URI) over the global
 * fetch: redirects never followed (the token and the credentials stay with that service), the
 * answer read up to {@link MAX_CREDENTIAL_ANSWER_BYTES}, the whole exchange bounded by `timeoutMs`.
 * Failures are `SDK.CredentialError` naming the request and the system code; never the fetch error
 * itself as cause (its fields may hold the URL's query or the server's raw bytes).
 *
 * @example
 * const { ok, status, text } = await fetchCredentialText(url, { headers: {}, timeoutMs: 1000, what: `GET ${url}` });
 */
export async function fetchCredentialText(
  url: string | URL,
  request: CredentialRequest,
): Promise<{ status: number; ok: boolean; text: string }> {
  const { what, hint = '' } = request;
  try {
    const response = await fetch(url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const text = await readCappedText(response, MAX_CREDENTIAL_ANSWER_BYTES);
    return { status: response.status, ok: response.ok, text };
  } catch (error) {
    if (error instanceof ResponseTooLarge)
      throw credentialError(`${what} answered more than ${MAX_CREDENTIAL_ANSWER_BYTES} bytes.`);
    const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
    const code = errorCode(error);
    throw credentialError(
      timedOut
        ? `${what} got no answer within ${request.timeoutMs} ms${hint}.`
        : `${what} failed at the network level${code === undefined ? '' : ` (${code})`}${hint}.`,
    );
  }
}

/** The error of an answer that is not 2xx: its status only (the body may hold a secret). */
export function answeredStatus(what: string, status: number): Error {
  const redirect = isRedirectStatus(status) ? ' (redirects are not followed)' : '';
  return credentialError(`${what} answered HTTP ${status}${redirect}.`);
}
