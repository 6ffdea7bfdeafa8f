/**
 * The contenders of the end-to-end benchmark. Every one makes the same call (ECS
 * DescribeInstances, `MaxResults=2`, region cn-hangzhou: `POST /?MaxResults=2&RegionId=cn-hangzhou`
 * with the `x-acs-*` headers) to the same server, submits all `n` calls at once behind `C` slots,
 * reads the whole body and parses the JSON. Each loads only its own modules (dynamic imports), so a
 * worker process's RSS is its contender's.
 *
 * Latency is measured from the moment a call gets a slot (for p-limit: its function starts; for
 * alicloud-rx: the pool starts the attempt, which asks the credential provider first) to the
 * moment its result reaches the caller: queueing time is left out, signing is in.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type * as AlicloudRx from '../../src/index.js';
import { acs3Canonical, EMPTY_SHA256 } from '../hand-signed.js';
import type * as AlicloudRxNode from '../../src/node.js';

export const ACTION = 'DescribeInstances';
export const VERSION = '2014-05-26';
export const REGION = 'cn-hangzhou';
export const MAX_RESULTS = 2;
const QUERY = `MaxResults=${MAX_RESULTS}&RegionId=${REGION}`;
const ACCESS_KEY_ID = 'testid';
const ACCESS_KEY_SECRET = 'testsecret';

/** What a worker gives a contender. */
export interface Setup {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Slots: p-limit's limit, alicloud-rx's poolSize, node:http's maxSockets. */
  concurrency: number;
  /** The most calls one run submits (alicloud-rx's maxTaskQueueSize). */
  maxCalls: number;
  /** Absolute path of the tsc build (`dist/`). */
  dist: string;
}

/** Per-call times of one run, by call index (performance.now() ms). */
export interface Times {
  starts: Float64Array;
  ends: Float64Array;
}

/** Runs `n` calls submitted at once; resolves with the number that failed. */
export type Run = (n: number, times: Times) => Promise<number>;

export interface ContenderInfo {
  readonly name: string;
  /** Signs its requests (the server checks a sample; the preflight sends them to the fake cloud). */
  readonly signed: boolean;
  readonly note: string;
  /** Run only when asked for by name (`--only`). */
  readonly experiment?: boolean;
}

export const CONTENDERS = {
  raw: { name: 'raw node:http', signed: false, note: 'keep-alive Agent (maxSockets C), unsigned: the floor' },
  fetch: { name: 'fetch + p-limit', signed: false, note: "Node's fetch (undici), unsigned" },
  kyUnsigned: { name: 'ky + p-limit', signed: false, note: 'unsigned' },
  kySigned: { name: 'ky + p-limit, signed', signed: true, note: 'ACS3 with node:crypto' },
  official: { name: 'official SDK + p-limit', signed: true, note: '@alicloud/ecs20140526' },
  rxNodeDefaults: {
    name: 'alicloud-rx defaults',
    signed: true,
    note: "describeInstances() on a plain new Config() (pool settings only), nothing opted in: 'alicloud-rx' as Node loads it (node:crypto, node:http)",
  },
  rx$: {
    name: 'alicloud-rx $',
    signed: true,
    note: 'describeInstances$ merged through the pool (withPool); Node setup: nodeHttpTransport(), useNodeCrypto()',
  },
  rxPromise: {
    name: 'alicloud-rx Promise',
    signed: true,
    note: 'describeInstances(); Node setup: nodeHttpTransport(), useNodeCrypto()',
  },
  rxChan: {
    name: 'alicloud-rx WithChan',
    signed: true,
    note: 'describeInstancesWithChan(); Node setup: nodeHttpTransport(), useNodeCrypto()',
  },
  rxKy: {
    name: 'alicloud-rx Promise, ky',
    signed: true,
    note: 'describeInstances() on the default transport (ky over fetch); useNodeCrypto()',
  },
  rxDefaults: {
    name: 'alicloud-rx Promise, browser defaults',
    signed: true,
    note: 'describeInstances() with every default: ky over fetch, Web Crypto',
  },
  // The two halves of an alicloud-rx call, measured apart (`--only raw,transportOnly,pipelineOnly,rxPromise`).
  transportOnly: {
    name: 'nodeHttpTransport alone',
    signed: false,
    note: 'the transport sending one request signed once (our headers), next call from the previous end as raw: the HTTP half',
    experiment: true,
  },
  floorOnly: {
    name: 'hand-written, no HTTP',
    signed: false,
    note: "p-limit around a minimal hand-signed call (node:crypto ACS3, AbortController, timer, JSON.parse) on the same stub as pipelineOnly: pipelineOnly's baseline",
    experiment: true,
  },
  pipelineOnly: {
    name: 'alicloud-rx, no HTTP',
    signed: false,
    note: "describeInstances() on a stub transport answering the server's page a task later: the SDK half (calls/s not comparable)",
    experiment: true,
  },
} as const satisfies Record<string, ContenderInfo>;

