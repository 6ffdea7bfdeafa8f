import { lastValueFrom, Observable } from 'rxjs';
import { buildRoaRequest } from '../call/build-roa-request.js';
import { checkCallOptions, type CallOptions } from '../call/call-options.js';
import { callPipeline$, type CallSpec } from '../call/call-pipeline.js';
import type { CallTrace } from '../events/call-trace.js';
import { flattenParams, type RpcParams } from '../call/rpc-params.js';
import { ClientError, describeValue, invalidParam } from '../errors/client-error.js';
import { isHeaderValue } from '../http/header-value.js';
import type { HttpMethod } from '../http/transport.js';
import { formEncode, percentEncode } from '../signing/percent-encode.js';
import { ApiClient, CALLBACK_OF, CHAN_OF, type ApiClientOptions } from './api-client.js';
import { jsonText } from './json-text.js';
import type { CallCallback, CallbackResult } from './call-forms.js';
import { TOKEN_NAMES } from './filled-params.js';

/**
 * What a {@link RoaClient} is built from (see {@link ApiClientOptions}).
 *
 * @example
 * const options: RoaClientOptions = { product: 'cs', version: '2015-12-15', regionId: 'cn-hangzhou', credential };
 */
export type RoaClientOptions = ApiClientOptions;

/**
 * One ROA call: method, path (with `[Name]` placeholders filled from `pathParams`), query, body
 * and headers, as the API reference lists them.
 *
 * @example
 * const request: RoaRequest = { method: 'GET', pathname: '/clusters/[ClusterId]', pathParams: { ClusterId: 'c-1' } };
 */
export interface RoaRequest {
  method: HttpMethod;
  /** The path, e.g. `/clusters/[ClusterId]/nodepools`: each `[Name]` is replaced by `pathParams.Name`, percent-encoded. */
  pathname: string;
  pathParams?: Readonly<Record<string, string | number>>;
  /** Query parameters, flattened as RPC parameters are (`Tag.1.Key`); values never shown in errors. */
  query?: RpcParams;
  /** The body: JSON (`bodyType: 'json'`, the default) or a form (`'form'`, flattened as the query). */
  body?: unknown;
  /** @default 'json' */
  bodyType?: 'json' | 'form';
  /** Extra headers (printable Latin-1); the signing headers, `host`, `authorization` and `content-type` are the SDK's. */
  headers?: Readonly<Record<string, string>>;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'];
const ACTION = /^[A-Za-z][A-Za-z0-9]*$/;
const PLACEHOLDER = /\[([^\]/]+)\]/g;
const RESERVED =
  /^(host|authorization|accept|user-agent|content-type|content-length|x-acs-(action|version|date|signature-nonce|content-sha256|security-token))$/;
// A dot segment or a backslash would be normalised away by the URL parser after signing (and a
// `..` could leave the intended path); a `%` must start an escape.
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;
const BAD_PERCENT = /%(?![0-9a-f]{2})/i;

/** A checked ROA call: what its attempts are built from. */
interface RoaCall {
  method: HttpMethod;
  path: string;
  query: readonly (readonly [string, string])[];
  body: string | undefined;
  contentType: string | undefined;
  headers: Record<string, string>;
  /** A non-empty idempotency token (`ClientToken`, `clientToken`, `client_token`) in the query or at the top of the body: safe to send twice. */
  clientToken: boolean;
}

function hasClientToken(params: unknown): boolean {
  if (typeof params !== 'object' || params === null) return false;
  return TOKEN_NAMES.some((name) => {
    const token: unknown = (params as Record<string, unknown>)[name];
    return typeof token === 'string' && token !== '';
  });
}

// Pathnames already found good: a typed client sends each action's constant pathname again and
// again, so its checks run once, not per call.
const checkedPaths = new Set<unknown>();
const CHECKED_PATHS_LIMIT = 1024;

