/**
 * Shared set-up for the RpcClient wire specs: a fresh loopback server per test, clients built
 * against it (shut down after each test), and small helpers to read outcomes without sleeping.
 */
import { config as rxConfig } from 'rxjs';
import { Config } from '../../src/config.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import type { CredentialProvider } from '../../src/credentials/credential.js';
import type { PoolStats } from '../../src/pool/pool-stats.js';
import { startLoopbackServer, type LoopbackServer, type Reply } from '../helpers/loopback-server.js';

import { testKey as accessKey } from '../helpers/test-account.js';
export { rejectionOf, STS_TOKEN, stsToken } from '../helpers/test-account.js';
export { accessKey };

export interface ClientOptions {
  /** Changes the base config (endpoint = the loopback server, retry backoff 1..5 ms). */
  config?: (config: Config) => Config;
  credential?: CredentialProvider;
}

export interface Wire {
  readonly server: LoopbackServer;
  client(options?: ClientOptions): RpcClient;
}

/** The base config of every wire spec: the loopback endpoint and a fast retry backoff. */
export function wireConfig(url: string): Config {
  return new Config().withEndpoint(url).withRetryBackoff(1, 5);
}

/** Starts a loopback server before each test; closes it and shuts every client down after. */
export function useWire(): Wire {
  let current: LoopbackServer | undefined;
  const clients: RpcClient[] = [];
  beforeEach(async () => {
    current = await startLoopbackServer();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
    await Promise.all(clients.splice(0).map((client) => client.shutdown()));
  });
  const server = (): LoopbackServer => {
    if (!current) throw new Error('the loopback server is only available inside a test');
    return current;
  };
  return {
    get server() {
      return server();
    },
    client({ config = (c) => c, credential = accessKey() }: ClientOptions = {}) {
      const client = new RpcClient({
        product: 'ecs',
        version: '2014-05-26',
        regionId: 'cn-hangzhou',
        config: config(wireConfig(server().url)),
        credential,
      });
      clients.push(client);
      return client;
    },
  };
}

/** A scripted error reply in the service's shape. */
export function serviceError(status: number, code: string, message = `${code} happened.`): Reply {
  return { status, body: { RequestId: `REQ-${code}`, Code: code, Message: message } };
}

/** A successful reply that names the call it answers. */
export function ok(extra: Record<string, unknown> = {}): Reply {
  return { status: 200, body: { RequestId: 'REQ-OK', ...extra } };
}

/** Follows `poolStats$` and exposes the latest snapshot. */
export function watchStats(client: RpcClient): { latest: () => PoolStats; stop: () => void } {
  let latest: PoolStats | undefined;
  const subscription = client.poolStats$.subscribe((stats) => (latest = stats));
  return {
    latest: () => {
      if (!latest) throw new Error('poolStats$ did not emit on subscribe');
      return latest;
    },
    stop: () => subscription.unsubscribe(),
  };
}

/** The signature a recorded request carried, for either algorithm. */
export function signatureOf(request: {
  params: Record<string, string>;
  headers: Record<string, string>;
}): string {
  const fromQuery = request.params.Signature;
  if (fromQuery !== undefined) return fromQuery;
  const match = /Signature=([0-9a-f]+)/.exec(request.headers.authorization ?? '');
  if (!match?.[1]) throw new Error('the request carries no signature');
  return match[1];
}

/**
 * Fails unless `text` is free of every secret a call of `credential` to `server` could leak: the
 * AccessKeySecret, the security token, each signature the server received, and `values` (say, a
 * parameter's value).
 */
export async function expectNoSecretIn(
  text: string,
  credential: CredentialProvider,
  server: LoopbackServer,
  values: readonly string[] = [],
): Promise<void> {
  const { accessKeySecret, securityToken } = await credential.getCredential();
  const secrets = [accessKeySecret, ...(securityToken ? [securityToken] : []), ...values];
  for (const secret of [...secrets, ...server.requests.map(signatureOf)]) expect(text).not.toContain(secret);
}

/** A client of `regionId` sharing `client`'s pool (and so its events), as `forRegion` makes one. */
export function sibling(client: RpcClient, regionId: string): RpcClient {
  return new RpcClient({
    product: client.product,
    version: client.version,
    regionId,
    credential: accessKey(),
    sharePoolWith: client,
  });
}

/**
 * Takes what RxJS reports as unhandled (`config.onUnhandledError`) until `restore()`: `first`
 * resolves with the first report.
 */
export function captureUnhandled(): { reported: unknown[]; first: Promise<unknown>; restore: () => void } {
  const reported: unknown[] = [];
  const previous = rxConfig.onUnhandledError;
  const first = new Promise<unknown>((resolve) => {
    rxConfig.onUnhandledError = (error) => {
      reported.push(error);
      resolve(error);
    };
  });
  return { reported, first, restore: () => (rxConfig.onUnhandledError = previous) };
}
