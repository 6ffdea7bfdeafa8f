// `npm start -- --workers N [--redis URL]`: the sweep split over N worker processes (each a share
// of the regions, each its own pool), sharing one adaptive redisBudget when --redis is given.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SweepResult } from './sweep.js';

/** What a worker reports (one JSON line on stdout, after `RESULT `). */
export interface WorkerReport {
  result: Pick<SweepResult, 'regions' | 'seen' | 'stopped'> & { targets: number; failed: number };
  calls: number;
  retries: number;
}

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Runs `count` workers of main.ts with `args` plus their shard; resolves with their reports. */
export async function runWorkers(count: number, args: string[]): Promise<WorkerReport[]> {
  const runs = Array.from({ length: count }, (_, index) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, ...args, '--worker', `${index}/${count}`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    return new Promise<WorkerReport>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
      child.on('exit', (code) => {
        const line = out.split('\n').find((l) => l.startsWith('RESULT '));
        if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as WorkerReport);
        else reject(new Error(`worker ${index} exited with ${code}: ${out.slice(-500)}`));
      });
    });
  });
  return Promise.all(runs);
}

/** `i/n` → the shard, or undefined. */
export function shardOf(flag: string | undefined): { index: number; count: number } | undefined {
  if (flag === undefined) return undefined;
  const [index, count] = flag.split('/').map(Number) as [number, number];
  if (!Number.isInteger(index) || !Number.isInteger(count) || index < 0 || index >= count)
    throw new Error(`--worker must be i/n with 0 <= i < n, got ${JSON.stringify(flag)}`);
  return { index, count };
}