function checkPathname(pathname: unknown): void {
  if (
    typeof pathname !== 'string' ||
    !pathname.startsWith('/') ||
    /[?#\s\\]/.test(pathname) ||
    DOT_SEGMENT.test(pathname) ||
    BAD_PERCENT.test(pathname)
  )
    throw invalidParam(
      'pathname',
      pathname,
      "a path starting with '/', without '?', '#', spaces, backslashes, '.' or '..' segments or a stray '%', such as '/clusters/[ClusterId]'",
    );
  if (checkedPaths.size >= CHECKED_PATHS_LIMIT) checkedPaths.clear();
  checkedPaths.add(pathname);
}

function checkRequest(request: RoaRequest): RoaCall {
  if (typeof request !== 'object' || request === null)
    throw invalidParam('request', request, "an object such as { method: 'GET', pathname: '/clusters' }");
  if (!METHODS.includes(request.method))
    throw invalidParam('method', request.method, METHODS.map((m) => `'${m}'`).join(', '));
  const pathname = request.pathname;
  if (!checkedPaths.has(pathname)) checkPathname(pathname);
  const pathParams = request.pathParams ?? {};
  const path = pathname.replace(PLACEHOLDER, (_, name: string) => {
    const value: unknown = Object.hasOwn(pathParams, name) ? pathParams[name] : undefined;
    if (value === undefined || value === '')
      throw new ClientError(
        'SDK.MissingParam',
        `The path parameter ${name} is missing: ${pathname} needs it.`,
      );
    if (typeof value !== 'string' && typeof value !== 'number')
      throw invalidParam(`pathParams.${name}`, value, 'a string or a number');
    if (value === '.' || value === '..')
      throw invalidParam(
        `pathParams.${name}`,
        value,
        "an id, not '.' or '..' (the path would change after signing)",
      );
    return percentEncode(String(value));
  });
  const query = request.query === undefined ? [] : flattenParams(request.query);
  let body: string | undefined;
  let contentType: string | undefined;
  const bodyType = request.bodyType ?? 'json';
  if (bodyType !== 'json' && bodyType !== 'form')
    throw invalidParam('bodyType', bodyType, "'json' or 'form'");
  if (request.body !== undefined) {
    if (request.method === 'GET' || request.method === 'HEAD')
      throw new ClientError('SDK.InvalidParam', `Invalid body: a ${request.method} request carries none.`);
    if (bodyType === 'form') {
      body = formEncode(flattenParams(request.body as RpcParams));
      contentType = 'application/x-www-form-urlencoded';
    } else {
      body = jsonBody(request.body);
      contentType = 'application/json; charset=utf-8';
    }
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const lower = name.toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(lower))
      throw invalidParam('headers', name, 'header names of letters, digits and -');
    if (RESERVED.test(lower))
      throw new ClientError(
        'SDK.InvalidParam',
        `Invalid headers: ${lower} is set by the SDK, not by a request.`,
      );
    // The value is never shown: a header may carry a token.
    if (!isHeaderValue(value))
      throw new ClientError(
        'SDK.InvalidParam',
        `Invalid value for headers.${lower}: expected printable Latin-1 text without line breaks (value not shown).`,
      );
    headers[lower] = value;
  }
  const clientToken = hasClientToken(request.query) || hasClientToken(request.body);
  return { method: request.method, path, query, body, contentType, headers, clientToken };
}

function jsonBody(body: unknown): string {
  const text = jsonText(body);
  if (text !== undefined) return text;
  throw new ClientError(
    'SDK.InvalidParam',
    `Invalid body: expected JSON-serialisable data; got ${describeValue(body)}.`,
  );
}

/**
 * The generic client of any ROA-style Alibaba Cloud API (Container Service and others): REST
 * paths and methods, a JSON or form body, ACS3-HMAC-SHA256 signing with the path as canonical
 * URI. The same config, pool, four call forms, retries and errors as {@link RpcClient}: only
 * the request is built differently. `GET` and `HEAD` calls are safe to retry; others when the
 * call says `idempotent: true` or carries a `ClientToken` in its query or body.
 *
 * @example
 * import { AccessKeyCredential, RoaClient } from 'alicloud-rx';
 * const cs = new RoaClient({ product: 'cs', version: '2015-12-15', regionId: 'cn-hangzhou', credential: new AccessKeyCredential(id, secret) });
 * const cluster = await cs.request('DescribeClusterDetail', { method: 'GET', pathname: '/clusters/[ClusterId]', pathParams: { ClusterId: 'c-1' } });
 */
