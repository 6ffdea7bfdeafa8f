import { NetworkError } from '../errors/network-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { SignedRequest } from './build-rpc-request.js';
import { ConnectTimeout, type Transport, type TransportResponse } from './transport.js';

/** Why a send ended without a response. */
export type SendFailure =
  | { kind: 'timeout' }
  | { kind: 'connect-timeout' }
  | { kind: 'aborted' }
  | { kind: 'network'; cause: unknown };

/** Thrown by {@link sendRequest} when no response could be read. */
export class SendError extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.kind);
    this.name = 'SendError';
  }
}

const TIMEOUT = Symbol('timeout');

/**
 * Sends a signed request through `transport` and reads the whole body. `timeout` bounds the
 * attempt as a whole, body included; aborting `controller` (the attempt's own: it is also the one
 * the timeout aborts) aborts it.
 */
export async function sendRequest(
  request: SignedRequest,
  options: { timeout: number; connectTimeout: number; controller: AbortController; transport: Transport },
): Promise<TransportResponse> {
  const controller = options.controller;
  const signal = controller.signal;
  if (signal.aborted) throw new SendError({ kind: 'aborted' });
  const timer = setTimeout(() => controller.abort(TIMEOUT), options.timeout);
  try {
    return await options.transport({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body,
      signal,
      connectTimeout: options.connectTimeout,
    });
  } catch (error) {
    if (signal.aborted) {
      throw new SendError(signal.reason === TIMEOUT ? { kind: 'timeout' } : { kind: 'aborted' });
    }
    if (error instanceof ConnectTimeout) throw new SendError({ kind: 'connect-timeout' });
    throw new SendError({ kind: 'network', cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The typed error a failed send stands for: `TimeoutError` (read or connect), `NetworkError` (its
 * text passed through `redact`), or the `SendError` itself for an abort (the caller cancelled).
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
  return error;
}
