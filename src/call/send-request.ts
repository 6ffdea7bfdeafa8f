import ky from 'ky';
import type { FetchLike } from '../config.js';
import type { SignedRequest } from './build-rpc-request.js';

/** What came back: status, headers and the whole body as text. */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Why a send ended without a response. */
export type SendFailure = { kind: 'timeout' } | { kind: 'aborted' } | { kind: 'network'; cause: unknown };

/** Thrown by {@link sendRequest} when no response could be read. */
export class SendError extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.kind);
    this.name = 'SendError';
  }
}

const TIMEOUT = Symbol('timeout');

/**
 * Sends a signed request with ky (ky's own retry and timeout off: both live in our pipeline) and
 * reads the whole body. `timeout` bounds the attempt as a whole, body included; aborting
 * `controller` (the attempt's own: it is also the one the timeout aborts) aborts it.
 */
export async function sendRequest(
  request: SignedRequest,
  options: { timeout: number; controller: AbortController; fetch: FetchLike | undefined },
): Promise<RawResponse> {
  const controller = options.controller;
  const signal = controller.signal;
  if (signal.aborted) throw new SendError({ kind: 'aborted' });
  const timer = setTimeout(() => controller.abort(TIMEOUT), options.timeout);
  const userFetch = options.fetch;
  try {
    const response = await ky(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      // A custom fetch sees the signal on the Request (through ky's `signal`, which ky combines
      // with its own by `AbortSignal.any`). The global fetch gets it in `init` instead: fetch
      // makes a new Request from ky's anyway, and that one then follows our signal alone, which
      // saves the combined signal (~15 µs a call in Node 20, and the WeakRefs behind it).
      ...(userFetch
        ? {
            signal,
            fetch: (input: Request | URL | string, init?: RequestInit) =>
              userFetch(input instanceof Request ? input : new Request(input, init), init),
          }
        : {
            fetch: (input: Request | URL | string, init?: RequestInit) =>
              globalThis.fetch(input, { ...init, signal }),
          }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (signal.aborted) {
      throw new SendError(signal.reason === TIMEOUT ? { kind: 'timeout' } : { kind: 'aborted' });
    }
    throw new SendError({ kind: 'network', cause: error });
  } finally {
    clearTimeout(timer);
  }
}
