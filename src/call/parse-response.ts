import { ServerError } from '../errors/server-error.js';
import { ThrottlingError } from '../errors/throttling-error.js';
import type { TransportResponse } from './transport.js';

const SUCCESS_CODES = new Set(['200', 'OK', 'Success', 'success']);
const SNIPPET = 200;
/** The most of a service's `Message` an error quotes (a signature mismatch's string-to-sign fits). */
const MAX_MESSAGE = 4000;

/** What the caller's error should say about the call it came from. */
export interface ResponseContext {
  action: string;
  attempts: number;
  /** Removes secrets from text the server sent back. */
  redact: (text: string) => string;
}

function field(body: Record<string, unknown>, ...names: string[]): string | undefined {
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

function invalidResponse(response: TransportResponse, context: ResponseContext, why: string): ServerError {
  const type = response.headers.get('content-type') ?? 'no content-type';
  // Redact the whole text, then cut: cut first, a secret across the cut would leave its start behind.
  const text = context.redact(response.text);
  const snippet = text.slice(0, SNIPPET).replace(/\s+/g, ' ');
  return new ServerError({
    code: 'SDK.InvalidResponse',
    message: `${why} (HTTP ${response.status}, ${type}): ${JSON.stringify(snippet)}${text.length > SNIPPET ? '…' : ''}`,
    statusCode: response.status,
    action: context.action,
    requestId: response.headers.get('x-acs-request-id') ?? undefined,
    attempts: context.attempts,
  });
}

/**
 * Turns a raw response into the parsed body, or throws the typed error it stands for: a 4xx/5xx,
 * or a 2xx whose body carries a `Code` other than `200`/`OK`/`Success`, is a `ServerError`
 * (`ThrottlingError` for any `Throttling*` code); an unreadable body is `SDK.InvalidResponse`.
 */
export function parseResponse<T>(response: TransportResponse, context: ResponseContext): T {
  let body: unknown;
  try {
    body = response.text === '' ? undefined : JSON.parse(response.text);
  } catch {
    throw invalidResponse(response, context, 'The response body is not JSON');
  }
  const ok = response.status >= 200 && response.status < 300;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidResponse(
      response,
      context,
      ok ? 'The response body is not a JSON object' : 'The service failed',
    );
  }
  const record = body as Record<string, unknown>;
  const code = field(record, 'Code', 'code');
  if (ok && (code === undefined || SUCCESS_CODES.has(code))) return body as T;
  const details = {
    code: code ?? `HTTP.${response.status}`,
    message: capped(context.redact(field(record, 'Message', 'message') ?? 'no message')),
    statusCode: response.status,
    action: context.action,
    requestId:
      field(record, 'RequestId', 'requestId') ?? response.headers.get('x-acs-request-id') ?? undefined,
    hostId: field(record, 'HostId', 'hostId'),
    recommend: field(record, 'Recommend', 'recommend'),
    attempts: context.attempts,
  };
  if (details.code.includes('Throttling')) {
    return throwError(new ThrottlingError({ ...details, retryAfter: retryAfterMs(response.headers) }));
  }
  return throwError(new ServerError(details));
}

// Redacted first, then cut: cut first, a secret across the cut would leave its start behind.
function capped(message: string): string {
  if (message.length <= MAX_MESSAGE) return message;
  return `${message.slice(0, MAX_MESSAGE)}… (${message.length - MAX_MESSAGE} more characters)`;
}

function throwError(error: Error): never {
  throw error;
}
