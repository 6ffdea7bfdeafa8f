/** Test helpers for the credential providers: temp homes, a settable clock and a secret-leak check. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import type { Credential } from '../../src/credentials/credential.js';

/** 2030-01-01T00:00:00Z: every test clock starts here. */
export const T0 = Date.parse('2030-01-01T00:00:00Z');
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** The wire form of an expiration: `2030-01-01T01:00:00Z` (no milliseconds, as the services send). */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A settable clock for the providers' `now` option. */
export function clock(start = T0): { now: () => number; set: (ms: number) => void } {
  let time = start;
  return { now: () => time, set: (ms) => (time = ms) };
}

/** A promise with its resolve and reject, to hold a source until the test lets it go. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A temp directory used as a home; `write` puts files under it, `cleanup` removes it. */
export async function tempHome(): Promise<{
  dir: string;
  write: (relative: string, text: string) => Promise<string>;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'alicloud-rx-cred-'));
  return {
    dir,
    write: async (relative, text) => {
      const path = join(dir, relative);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text, 'utf8');
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Fails the test if any view of `value` (message, String, JSON, inspect with causes) holds a secret. */
export function expectNoSecret(value: unknown, secrets: readonly string[]): void {
  const views: Record<string, string> = {
    message: String((value as Error | undefined)?.message),
    string: String(value),
    json: JSON.stringify(value) ?? '',
    inspect: inspect(value, { depth: null }),
  };
  for (const [view, text] of Object.entries(views))
    for (const secret of secrets)
      if (text.includes(secret)) throw new Error(`The ${view} view contains the secret ${secret}:\n${text}`);
}

export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('Expected a rejection, got a value.');
}

/** A source that hands out numbered credentials expiring `lifetime` after the clock, counting fetches. */
export function countingSource(now: () => number, lifetime = HOUR) {
  const state = { fetches: 0, gate: undefined as ReturnType<typeof deferred<void>> | undefined, fail: false };
  const fetchCredential = async (): Promise<Credential> => {
    state.fetches += 1;
    const n = state.fetches;
    if (state.gate) await state.gate.promise;
    if (state.fail) throw new Error(`source down (${n})`);
    return {
      accessKeyId: `id-${n}`,
      accessKeySecret: `SECRET-${n}`,
      securityToken: `TOKEN-${n}`,
      expiration: now() + lifetime,
    };
  };
  return { state, fetchCredential };
}

/** Lets every pending promise callback run (one turn of the event loop; no timer). */
export const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The distinct AccessKeyIds handed out. */
export const ids = (credentials: Credential[]) => [...new Set(credentials.map((c) => c.accessKeyId))];