export type ContenderId = keyof typeof CONTENDERS;

const now = () => performance.now();

/** Resolves with the failure count once `n` calls have ended. */
function countdown(n: number): {
  done: (failed: boolean) => void;
  /** Ends the run now: every call not yet ended counts as failed. */
  abort: () => void;
  finished: Promise<number>;
} {
  let left = n;
  let failures = 0;
  let resolve!: (failures: number) => void;
  const finished = new Promise<number>((r) => (resolve = r));
  if (n === 0) resolve(0);
  return {
    done: (failed) => {
      if (failed) failures++;
      if (--left === 0) resolve(failures);
    },
    abort: () => resolve(failures + left),
    finished,
  };
}

/** Records when call `i` ended and whether it failed; then runs `next`, if any. */
function settle(
  call: Promise<unknown>,
  i: number,
  ends: Float64Array,
  done: (failed: boolean) => void,
  next?: () => void,
): Promise<void> {
  const end = (failed: boolean) => {
    ends[i] = now();
    done(failed);
    next?.();
  };
  return call.then(
    () => end(false),
    () => end(true),
  );
}

// --- the plain ones, behind p-limit ---

function unsignedHeaders(): Record<string, string> {
  return {
    'x-acs-action': ACTION,
    'x-acs-version': VERSION,
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': EMPTY_SHA256,
    accept: 'application/json',
  };
}

/**
 * ACS3-HMAC-SHA256 as a Node user would write it in a few lines: node:crypto, synchronous. Signs
 * `host` and every `x-acs-*` header; the query is sorted and percent-encoded.
 */
