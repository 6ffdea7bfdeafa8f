import { ServerError } from '../errors/server-error.js';
import { ThrottlingError } from '../errors/throttling-error.js';
import { serverText } from './redact.js';
import { isRedirectStatus, type TransportResponse } from '../http/transport.js';

const SUCCESS_CODES = new Set(['200', 'OK', 'Success', 'success']);
const SNIPPET = 200;
/** The most of a service's `Message` an error quotes (a signature mismatch's string-to-sign fits). */
const MAX_MESSAGE = 4000;
/** The most of a one-line field (code, request id, host id, recommend, a header) an error quotes. */
const MAX_FIELD = 256;

/** What the caller's error should say about the call it came from. */
export interface ResponseContext {
  action: string;
  attempts: number;
  /** Removes secrets from text the server sent back. */
  redact: (text: string) => string;
  /**
   * ROA: a 2xx answer may be any JSON (an array, say) or empty (`{}` is returned), not only an
   * object. @default false (RPC answers are always objects)
   */
  anySuccessBody?: boolean;
}

/** The first of `names` the body holds as a non-empty string or a number (as text), else undefined. */
function bodyField(body: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = body[name];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

function retryAfterMs(headers: TransportResponse['headers']): number | undefined {
  const raw = headers.get('x-acs-retry-after');
  if (raw === null) return undefined;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

/** A header's value as an error may quote it (redacted, one line, cut), or undefined. */
function headerText(response: TransportResponse, name: string, context: ResponseContext): string | undefined {
  const value = response.headers.get(name);
  return value === null ? undefined : serverText(value, context.redact, MAX_FIELD);
}

/** A field of the body as an error may quote it (redacted, one line, cut), or undefined. */
function bodyFieldText(
  body: Record<string, unknown>,
  context: ResponseContext,
  ...names: string[]
): string | undefined {
  const value = bodyField(body, ...names);
  return value === undefined ? undefined : serverText(value, context.redact, MAX_FIELD);
}

/**
 * The RequestId of an answer, as an error or an event may quote it: the body's `RequestId` (or
 * `requestId`), else the `x-acs-request-id` header; redacted, one line, cut.
 *
 * @example
 * requestIdOf({ RequestId: 'R-1' }, response, context); // 'R-1'
 */
export function requestIdOf(
  body: unknown,
  response: TransportResponse,
  context: ResponseContext,
): string | undefined {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  return (
    (record && bodyFieldText(record, context, 'RequestId', 'requestId')) ??
    headerText(response, 'x-acs-request-id', context)
  );
}

function invalidResponse(response: TransportResponse, context: ResponseContext, why: string): ServerError {
  const type = headerText(response, 'content-type', context) ?? 'no content-type';
  const text = serverText(response.text, context.redact, SNIPPET);
  return new ServerError({
    code: 'SDK.InvalidResponse',
    message: `${why} (HTTP ${response.status}, ${type}): ${JSON.stringify(text)}`,
    statusCode: response.status,
    action: context.action,
    requestId: headerText(response, 'x-acs-request-id', context),
    attempts: context.attempts,
  });
}

/**
 * The host a redirect points to, as an error may name it: never the path or the query (a signed
 * query would be quoted back), `the same host` for a relative target.
 */
function locationHost(location: string | undefined, context: ResponseContext): string {
  if (location === undefined || location === '') return 'no Location';
  try {
    const url = new URL(location, 'http://same-host.invalid');
    // Redacted again once parsed: URL decodes and lower-cases a host, which could spell a secret.
    return url.host === 'same-host.invalid'
      ? 'a path on the same host'
      : serverText(url.host, context.redact, 255);
  } catch {
    return 'an unreadable Location';
  }
}

/**
 * The error a redirect stands for: redirects are never followed, so that a signed request, its
 * credentials and its answer never leave the endpoint's origin. Names the status and the target's
 * host, never its path or query.
 */
export function redirectError(
  status: number | undefined,
  location: string | undefined,
  context: ResponseContext,
): ServerError {
  const shown = status === undefined ? 'a redirect' : `HTTP ${status}`;
  const to = status === undefined ? '' : ` to ${locationHost(location, context)}`;
  return new ServerError({
    code: 'SDK.UnexpectedRedirect',
    message:
      `the endpoint answered ${shown}${to}. Redirects are never followed (the signed request and ` +
      'its credentials stay with the endpoint); set the endpoint to the final host.',
    statusCode: status ?? 0,
    action: context.action,
    attempts: context.attempts,
  });
}

/**
 * Turns a raw response into the parsed body, or throws the typed error it stands for: a 4xx/5xx,
 * or a 2xx whose body carries a `Code` other than `200`/`OK`/`Success`, is a `ServerError`
 * (`ThrottlingError` for any `Throttling*` code); an unreadable body is `SDK.InvalidResponse`.
 */
export function parseResponse<T>(response: TransportResponse, context: ResponseContext): T {
  if (isRedirectStatus(response.status)) {
    throw redirectError(response.status, response.headers.get('location') ?? undefined, context);
  }
  let body: unknown;
  try {
    body = response.text === '' ? undefined : JSON.parse(response.text);
  } catch {
    throw invalidResponse(response, context, 'The response body is not JSON');
  }
  const ok = response.status >= 200 && response.status < 300;
  if (
    ok &&
    context.anySuccessBody &&
    (body === undefined || typeof body !== 'object' || Array.isArray(body))
  ) {
    return (body === undefined ? {} : body) as T;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidResponse(
      response,
      context,
      ok ? 'The response body is not a JSON object' : 'The service failed',
    );
  }
  const record = body as Record<string, unknown>;
  const code = bodyField(record, 'Code', 'code');
  if (ok && (code === undefined || SUCCESS_CODES.has(code))) return body as T;
  const details = {
    code: code === undefined ? `HTTP.${response.status}` : serverText(code, context.redact, MAX_FIELD),
    message: serverText(
      bodyField(record, 'Message', 'message') ?? 'no message',
      context.redact,
      MAX_MESSAGE,
      'many',
    ),
    statusCode: response.status,
    action: context.action,
    requestId: requestIdOf(record, response, context),
    hostId: bodyFieldText(record, context, 'HostId', 'hostId'),
    recommend: bodyFieldText(record, context, 'Recommend', 'recommend'),
    attempts: context.attempts,
  };
  if (details.code.includes('Throttling')) {
    throw new ThrottlingError({ ...details, retryAfter: retryAfterMs(response.headers) });
  }
  throw new ServerError(details);
}
