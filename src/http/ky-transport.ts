import ky from 'ky';
import { invalidParam } from '../errors/client-error.js';
import { readCappedText } from './read-capped-text.js';
import { RedirectRefused, type FetchLike, type Transport } from './transport.js';

/**
 * The default transport: ky (its own retry and timeout off: both live in the pipeline) over the
 * global fetch, or over `fetchImpl` (see `Config.withFetch`). Works in browsers and Node; fetch
 * cannot bound the connect phase alone, so `connectTimeout` is folded into `readTimeout`.
 * Redirects are not followed (`redirect: 'manual'`): a 3xx comes back as it is, and the pipeline
 * makes it an error. The body is read chunk by chunk up to `maxResponseBytes`.
 *
 * @example
 * import { Config, kyTransport } from 'alicloud-rx';
 * const config = new Config().withTransport(kyTransport(myProxyFetch));
 */
export function kyTransport(fetchImpl?: FetchLike): Transport {
  if (fetchImpl !== undefined && typeof fetchImpl !== 'function') {
    throw invalidParam('fetch', fetchImpl, 'a fetch-compatible function');
  }
  return async (request) => {
    const signal = request.signal;
    const response = await ky(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      redirect: 'manual',
      // A custom fetch sees the signal on the Request (through ky's `signal`, which ky combines
      // with its own by `AbortSignal.any`). The global fetch gets it in `init` instead: fetch
      // makes a new Request from ky's anyway, and that one then follows our signal alone, which
      // saves the combined signal (~15 µs a call in Node 20, and the WeakRefs behind it).
      ...(fetchImpl
        ? {
            signal,
            fetch: (input: Request | URL | string, init?: RequestInit) =>
              fetchImpl(input instanceof Request ? input : new Request(input, init), init),
          }
        : {
            fetch: (input: Request | URL | string, init?: RequestInit) =>
              globalThis.fetch(input, { ...init, signal }),
          }),
    });
    // A browser hides a manual redirect's status and target behind an opaque answer.
    // A custom fetch that ignored `redirect: 'manual'` followed one: its answer is not ours.
    if (response.type === 'opaqueredirect' || response.redirected) throw new RedirectRefused();
    const text = await readCappedText(response, request.maxResponseBytes);
    return { status: response.status, headers: response.headers, text };
  };
}
