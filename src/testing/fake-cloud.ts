import { authenticate, CLOCK_WINDOW_MS, type AuthContext } from './authenticate.js';
import { ConnectionResetError } from './connection-reset-error.js';
import { EcsApiError } from './ecs/ecs-api-error.js';
import { ECS_VERSION, handleEcsAction } from './ecs/ecs-actions.js';
import { CMS_VERSION, handleCmsAction } from './cms/cms-actions.js';
import { handleVpcAction, VPC_VERSION } from './vpc/vpc-actions.js';
import { EcsState } from './ecs/ecs-state.js';
import { DEFAULT_ACCOUNTS, type FakeAccount } from './fake-account.js';
import { countOutcome, emptyStats, type FakeCloudStats } from './fake-cloud-stats.js';
import { latencyFor, type FakeCloudFaults, type FaultOptions } from './fault-options.js';
import { NonceCache } from './nonce-cache.js';
import { QpsLimiter } from './qps-limiter.js';
import { Prng } from './ecs/prng.js';
import { readCappedText } from '../http/read-capped-text.js';
import { ResponseTooLarge } from '../http/transport.js';
import { slowBody } from './slow-body.js';

/** How a fake cloud is set up; everything is optional. */
export interface FakeCloudOptions {
  /** @default testid / testsecret (accepting the STS token `test-sts-token/with+special=chars`) */
  accounts?: readonly FakeAccount[];
  /** Seed of the generated instances and of the injected faults. @default 42 */
  seed?: number;
  /** @default 100 */
  instancesPerRegion?: number;
  /** Region ids to serve (a subset of the known ones). @default all */
  regions?: readonly string[];
  /** Simulated duration of `Starting`, `Stopping` and `Pending`. @default 2000 */
  transitionMs?: number;
  /** The clock, in epoch ms. @default Date.now */
  now?: () => number;
  /** Refuse requests signed more than 15 minutes off the clock. @default true */
  checkClock?: boolean;
  /** Refuse a replayed nonce. @default true */
  checkNonce?: boolean;
  faults?: FakeCloudFaults;
  /** Larger bodies get `413 RequestEntityTooLarge`. @default 1 MiB */
  maxBodyBytes?: number;
}

/** A fake ECS endpoint as a fetch handler (browser-safe). */
export interface FakeCloud {
  /** Fetch-compatible: pass it to `Config.withFetch`, or serve it with `startFakeCloud`. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  readonly state: EcsState;
  /** Live counters (see {@link FakeCloudStats}). */
  readonly stats: FakeCloudStats;
  /** The faults in force; assign to change them while running. */
  faults: FakeCloudFaults;
  /** Starts counting afresh; calls already in flight are counted in the stats they started in. */
  resetStats(): void;
}

const JSON_TYPE = 'application/json;charset=utf-8';

type ActionHandler = (
  state: EcsState,
  action: string,
  params: Readonly<Record<string, string>>,
) => Record<string, unknown>;

/** The products served, by API version. */
const PRODUCTS: ReadonlyMap<string, ActionHandler> = new Map([
  [ECS_VERSION, handleEcsAction],
  [CMS_VERSION, handleCmsAction],
  [VPC_VERSION, handleVpcAction],
]);

