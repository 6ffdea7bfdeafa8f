/**
 * Shared set-up of the fake cloud specs: our client pointed at a fake cloud, a hand-moved clock,
 * a bounded wait on the event loop, and requests signed by hand for raw `fetch`.
 */
import { RpcClient } from '../../src/clients/rpc-client.js';
import type { Config } from '../../src/config.js';
import type { CredentialProvider } from '../../src/credentials/credential.js';
import { EMPTY_BODY_SHA256, signAcs3 } from '../../src/signing/acs3.js';
import { signRpcHmacSha1 } from '../../src/signing/hmac-sha1.js';
import { percentEncode } from '../../src/signing/percent-encode.js';
import { formatTimestamp } from '../../src/signing/timestamp.js';
import { randomNonce, sha256Hex } from '../../src/signing/web-crypto.js';

import { testKey } from '../helpers/test-account.js';
export { rejectionOf, STS_TOKEN } from '../helpers/test-account.js';
export { testKey };

/** An ECS client in cn-hangzhou with the given config (endpoint or fetch already set). */
export function ecsClient(config: Config, credential: CredentialProvider = testKey()): RpcClient {
  return new RpcClient({
    product: 'ecs',
    version: '2014-05-26',
    regionId: 'cn-hangzhou',
    config,
    credential,
  });
}

/** A clock for the fake cloud: starts now (so signatures pass the 15-minute check) and moves only when told. */
export interface ManualClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function manualClock(start = Date.now()): ManualClock {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

/**
 * Lets the event loop turn (timers and I/O included) until `condition` holds; throws after
 * `maxTurns` turns, so a wait can never hang a test.
 */
export async function untilTrue(condition: () => boolean, what: string, maxTurns = 200_000): Promise<void> {
  for (let turn = 0; turn < maxTurns; turn++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting until ${what} after ${maxTurns} turns of the event loop`);
}

/** What {@link signedAcs3} signs. */
export interface SignedAcs3Options {
  action: string;
  /** @default '2014-05-26' */
  version?: string;
  query?: readonly (readonly [string, string])[];
  body?: string;
  /** Sent (and signed) only when given. */
  contentType?: string;
  /** @default 'testsecret' */
  secret?: string;
}

/** A signed call, ready for any HTTP client. */
export interface SignedCall {
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * A `POST /?<query>` to `baseUrl` signed with ACS3-HMAC-SHA256 by our own signer, body hash
 * included, as the default account: for raw HTTP with inputs no client would send.
 */
export async function signAcs3Call(baseUrl: string, options: SignedAcs3Options): Promise<SignedCall> {
  const url = new URL(baseUrl);
  const body = options.body ?? '';
  const query = options.query ?? [];
  const contentSha256 = body === '' ? EMPTY_BODY_SHA256 : await sha256Hex(body);
  const headers: Record<string, string> = {
    'x-acs-action': options.action,
    'x-acs-version': options.version ?? '2014-05-26',
    'x-acs-date': formatTimestamp(new Date()),
    'x-acs-signature-nonce': randomNonce(),
    'x-acs-content-sha256': contentSha256,
  };
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const authorization = await signAcs3(
    { method: 'POST', host: url.host, path: '/', query, headers, contentSha256 },
    { accessKeyId: 'testid', accessKeySecret: options.secret ?? 'testsecret' },
  );
  const search = new URLSearchParams(query.map(([k, v]) => [k, v])).toString().replace(/\+/g, '%20');
  return {
    url: `${url.origin}/${search ? `?${search}` : ''}`,
    headers: { ...headers, authorization },
    body: body === '' ? undefined : body,
  };
}

/** {@link signAcs3Call} as a fetch Request. */
export async function signedAcs3(baseUrl: string, options: SignedAcs3Options): Promise<Request> {
  const call = await signAcs3Call(baseUrl, options);
  return new Request(call.url, { method: 'POST', headers: call.headers, body: call.body });
}

/**
 * `params` plus the RPC common parameters (test account, fresh nonce and timestamp), signed with
 * HMAC-SHA1 for `POST`, as one `k=v&…` string with `Signature` last: a form body or a query.
 */
export async function hmacSha1Encoded(params: readonly (readonly [string, string])[]): Promise<string> {
  const signed: (readonly [string, string])[] = [
    ['Version', '2014-05-26'],
    ['AccessKeyId', 'testid'],
    ['SignatureMethod', 'HMAC-SHA1'],
    ['SignatureVersion', '1.0'],
    ['SignatureNonce', randomNonce()],
    ['Timestamp', formatTimestamp(new Date())],
    ...params,
  ];
  const signature = await signRpcHmacSha1('POST', signed, 'testsecret');
  return [...signed, ['Signature', signature] as const].map(([k, v]) => `${k}=${percentEncode(v)}`).join('&');
}