export function signedHeaders(host: string, query: readonly (readonly [string, string])[]) {
  const headers = unsignedHeaders();
  const { canonicalRequest, signedNames } = acs3Canonical(host, headers, query);
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const signature = createHmac('sha256', ACCESS_KEY_SECRET).update(stringToSign).digest('hex');
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${ACCESS_KEY_ID},SignedHeaders=${signedNames},Signature=${signature}`;
  return headers;
}

async function limited(concurrency: number, task: () => Promise<unknown>): Promise<Run> {
  const { default: pLimit } = await import('p-limit');
  const limit = pLimit(concurrency);
  return (n, { starts, ends }) => {
    const { done, finished } = countdown(n);
    for (let i = 0; i < n; i++) {
      const call = limit(() => {
        starts[i] = now();
        return task();
      });
      void settle(call, i, ends, done);
    }
    return finished;
  };
}

/** node:http with a keep-alive Agent of C sockets: no signing, no fetch, no p-limit. */
function rawHttp({ url, concurrency }: Setup): Run {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const { hostname, port } = new URL(url);
  const call = (): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const req = httpRequest(
        { agent, hostname, port, method: 'POST', path: `/?${QUERY}`, headers: unsignedHeaders() },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Code?: string };
            if (res.statusCode !== 200 || body.Code) reject(new Error(body.Code));
            else resolve(body);
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  // C calls at a time, the next one started from the previous one's end: no limiter library.
  return chained(concurrency, call);
}

async function fetchPLimit({ url, concurrency }: Setup): Promise<Run> {
  const target = `${url}/?${QUERY}`;
  return limited(concurrency, async () => {
    const response = await fetch(target, { method: 'POST', headers: unsignedHeaders() });
    const body = (await response.json()) as { Code?: string };
    if (!response.ok || body.Code) throw new Error(body.Code);
    return body;
  });
}

async function kyPLimit({ url, concurrency }: Setup, signed: boolean): Promise<Run> {
  const { default: ky } = await import('ky');
  const target = `${url}/?${QUERY}`;
  const host = new URL(url).host;
  const query = [
    ['MaxResults', String(MAX_RESULTS)],
    ['RegionId', REGION],
  ] as const;
  // ky's defaults but retry 0 (a retry must be re-signed) and the answer checked by hand.
  return limited(concurrency, async () => {
    const headers = signed ? signedHeaders(host, query) : unsignedHeaders();
    const body = await ky.post(target, { headers, retry: 0 }).json<{ Code?: string }>();
    if (body.Code) throw new Error(body.Code);
    return body;
  });
}

async function official({ url, concurrency }: Setup): Promise<Run> {
  const { default: EcsModule, DescribeInstancesRequest } = await import('@alicloud/ecs20140526');
  const { $OpenApiUtil } = await import('@alicloud/openapi-core');
  // CommonJS: the default import is `module.exports`, whose `default` is the client.
  const client = new EcsModule.default(
    new $OpenApiUtil.Config({
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
      endpoint: new URL(url).host,
      protocol: 'http',
      regionId: REGION,
      readTimeout: 10_000,
      connectTimeout: 5_000,
    }),
  );
  return limited(concurrency, () =>
    client.describeInstances(new DescribeInstancesRequest({ regionId: REGION, maxResults: MAX_RESULTS })),
  );
}

// --- alicloud-rx, from the build ---

type RxForm = 'rxNodeDefaults' | 'rx$' | 'rxPromise' | 'rxChan' | 'rxKy' | 'rxDefaults';

async function alicloudRx(setup: Setup, form: RxForm): Promise<Run> {
  // 'alicloud-rx' in Node is index.node.js (the `node` export condition): node:crypto and
  // node:http by default. The other rows load the browser entry and opt in explicitly (README,
  // "In Node"), or not at all (rxDefaults: ky over fetch, Web Crypto, as in a browser).
  const entry = form === 'rxNodeDefaults' ? 'index.node.js' : 'index.js';
  const { Config, EcsClient, AccessKeyCredential, withPool } = (await import(
    new URL(entry, `file://${setup.dist}/`).href
  )) as typeof AlicloudRx;
  const node = (await import(new URL('node.js', `file://${setup.dist}/`).href)) as typeof AlicloudRxNode;
  if (form !== 'rxDefaults' && form !== 'rxNodeDefaults') node.useNodeCrypto();
  const { map, range } = await import('rxjs');
  // The pool is FIFO and each attempt asks for the credential first, synchronously, as it takes
  // its slot: the k-th request for a credential is the k-th call submitted (no call is retried:
  // a failure fails the run). So the provider records when each call got its slot.
  const key = new AccessKeyCredential(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
  let slot = 0;
  let times: Times | undefined;
  const credential = {
    getCredential: () => {
      if (times) times.starts[slot++] = now();
      return key.getCredential();
    },
  };
  let config = new Config()
    .withEnableAsync(true)
    .withGoRoutinePoolSize(setup.concurrency)
    .withMaxTaskQueueSize(setup.maxCalls)
    .withEndpoint(setup.url);
  if (form === 'rx$' || form === 'rxPromise' || form === 'rxChan') {
    config = config.withTransport(node.nodeHttpTransport());
  }
  const ecs = new EcsClient(REGION, config, credential);
  const request = { MaxResults: MAX_RESULTS };
  return (n, t) => {
    times = t;
    slot = 0;
    const { ends } = t;
    const { done, abort, finished } = countdown(n);
    if (form === 'rx$') {
      // Every call a cold Observable, merged by the pool (withPool: a mergeMap that subscribes
      // while the pool has room): it runs C and queues the rest. (RxJS's own mergeMap would do
      // too, but it keeps its inner subscriptions in an array: O(n) to drop each one that ends.)
      range(0, n)
        .pipe(withPool(ecs, (i) => ecs.describeInstances$(request).pipe(map(() => i))))
        .subscribe({
          next: (i) => {
            ends[i] = now();
            done(false);
          },
          error: abort,
        });
    } else if (
      form === 'rxPromise' ||
      form === 'rxKy' ||
      form === 'rxDefaults' ||
      form === 'rxNodeDefaults'
    ) {
      for (let i = 0; i < n; i++) {
        void settle(ecs.describeInstances(request), i, ends, done);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const [, error] = ecs.describeInstancesWithChan(request);
        void error.then((e) => {
          ends[i] = now();
          done(e !== undefined);
        });
      }
    }
    // The first C calls took their slots during the submission loop above, but none of them can
    // go further before the loop ends (their next step is a promise continuation), just as a
    // p-limit task starts only once the loop is over. Their latency counts from there, as theirs.
    const submitted = now();
    for (let k = 0; k < slot; k++) t.starts[k] = Math.max(t.starts[k]!, submitted);
    return finished;
  };
}

// --- the halves of an alicloud-rx call ---

/** C calls at a time, the next one started from the previous one's end (as raw's). */
function chained(concurrency: number, call: () => Promise<unknown>): Run {
  return (n, { starts, ends }) => {
    const { done, finished } = countdown(n);
    let next = 0;
    const start = (): void => {
      const i = next++;
      if (i >= n) return;
      starts[i] = now();
      void settle(call(), i, ends, done, start);
    };
    for (let k = 0; k < concurrency; k++) start();
    return finished;
  };
}