/** One call as the stats see it: its action once known, how it ended, and the slow body drawn for it. */
interface CallRecord {
  action: string;
  outcome?: string;
  slowBody?: { intervalMs: number; chunkSize: number };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

function sum(a: number | undefined, b: number | undefined): number {
  return (a ?? 0) + (b ?? 0);
}

/** A request's body as text, or undefined once it is over `limit` bytes (the rest left unread). */
async function bodyWithin(request: Request, limit: number, onRead: (bytes: number) => void) {
  try {
    return await readCappedText(request, limit, onRead);
  } catch (error) {
    if (error instanceof ResponseTooLarge) return undefined;
    throw error;
  }
}

/**
 * Creates a fake Alibaba Cloud ECS endpoint: it checks signatures as the cloud does, keeps ECS
 * state generated from a seed, and injects faults. No Node built-ins: it runs in browsers too.
 *
 * @example
 * import { Config, RpcClient, AccessKeyCredential } from 'alicloud-rx';
 * import { createFakeCloud } from 'alicloud-rx/testing';
 * const cloud = createFakeCloud({ faults: { throttleQps: 20 } });
 * const config = new Config().withEndpoint('http://fake.local').withFetch(cloud.fetch);
 * const ecs = new RpcClient({ product: 'ecs', version: '2014-05-26', regionId: 'cn-hangzhou', config,
 *   credential: new AccessKeyCredential('testid', 'testsecret') });
 */
export function createFakeCloud(options: FakeCloudOptions = {}): FakeCloud {
  const now = options.now ?? (() => Date.now());
  const seed = options.seed ?? 42;
  const prng = new Prng(seed ^ 0x5eed);
  const random = () => prng.next();
  const state = new EcsState({
    seed,
    instancesPerRegion: options.instancesPerRegion,
    regions: options.regions,
    now,
    transitionMs: options.transitionMs,
  });
  const auth: AuthContext = {
    accounts: options.accounts ?? DEFAULT_ACCOUNTS,
    now,
    checkClock: options.checkClock ?? true,
    checkNonce: options.checkNonce ?? true,
    nonces: new NonceCache(CLOCK_WINDOW_MS),
  };
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const limiters = new Map<string, QpsLimiter>();
  let stats = emptyStats();
  let faults: FakeCloudFaults = options.faults ?? {};
  let requestCount = 0;

  const requestId = () => {
    const hex = (n: number) =>
      Math.floor(random() * 16 ** n)
        .toString(16)
        .toUpperCase()
        .padStart(n, '0');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${(++requestCount % 0x10000).toString(16).toUpperCase().padStart(4, '0')}-${hex(12)}`;
  };
  const reply = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const id = requestId();
    return new Response(JSON.stringify({ RequestId: id, ...body }), {
      status,
      headers: { 'content-type': JSON_TYPE, 'x-acs-request-id': id, ...headers },
    });
  };
  const error = (status: number, code: string, message: string, headers?: Record<string, string>) =>
    reply(
      status,
      {
        HostId: 'ecs.aliyuncs.com',
        Code: code,
        Message: message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Ecs`,
      },
      headers,
    );

  const limiter = (key: string, qps: number | undefined) => {
    if (!qps) return undefined;
    let l = limiters.get(key);
    if (!l || l.qps !== qps) limiters.set(key, (l = new QpsLimiter(qps)));
    return l;
  };
  const faultsFor = (action: string): FaultOptions => ({ ...faults, ...faults.actions?.[action] });

  function paramsOf(
    request: Request,
    text: string,
    verified: Record<string, string>,
    scheme: string,
  ): Record<string, string> | Response {
    const type = request.headers.get('content-type') ?? '';
    // Only ACS3 signs a JSON body (x-acs-content-sha256); under HMAC-SHA1 it is unsigned: ignored.
    if (scheme !== 'ACS3-HMAC-SHA256' || !type.includes('json')) return verified;
    try {
      const body: unknown = text ? JSON.parse(text) : {};
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
      return {
        ...verified,
        ...Object.fromEntries(
          Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
        ),
      };
    } catch {
      return error(
        400,
        'InvalidParameter',
        'The specified parameter "body" is not valid: it is not a JSON object.',
      );
    }
  }

