/** Runs a TypeScript script of the suite (or any command) in a process of its own, as the process specs need. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A running child: its output so far, a wait for a text in it, and how it ended. */
export interface StartedChild {
  readonly child: ChildProcess;
  out(): string;
  err(): string;
  /** Resolves once stdout or stderr holds `text`; rejects if the child ends first. */
  until(text: string): Promise<void>;
  /** The exit code (`null` when a signal ended it, then in `signal()`). */
  readonly ended: Promise<number | null>;
  signal(): NodeJS.Signals | null;
}

/**
 * Starts `command` from the repository's root with `NODE_OPTIONS` cleared and `env` added; stdin
 * is a pipe (what is written there reaches the child) unless `stdin: 'ignore'`.
 */
export function startChild(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; stdin?: 'pipe' | 'ignore' } = {},
): StartedChild {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...options.env },
    stdio: [options.stdin ?? 'pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let signal: NodeJS.Signals | null = null;
  const waiters: { text: string; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters])
      if (out.includes(w.text) || err.includes(w.text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  child.stdout!.setEncoding('utf8').on('data', (c: string) => ((out += c), check()));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => ((err += c), check()));
  const ended = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, by) => {
      signal = by;
      resolve(code);
    });
  });
  return {
    child,
    out: () => out,
    err: () => err,
    until: (text) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ text, resolve });
        check();
        void ended.then(() => reject(new Error(`ended before "${text}":\n${out}\n${err}`)));
      }),
    ended,
    signal: () => signal,
  };
}

/** How a child ended and what it printed. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when it outlived `killAfterMs` and was killed. */
  killedByUs: boolean;
  stdout: string;
  stderr: string;
}

/** `node --import tsx <script> ...args` from the repository's root; SIGKILL after `killAfterMs`. */
export async function runChild(
  script: string,
  args: readonly string[],
  killAfterMs: number,
): Promise<ChildRun> {
  const started = startChild(process.execPath, ['--import', 'tsx', script, ...args], { stdin: 'ignore' });
  let killedByUs = false;
  const killer = setTimeout(() => {
    killedByUs = true;
    started.child.kill('SIGKILL');
  }, killAfterMs);
  try {
    const code = await started.ended;
    return { code, signal: started.signal(), killedByUs, stdout: started.out(), stderr: started.err() };
  } finally {
    clearTimeout(killer);
  }
}