export class RoaClient extends ApiClient {
  /**
   * One call as a cold Observable; checked at once (a bad request sends nothing), sent when
   * subscribed, cancelled when unsubscribed.
   *
   * @example
   * cs.request$('DescribeClustersV1', { method: 'GET', pathname: '/api/v1/clusters', query: { page_size: 10 } }).subscribe(console.log);
   */
  request$<T = Record<string, unknown>>(
    action: string,
    request: RoaRequest | (() => RoaRequest),
    options?: CallOptions,
  ): Observable<T> {
    return this.admit$(
      String(action),
      (trace) => this.#call$<T>(action, request, options, trace),
      options?.signal,
    );
  }

  /**
   * The same call as a Promise.
   *
   * @example
   * const detail = await cs.request('DescribeClusterDetail', { method: 'GET', pathname: '/clusters/[ClusterId]', pathParams: { ClusterId } });
   */
  request<T = Record<string, unknown>>(
    action: string,
    request: RoaRequest,
    options?: CallOptions,
  ): Promise<T> {
    return lastValueFrom(this.request$<T>(action, request, options));
  }

  /**
   * Go's `WithChan` form (async must be on).
   *
   * @example
   * const [response, error] = cs.requestWithChan('DescribeClustersV1', { method: 'GET', pathname: '/api/v1/clusters' });
   */
  requestWithChan<T = Record<string, unknown>>(
    action: string,
    request: RoaRequest,
    options?: CallOptions,
  ): [Promise<T | undefined>, Promise<Error | undefined>] {
    return this[CHAN_OF](String(action), this.request$<T>(action, request, options));
  }

  /**
   * Go's `WithCallback` form (async must be on).
   *
   * @example
   * await cs.requestWithCallback('DescribeClustersV1', { method: 'GET', pathname: '/api/v1/clusters' }, (res, err) => log(res ?? err));
   */
  requestWithCallback<T = Record<string, unknown>>(
    action: string,
    request: RoaRequest,
    callback: CallCallback<T>,
    options?: CallOptions,
  ): Promise<CallbackResult> {
    return this[CALLBACK_OF](String(action), this.request$<T>(action, request, options), callback);
  }

  #call$<T>(
    action: string,
    request: RoaRequest | (() => RoaRequest),
    callOptions: CallOptions | undefined,
    trace: CallTrace | undefined,
  ): Observable<T> {
    if (typeof action !== 'string' || !ACTION.test(action))
      throw invalidParam('action', action, "letters and digits, such as 'DescribeClusterDetail'");
    const options = checkCallOptions(callOptions);
    const call = checkRequest(typeof request === 'function' ? request() : request);
    return new Observable<T>((subscriber) =>
      this.#pipeline$<T>(action, call, options, trace).subscribe(subscriber),
    );
  }

  #pipeline$<T>(
    action: string,
    call: RoaCall,
    options: CallOptions,
    trace: CallTrace | undefined,
  ): Observable<T> {
    const config = this.config;
    const sending = this.sending;
    const endpoint = this.endpoint;
    const version = this.version;
    const safe = call.method === 'GET' || call.method === 'HEAD' || call.clientToken;
    const spec: CallSpec = {
      action,
      build: (credential, date, nonce) =>
        buildRoaRequest({
          endpoint,
          method: call.method,
          path: call.path,
          action,
          version,
          query: call.query,
          body: call.body,
          contentType: call.contentType,
          headers: call.headers,
          userAgent: sending.userAgent,
          credential,
          date,
          nonce,
        }),
      credential: this.credentialProvider,
      transport: sending.transport,
      secrets: options.secrets,
      budget: config.budget,
      trace,
      anySuccessBody: true, // ROA answers may be arrays, or empty (HEAD, 204)
      policy: this.policyOf(config, options, safe),
    };
    return callPipeline$<T>(spec, sending.environment);
  }
}
