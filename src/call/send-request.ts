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
 * reads the whole body. `timeout` bounds the attempt as a whole, body included; `signal` aborts it.
 */
export async function sendRequest(
  request: SignedRequest,
  options: { timeout: number; signal: AbortSignal; fetch: FetchLike | undefined },
): Promise<RawResponse> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(TIMEOUT), options.timeout);
  const userFetch = options.fetch;
  try {
    if (options.signal.aborted) throw new SendError({ kind: 'aborted' });
    const response = await ky(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      ...(userFetch
        ? {
            fetch: (input, init) =>
              userFetch(input instanceof Request ? input : new Request(input, init), init),
          }
        : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (error instanceof SendError) throw error;
    if (controller.signal.aborted) {
      throw new SendError(controller.signal.reason === TIMEOUT ? { kind: 'timeout' } : { kind: 'aborted' });
    }
    throw new SendError({ kind: 'network', cause: error });
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}
