// 100,000 calls queued behind 20 that a server holds for 30 s, all under one parent Subscription
// (as `takeUntil` or an Angular component's destruction gives them). Before, unsubscribing in
// subscription order freed a slot at each in-flight cancel, so every queued call was started
// (credential fetched, request signed, sent) and then cancelled: 3.2 s and 99,980 credential
// fetches. Now the slot is handed on after the cascade: none of them starts. The time is printed,
// not asserted (bench:pool measures it); what is asserted is what was started and sent.
import { Subscription } from 'rxjs';
import { RpcClient } from '../../../src/clients/rpc-client.js';
import type { Credential, CredentialProvider } from '../../../src/credentials/credential.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { TRANSPORTS } from './transports.js';

const QUEUED = 100_000;
const SLOTS = 20;

let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer({ handler: () => ({ delayMs: 30_000, body: { RequestId: 'LATE' } }) });
});

afterAll(() => server.close());

class CountingCredential implements CredentialProvider {
  fetches = 0;
  getCredential(): Promise<Credential> {
    this.fetches++;
    return Promise.resolve({ accessKeyId: 'testid', accessKeySecret: 'testsecret' });
  }
}

describe.each(TRANSPORTS)('mass cancellation over %s', (name, config) => {
  it.each(['subscription order', 'reverse order'] as const)(
    `unsubscribing ${QUEUED.toLocaleString('en')} queued calls behind ${SLOTS} held ones (%s) starts none of them`,
    async (order) => {
      const credential = new CountingCredential();
      const client = new RpcClient({
        product: 'ecs',
        version: '2014-05-26',
        regionId: 'cn-hangzhou',
        config: config()
          .withEndpoint(server.url)
          .withEnableAsync(true)
          .withPoolSize(SLOTS)
          .withMaxTaskQueueSize(QUEUED)
          .withReadTimeout(60_000),
        credential,
      });
      const requestsBefore = server.requests.length;
      const abortedBefore = server.aborted;
      const calls = Array.from({ length: SLOTS + QUEUED }, () => client.request$('DescribeRegions', {}));
      let ended = 0;
      const subscriptions = calls.map((call$) =>
        call$.subscribe({ complete: () => ended++, error: () => ended++ }),
      );
      const parent = new Subscription();
      for (const s of order === 'subscription order' ? subscriptions : [...subscriptions].reverse())
        parent.add(s);
      await server.waitForRequests(requestsBefore + SLOTS);

      const start = performance.now();
      parent.unsubscribe();
      const ms = performance.now() - start;
      await server.waitForAborted(abortedBefore + SLOTS); // the held requests were aborted on the wire
      await client.shutdown(); // resolves once idle: nothing left to start

      expect(credential.fetches).toBe(SLOTS);
      expect(server.requests.length - requestsBefore).toBe(SLOTS);
      expect(ended).toBe(0); // an unsubscribed Observable just stops
      const stats = await new Promise((resolve) => client.poolStats$.subscribe(resolve).unsubscribe());
      expect(stats).toMatchObject({
        active: 0,
        queued: 0,
        cancelled: SLOTS + QUEUED,
        completed: 0,
        failed: 0,
      });
      process.stdout.write(
        `mass cancel ${name}, ${order}: ${ms.toFixed(0)} ms, ${credential.fetches - SLOTS} queued calls started\n`,
      );
    },
    60_000,
  );
});
