import { NetworkError } from '../errors/network-error.js';
import { ResponseTooLargeError } from '../errors/response-too-large-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { AttemptAbort } from './attempt-abort.js';
import type { SignedRequest } from './build-rpc-request.js';
import { redirectError } from './parse-response.js';
import {
  ConnectTimeout,
  RedirectRefused,
  ResponseTooLarge,
  type Transport,
  type TransportResponse,
} from '../http/transport.js';

/** Why a send ended without a response. */
export type SendFailure =
  | { kind: 'timeout' }
  | { kind: 'connect-timeout' }
  | { kind: 'aborted' }
  | { kind: 'too-large'; limit: number }
  | { kind: 'redirect' }
  | { kind: 'network'; cause: unknown };

/** Thrown by {@link sendRequest} when no response could be read. */
export class SendError extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.kind);
    this.name = 'SendError';
  }
}

const TIMEOUT = Symbol('timeout');

/** How one request is sent: bounds, how the attempt is aborted, and the transport. */
export interface SendOptions {
  timeout: number;
  connectTimeout: number;
  maxResponseBytes: number;
  abort: AttemptAbort;
  transport: Transport;
}

/**
 * Sends a signed request through `transport` and reads the whole body. `timeout` bounds the
 * attempt as a whole, body included; `abort` (the attempt's own: the timeout aborts it too) aborts
 * it. The transport's `signal` is an own getter: the AbortSignal is made only if it is read. A body past `maxResponseBytes` fails the send, also from a
 * transport of the caller's that does not stop reading by itself.
 */
export async function sendRequest(request: SignedRequest, options: SendOptions): Promise<TransportResponse> {
  const abort = options.abort;
  if (abort.aborted) throw new SendError({ kind: 'aborted' });
  const timer = setTimeout(() => abort.abort(TIMEOUT), options.timeout);
  const limit = options.maxResponseBytes;
  let response: TransportResponse;
  try {
    response = await options.transport({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body,
      get signal() {
        return abort.signal;
      },
      connectTimeout: options.connectTimeout,
      maxResponseBytes: limit,
    });
  } catch (error) {
    if (abort.aborted) {
      throw new SendError(abort.reason === TIMEOUT ? { kind: 'timeout' } : { kind: 'aborted' });
    }
    if (error instanceof ConnectTimeout) throw new SendError({ kind: 'connect-timeout' });
    if (error instanceof ResponseTooLarge) throw new SendError({ kind: 'too-large', limit });
    if (error instanceof RedirectRefused) throw new SendError({ kind: 'redirect' });
    throw new SendError({ kind: 'network', cause: error });
  } finally {
    clearTimeout(timer);
  }
  // A UTF-16 string of more characters than `limit` came from more than `limit` bytes.
  if (response.text.length > limit) throw new SendError({ kind: 'too-large', limit });
  return response;
}

/**
 * The typed error a failed send stands for: `TimeoutError` (read or connect), `NetworkError` (its
 * text passed through `redact`), `ResponseTooLargeError`, `ServerError` `SDK.UnexpectedRedirect`,
 * or the `SendError` itself for an abort (the caller cancelled).
 */
export function sendFailureError(
  error: SendError,
  call: { action: string; readTimeout: number; connectTimeout: number; attempts: number },
  redact: (text: string) => string,
): Error {
  const failure = error.failure;
  if (failure.kind === 'timeout') return new TimeoutError(call.action, call.readTimeout, call.attempts);
  if (failure.kind === 'connect-timeout') {
    return new TimeoutError(call.action, call.connectTimeout, call.attempts, 'connect');
  }
  if (failure.kind === 'network') return new NetworkError(call.action, call.attempts, failure.cause, redact);
  if (failure.kind === 'too-large')
    return new ResponseTooLargeError(call.action, failure.limit, call.attempts);
  if (failure.kind === 'redirect') return redirectError(undefined, undefined, { ...call, redact });
  return error;
}
