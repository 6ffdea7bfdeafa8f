// A mini-soak with shutdown in a process of its own, which must then exit by itself: no timer,
// socket or listener of the SDK may keep the event loop alive.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SecretScan } from './secrets.js';
import { endStats, type Tally } from './soak-checks.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = 'spec/reliability/fixtures/mini-soak.ts';
/** Far beyond what the child needs (about 3 s on 2 cores); past it, it is killed and the test fails. */
const KILL_AFTER_MS = 40_000;

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  killedByUs: boolean;
  stdout: string;
  stderr: string;
}

function runChild(args: readonly string[]): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killedByUs = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const killer = setTimeout(() => {
      killedByUs = true;
      child.kill('SIGKILL');
    }, KILL_AFTER_MS);
    child.once('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, killedByUs, stdout, stderr });
    });
  });
}

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
      const run = await runChild(args);

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