  /** Answers a call, noting its action (and a reset or slow body) in `call` as it goes. */
  async function answer(request: Request, counts: FakeCloudStats, call: CallRecord): Promise<Response> {
    const length = Number(request.headers.get('content-length') ?? 0);
    // The body is read once, here; the signature check and the parameters take this text.
    const body =
      length > maxBodyBytes
        ? undefined
        : await bodyWithin(request, maxBodyBytes, (bytes) => (counts.bodyBytesRead += bytes));
    if (body === undefined) {
      return error(413, 'RequestEntityTooLarge', `The request body is larger than ${maxBodyBytes} bytes.`);
    }
    const guessed =
      request.headers.get('x-acs-action') ?? new URL(request.url).searchParams.get('Action') ?? '';
    await sleep(latencyFor(faultsFor(guessed).latencyMs, guessed, random), request.signal);

    const verified = await authenticate(request, body, auth);
    if (!verified.ok) return error(verified.status, verified.code, verified.message);
    const action = verified.action;
    call.action = action;
    const params = paramsOf(request, body, verified.params, verified.scheme);
    if (params instanceof Response) return params;
    // The API version says which product is called: ECS, or CloudMonitor or VPC over the same state.
    const version = request.headers.get('x-acs-version') ?? params.Version;
    const handle = version === undefined ? undefined : PRODUCTS.get(version);
    if (!handle) {
      return error(
        400,
        'InvalidVersion',
        `Specified parameter Version is not valid: ${JSON.stringify(version ?? '')}; this endpoint serves ECS ${ECS_VERSION}, CloudMonitor ${CMS_VERSION} and VPC ${VPC_VERSION}.`,
      );
    }

    const f = faultsFor(action);
    const at = now();
    const wait = Math.max(
      limiter('*', faults.throttleQps)?.take(at) ?? 0,
      limiter(action, faults.actions?.[action]?.throttleQps)?.take(at) ?? 0,
    );
    // Drawn only when a rate is set, so that adding the option changes no existing seed's faults.
    const throttleRate = sum(faults.throttleRate, faults.actions?.[action]?.throttleRate);
    const throttledByRate = wait === 0 && throttleRate > 0 && random() < throttleRate;
    if (wait > 0 || throttledByRate) {
      counts.throttled++;
      return error(400, 'Throttling.User', 'Request was denied due to user flow control.', {
        'x-acs-retry-after': throttledByRate ? '0.001' : wait.toFixed(3),
      });
    }
    if (random() < sum(faults.errorRate, faults.actions?.[action]?.errorRate)) {
      counts.injectedErrors++;
      return f.errorCode === 'InternalError'
        ? error(500, 'InternalError', 'The request processing has failed due to some unknown error.')
        : error(
            503,
            'ServiceUnavailable',
            'The request has failed due to a temporary failure of the server.',
          );
    }
    if (random() < sum(faults.resetRate, faults.actions?.[action]?.resetRate)) {
      call.outcome = 'Reset';
      throw new ConnectionResetError();
    }

    let response: Response;
    try {
      response = reply(200, handle(state, action, params));
    } catch (e) {
      if (!(e instanceof EcsApiError)) throw e;
      response = error(e.status, e.code, e.message);
    }
    const slow = f.slowBody;
    if (slow && random() < (slow.rate ?? 1)) {
      call.slowBody = { intervalMs: slow.intervalMs, chunkSize: slow.chunkSize ?? 16 };
    }
    return response;
  }

  async function fetchHandler(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    // The stats in force when the call came: a `resetStats()` meanwhile leaves the new ones whole.
    const counts = stats;
    counts.requests++;
    counts.peakInFlight = Math.max(counts.peakInFlight, ++counts.inFlight);
    const call: CallRecord = { action: request.headers.get('x-acs-action') ?? '' };
    let ended = false;
    /** Counts the call once, when its answer is complete or the client has gone. */
    const end = (outcome: string) => {
      if (ended) return;
      ended = true;
      counts.inFlight--;
      if (outcome === 'Aborted') counts.aborted++;
      countOutcome(counts, call.action, outcome);
    };
    let dripping = false;
    try {
      const response = await answer(request, counts, call);
      if (request.signal.aborted) throw request.signal.reason;
      const outcome = response.status < 300 ? 'OK' : (await codeOf(response)) || `HTTP.${response.status}`;
      call.outcome = outcome;
      if (!call.slowBody) return response;
      // A slow body ends when its last chunk is out, or when the client gives up on it midway.
      const { intervalMs, chunkSize } = call.slowBody;
      const slow = await slowBody(response, intervalMs, chunkSize, request.signal, (complete) =>
        end(complete ? outcome : 'Aborted'),
      );
      dripping = true;
      return slow;
    } catch (e) {
      if (request.signal.aborted) throw e;
      if (e instanceof ConnectionResetError) {
        counts.resets++;
        throw e;
      }
      call.outcome = 'InternalError';
      return error(500, 'InternalError', 'The fake cloud failed on this request.');
    } finally {
      if (!dripping) end(request.signal.aborted ? 'Aborted' : (call.outcome ?? 'InternalError'));
    }
  }

  return {
    fetch: fetchHandler,
    state,
    get stats() {
      return stats;
    },
    get faults() {
      return faults;
    },
    set faults(next: FakeCloudFaults) {
      faults = next;
    },
    resetStats() {
      stats = emptyStats();
    },
  };
}

async function codeOf(response: Response): Promise<string> {
  try {
    const body = (await response.clone().json()) as { Code?: unknown };
    return typeof body.Code === 'string' ? body.Code : '';
  } catch {
    return '';
  }
}
