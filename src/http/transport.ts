/**
 * The HTTP methods calls use: `POST` and `GET` for RPC; any of them for ROA.
 *
 * @example
 * import type { HttpMethod } from 'alicloud-rx';
 * const method: HttpMethod = 'DELETE';
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';

/** A fetch-compatible function: the fetch under ky, taken by `Config.withFetch` and `kyTransport(fetch)`. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/**
 * One HTTP exchange as the call pipeline hands it to a transport: a signed request, ready to send.
 * The transport sends it as it is (no redirects followed, no retries: both live in the pipeline).
 */
export interface TransportRequest {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** Aborted on unsubscribe and when `readTimeout` runs out: the transport must stop at once. */
  readonly signal: AbortSignal;
  /** Ms to wait for a new connection to open; transports that cannot tell may ignore it. */
  readonly connectTimeout: number;
  /**
   * The most bytes of body (decoded, after gzip/deflate/br) to read: past it the transport stops
   * reading, aborts the exchange and rejects with {@link ResponseTooLarge}.
   */
  readonly maxResponseBytes: number;
}

/** What came back: status, headers (case-insensitive `get`) and the whole body as text. */
export interface TransportResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly text: string;
}

/**
 * Sends one request and reads the whole answer; rejects when no answer could be read (the
 * pipeline turns that into `NetworkError`, or `TimeoutError`/`CancelledError` when `signal` was
 * aborted). The default is ky over fetch; `nodeHttpTransport()` from `alicloud-rx/node` is a
 * leaner one for Node programs. Set it with {@link Config.withTransport}.
 *
 * @example
 * import type { Transport } from 'alicloud-rx';
 * const logging = (inner: Transport): Transport => async (request) => {
 *   const response = await inner(request);
 *   console.log(request.method, new URL(request.url).host, response.status);
 *   return response;
 * };
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/**
 * Thrown by a transport when a new connection did not open within `connectTimeout`: nothing was
 * sent, so the pipeline may always retry it.
 *
 * @example
 * import { ConnectTimeout } from 'alicloud-rx';
 * throw new ConnectTimeout('ecs.cn-hangzhou.aliyuncs.com', 5000);
 */
export class ConnectTimeout extends Error {
  constructor(
    readonly host: string,
    readonly timeout: number,
  ) {
    super(`Connecting to ${host} took longer than ${timeout} ms.`);
    this.name = 'ConnectTimeout';
  }
}

/**
 * Thrown by a transport when an answer's body (decoded) grew past `maxResponseBytes`: reading
 * stopped there and the exchange was aborted. The pipeline turns it into `ResponseTooLargeError`.
 *
 * @example
 * import { ResponseTooLarge } from 'alicloud-rx';
 * throw new ResponseTooLarge(16 * 1024 * 1024);
 */
export class ResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The answer is larger than ${limit} bytes.`);
    this.name = 'ResponseTooLarge';
  }
}

/**
 * Thrown by a transport that saw a redirect it cannot describe (a browser's fetch with
 * `redirect: 'manual'` hides the status and target). Redirects are never followed: the signed
 * request and its credentials stay with the endpoint's origin.
 *
 * @example
 * import { RedirectRefused } from 'alicloud-rx';
 * throw new RedirectRefused();
 */
export class RedirectRefused extends Error {
  constructor() {
    super('The endpoint answered with a redirect, which is not followed.');
    this.name = 'RedirectRefused';
  }
}

/**
 * True for a redirect status (3xx), which no request of alicloud-rx follows.
 *
 * @example
 * import { isRedirectStatus } from 'alicloud-rx';
 * isRedirectStatus(307); // true
 */
export function isRedirectStatus(status: number): boolean {
  return status >= 300 && status < 400;
}
