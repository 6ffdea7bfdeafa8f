/**
 * The in-page half of the browser benchmark (bench/browser/index.ts bundles this file with esbuild
 * and injects it into a blank Chromium page). It defines `window.warmUp` and `window.runOne`:
 * each sample makes ONE in-page fake cloud (`createFakeCloud`, which verifies every signature and
 * answers after `latencyMs`) and times `n` ECS `DescribeInstances` calls (`MaxResults=2`, region
 * cn-hangzhou) submitted at once behind `c` slots, for one of two contenders:
 *
 * - `rx`: alicloud-rx defaults, as a browser app gets them: `EcsClient.describeInstances()` on
 *   `new Config().withEnableAsync(true).withPoolSize(c).withMaxTaskQueueSize(n).withFetch(cloud.fetch)`
 *   (ky over that fetch, Web Crypto signing, nothing else opted in);
 * - `fetch`: p-limit(c) around a hand-written ACS3-HMAC-SHA256 signer on Web Crypto (the HMAC
 *   CryptoKey imported once) and `cloud.fetch(url, { method: 'POST', headers })`, then
 *   `res.json()` and a check that the body has no `Code`.
 *
 * Not run directly: `npx tsx bench/browser/index.ts` (see there).
 */
import pLimit from 'p-limit';
import { AccessKeyCredential, Config, EcsClient } from '../../src/index.js';
import { createFakeCloud, type FakeCloud, type FakeCloudStats } from '../../src/testing/index.js';
import { acs3Canonical, EMPTY_SHA256 } from '../hand-signed.js';

export type ContenderId = 'rx' | 'fetch';

export interface RunOptions {
  contender: ContenderId;
  /** Calls submitted at once (timed). */
  n: number;
  /** Slots: alicloud-rx's poolSize, p-limit's limit. */
  c: number;
  /** The fake cloud's latency per call. */
  latencyMs: number;
}

export interface RunResult {
  /** Wall time of the `n` calls, from the first submission to the last settlement. */
  ms: number;
  failed: number;
  /** The first failure's message, if any. */
  firstError?: string;
  /** What the fake cloud saw during the timed calls. */
  cloud: { requests: number; ok: number; peakInFlight: number };
}

declare global {
  interface Window {
    /** Sets up a sample (one fake cloud, one contender) and runs `warmup` untimed calls on it. */
    warmUp(options: RunOptions & { warmup: number }): Promise<{ failed: number; firstError?: string }>;
    /** Times `n` calls on the sample set up by `warmUp` (or on a fresh one, not warmed up). */
    runOne(options: RunOptions): Promise<RunResult>;
  }
}

const ACTION = 'DescribeInstances';
const VERSION = '2014-05-26';
const REGION = 'cn-hangzhou';
const MAX_RESULTS = 2;
const ACCESS_KEY_ID = 'testid';
const ACCESS_KEY_SECRET = 'testsecret';
/** Where alicloud-rx sends ECS calls by default (`https://ecs.<region>.aliyuncs.com`): the same URL for both. */
const ENDPOINT = `https://ecs.${REGION}.aliyuncs.com`;

/** Runs `n` calls submitted at once; resolves with the failures once all have settled. */
type Run = (n: number) => Promise<{ failed: number; firstError?: string }>;

function settleAll(calls: Promise<unknown>[]): Promise<{ failed: number; firstError?: string }> {
  return Promise.allSettled(calls).then((results) => {
    let failed = 0;
    let firstError: string | undefined;
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      failed++;
      firstError ??= r.reason instanceof Error ? `${r.reason.name}: ${r.reason.message}` : String(r.reason);
    }
    return firstError === undefined ? { failed } : { failed, firstError };
  });
}

// --- alicloud-rx defaults ---

function alicloudRx(cloud: FakeCloud, c: number, maxCalls: number): Run {
  const config = new Config()
    .withEnableAsync(true)
    .withPoolSize(c)
    .withMaxTaskQueueSize(maxCalls)
    .withFetch(cloud.fetch);
  const ecs = new EcsClient(REGION, config, new AccessKeyCredential(ACCESS_KEY_ID, ACCESS_KEY_SECRET));
  const request = { MaxResults: MAX_RESULTS };
  return (n) => {
    const calls: Promise<unknown>[] = new Array(n);
    for (let i = 0; i < n; i++) calls[i] = ecs.describeInstances(request);
    return settleAll(calls);
  };
}