async function transportOnly(setup: Setup): Promise<Run> {
  const node = (await import(new URL('node.js', `file://${setup.dist}/`).href)) as typeof AlicloudRxNode;
  const transport = node.nodeHttpTransport();
  const { host } = new URL(setup.url);
  const headers = {
    ...signedHeaders(host, [
      ['MaxResults', String(MAX_RESULTS)],
      ['RegionId', REGION],
    ]),
    'user-agent': 'alicloud-rx/bench',
  };
  const url = `${setup.url}/?${QUERY}`;
  return chained(setup.concurrency, async () => {
    const response = await transport({
      method: 'POST',
      url,
      headers,
      body: undefined,
      signal: new AbortController().signal,
      connectTimeout: 5000,
      maxResponseBytes: 16 * 1024 * 1024,
    });
    const body = JSON.parse(response.text) as { Code?: string };
    if (response.status !== 200 || body.Code) throw new Error(body.Code);
  });
}

/** A transport that answers the server's page (fetched once, for real) a task later. */
async function stubTransport(setup: Setup) {
  const page = await fetch(`${setup.url}/?${QUERY}`, {
    method: 'POST',
    headers: signedHeaders(new URL(setup.url).host, [
      ['MaxResults', String(MAX_RESULTS)],
      ['RegionId', REGION],
    ]),
  });
  const text = await page.text();
  const headers = new Headers(page.headers);
  // A later task, as a network answer comes: a microtask answer would keep every call's garbage
  // alive until the whole run ends (README, "Also seen").
  return () =>
    new Promise<{ status: number; headers: Headers; text: string }>((resolve) =>
      setImmediate(() => resolve({ status: 200, headers, text })),
    );
}

async function pipelineOnly(setup: Setup): Promise<Run> {
  const { Config, EcsClient, AccessKeyCredential } = (await import(
    new URL('index.js', `file://${setup.dist}/`).href
  )) as typeof AlicloudRx;
  const node = (await import(new URL('node.js', `file://${setup.dist}/`).href)) as typeof AlicloudRxNode;
  node.useNodeCrypto();
  const stub = await stubTransport(setup);
  const config = new Config()
    .withEnableAsync(true)
    .withGoRoutinePoolSize(setup.concurrency)
    .withMaxTaskQueueSize(setup.maxCalls)
    .withEndpoint(setup.url)
    .withTransport(stub);
  const ecs = new EcsClient(REGION, config, new AccessKeyCredential(ACCESS_KEY_ID, ACCESS_KEY_SECRET));
  const request = { MaxResults: MAX_RESULTS };
  // All n submitted at once, as the Promise row does.
  return (n, { starts, ends }) => {
    const { done, finished } = countdown(n);
    for (let i = 0; i < n; i++) {
      starts[i] = now();
      void settle(ecs.describeInstances(request), i, ends, done);
    }
    return finished;
  };
}

/**
 * What pipelineOnly does, written by hand as a careful user would: sign (node:crypto, fresh date
 * and nonce), bound by a timer, send on the stub, parse, check; behind p-limit, all n at once.
 */
async function floorOnly(setup: Setup): Promise<Run> {
  const stub = await stubTransport(setup);
  const host = new URL(setup.url).host;
  const query = [
    ['MaxResults', String(MAX_RESULTS)],
    ['RegionId', REGION],
  ] as const;
  return limited(setup.concurrency, async () => {
    const headers = signedHeaders(host, query);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10_000);
    try {
      const response = await stub();
      const body = JSON.parse(response.text) as { Code?: string };
      if (response.status !== 200 || body.Code || !headers.authorization) throw new Error(body.Code);
      return body;
    } finally {
      clearTimeout(timer);
    }
  });
}

/** Builds a contender's run function (loading only its modules). */
export function load(id: ContenderId, setup: Setup): Promise<Run> {
  switch (id) {
    case 'raw':
      return Promise.resolve(rawHttp(setup));
    case 'fetch':
      return fetchPLimit(setup);
    case 'kyUnsigned':
      return kyPLimit(setup, false);
    case 'kySigned':
      return kyPLimit(setup, true);
    case 'official':
      return official(setup);
    case 'rxNodeDefaults':
    case 'rx$':
    case 'rxPromise':
    case 'rxChan':
    case 'rxKy':
    case 'rxDefaults':
      return alicloudRx(setup, id);
    case 'transportOnly':
      return transportOnly(setup);
    case 'pipelineOnly':
      return pipelineOnly(setup);
    case 'floorOnly':
      return floorOnly(setup);
  }
}
