// A mini-soak with shutdown in a process of its own, which must then exit by itself: no timer,
// socket or listener of the SDK may keep the event loop alive.
import { runChild } from './run-child.js';
import { SecretScan } from './secrets.js';
import { endStats, type Tally } from './soak-checks.js';

const SCRIPT = 'spec/reliability/fixtures/mini-soak.ts';
/** Far beyond what the child needs (about 3 s on 2 cores); past it, it is killed and the test fails. */
const KILL_AFTER_MS = 40_000;

interface MiniSoakResult {
  tally: Tally;
  stats: {
    active: number;
    queued: number;
    completed: number;
    failed: number;
    rejected: number;
    cancelled: number;
  };
  shutdown: { issuedBefore: number; unendedWhenResolved: number };
  notEndedExactlyOnce: string[];
  unsafeResends: string[];
  requests: number;
  peakOpen: number;
  leaks: string[];
  resources: string[];
}

describe('a process that ran a soak with shutdown', () => {
  it.each([
    ['ky over fetch', []],
    ['nodeHttpTransport, keep-alive sockets', ['--node-http']],
  ])(
    'exits by itself with code 0 once the client is shut down and the server closed (%s)',
    async (_name, args) => {
      const run = await runChild(SCRIPT, args, KILL_AFTER_MS);

      expect({ killedByUs: run.killedByUs, signal: run.signal, code: run.code, stderr: run.stderr }).toEqual({
        killedByUs: false,
        signal: null,
        code: 0,
        stderr: '',
      });
      const result = JSON.parse(run.stdout) as MiniSoakResult;
      const { tally } = result;
      expect(result.notEndedExactlyOnce).toEqual([]);
      expect(result.unsafeResends).toEqual([]);
      expect(tally.successes + tally.failures + tally.rejections + tally.cancellations).toBe(1_500);
      expect(result.stats).toMatchObject(endStats(tally));
      expect(result.shutdown).toEqual({ issuedBefore: 750, unendedWhenResolved: 0 });
      expect(tally.rejectionsByCode['SDK.ClientShutdown']).toBe(750);
      expect(result.requests).toBeGreaterThan(300);
      expect(result.peakOpen).toBeLessThanOrEqual(20);
      expect(result.leaks).toEqual([]);

      // Whatever the child printed holds no secret either.
      const scan = new SecretScan();
      scan.add('child stdout', run.stdout);
      scan.add('child stderr', run.stderr);
      expect(scan.leaks()).toEqual([]);
    },
    60_000,
  );
});