// --- fetch + p-limit, hand-signed with Web Crypto ---

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const encoder = new TextEncoder();

function hex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

/**
 * ACS3-HMAC-SHA256 as a browser user would write it in a few lines (a port of
 * bench/e2e/contenders.ts `signedHeaders` to Web Crypto): signs `host` and every `x-acs-*` header;
 * the query is percent-encoded and sorted. `host` itself is not sent (browsers forbid setting it;
 * the server signs the URL's host).
 */
async function signedHeaders(
  key: CryptoKey,
  host: string,
  query: readonly (readonly [string, string])[],
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    'x-acs-action': ACTION,
    'x-acs-version': VERSION,
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': crypto.randomUUID(),
    'x-acs-content-sha256': EMPTY_SHA256,
    accept: 'application/json',
  };
  const { canonicalRequest, signedNames } = acs3Canonical(host, headers, query);
  const hashed = hex(await crypto.subtle.digest('SHA-256', encoder.encode(canonicalRequest)));
  const signature = hex(await crypto.subtle.sign('HMAC', key, encoder.encode(`ACS3-HMAC-SHA256\n${hashed}`)));
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${ACCESS_KEY_ID},SignedHeaders=${signedNames},Signature=${signature}`;
  return headers;
}

function handSigned(cloud: FakeCloud, c: number): Run {
  // Imported once, on first use, and kept: as a careful hand-written client would.
  let key: Promise<CryptoKey> | undefined;
  const hmacKey = () =>
    (key ??= crypto.subtle.importKey(
      'raw',
      encoder.encode(ACCESS_KEY_SECRET),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    ));
  const query = [
    ['RegionId', REGION],
    ['MaxResults', String(MAX_RESULTS)],
  ] as const;
  const url = `${ENDPOINT}/?MaxResults=${MAX_RESULTS}&RegionId=${REGION}`;
  const host = new URL(url).host;
  const call = async (): Promise<unknown> => {
    const headers = await signedHeaders(await hmacKey(), host, query);
    const res = await cloud.fetch(url, { method: 'POST', headers });
    const body = (await res.json()) as { Code?: string; Message?: string };
    if (!res.ok || body.Code) throw new Error(`${res.status} ${body.Code ?? ''}: ${body.Message ?? ''}`);
    return body;
  };
  const limit = pLimit(c);
  return (n) => {
    const calls: Promise<unknown>[] = new Array(n);
    for (let i = 0; i < n; i++) calls[i] = limit(call);
    return settleAll(calls);
  };
}

// --- the sample ---

interface Sample {
  key: string;
  cloud: FakeCloud;
  run: Run;
}

let sample: Sample | undefined;

const keyOf = ({ contender, c, latencyMs }: RunOptions) => `${contender}/${c}/${latencyMs}`;

function setUp(options: RunOptions & { warmup?: number }): Sample {
  const cloud = createFakeCloud({ faults: { latencyMs: options.latencyMs } });
  const maxCalls = Math.max(options.n, options.warmup ?? 0);
  const run =
    options.contender === 'rx' ? alicloudRx(cloud, options.c, maxCalls) : handSigned(cloud, options.c);
  return { key: keyOf(options), cloud, run };
}

function okCount(stats: FakeCloudStats): number {
  return stats.byAction[ACTION]?.OK ?? 0;
}

window.warmUp = async (options) => {
  sample = setUp(options);
  return sample.run(options.warmup);
};

window.runOne = async (options) => {
  if (sample?.key !== keyOf(options)) sample = setUp(options);
  const { cloud, run } = sample;
  cloud.resetStats();
  const started = performance.now();
  const { failed, firstError } = await run(options.n);
  const ms = performance.now() - started;
  const stats = cloud.stats;
  return {
    ms,
    failed,
    ...(firstError === undefined ? {} : { firstError }),
    cloud: { requests: stats.requests, ok: okCount(stats), peakInFlight: stats.peakInFlight },
  };
};
