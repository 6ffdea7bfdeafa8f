/**
 * Secret hygiene for the reliability suite: the distinctive STS credential every reliability client
 * signs with, and a scan that finds the AccessKeySecret, the security token (raw, percent-encoded
 * once and twice) or any signature that was really sent in any text the SDK produced.
 *
 * Jest-free, so that the child-process mini-soak can use it too.
 */
import { inspect } from 'node:util';
import { percentEncode } from '../../src/signing/percent-encode.js';
import type { FakeAccount } from '../../src/testing/fake-account.js';

/** Distinctive values: nothing else in a run can contain them by chance. */
export const SOAK_ACCESS_KEY_ID = 'STS.reliability-soak-id';
export const SOAK_SECRET = 'rel1ab1l1ty-S3CRET+/=%must~never~leak';
export const SOAK_TOKEN = 'CAIS.reliability/token+with=specials&more~STS-7f3a9c';

/** The fake cloud's account for {@link SOAK_ACCESS_KEY_ID}. */
export const SOAK_ACCOUNT: FakeAccount = {
  accessKeyId: SOAK_ACCESS_KEY_ID,
  accessKeySecret: SOAK_SECRET,
  securityTokens: [SOAK_TOKEN],
};

/** Every form a secret can take on the wire or in an echo: raw, percent-encoded once and twice. */
export function wireForms(secret: string): string[] {
  const once = percentEncode(secret);
  return [...new Set([secret, once, percentEncode(once), encodeURIComponent(secret)])];
}

/** The signature a request carries: ACS3 in `authorization`, HMAC-SHA1 in the query or form body. */
export function signatureOf(url: string, headers: Headers, body: string): string | undefined {
  const acs3 = /Signature=([0-9a-f]+)/.exec(headers.get('authorization') ?? '');
  if (acs3?.[1]) return acs3[1];
  const fromQuery = new URL(url).searchParams.get('Signature');
  if (fromQuery) return fromQuery;
  return new URLSearchParams(body).get('Signature') ?? undefined;
}

/** Every text view of a thrown value a user or a log could see. */
export function viewsOf(value: unknown): string[] {
  const views = [inspect(value, { depth: null })];
  try {
    views.push(String(value));
  } catch {
    // A value without a usable toString: inspect above still shows it.
  }
  try {
    views.push(JSON.stringify(value) ?? '');
  } catch {
    // Circular: inspect above still shows it.
  }
  if (value instanceof Error) views.push(value.message, value.stack ?? '');
  return views;
}

// Signatures are 64 hex digits (ACS3) or 28 base64 characters (HMAC-SHA1); percent-encoding only
// touches `+`, `/` and `=`. So: decode the text twice, then look up every window of a hex or
// base64 run in a set; thousands of signatures stay cheap to check against thousands of texts.
const HEX_RUN = /[0-9a-f]{64,}/g;
const BASE64_RUN = /[A-Za-z0-9+/=]{28,}/g;

function decodedTwice(text: string): string {
  const once = (s: string) =>
    s.replace(/%(25|2B|2F|3D)/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return once(once(text));
}

function windows(text: string, run: RegExp, size: number): Generator<string> {
  return (function* () {
    for (const match of text.matchAll(run)) {
      for (let i = 0; i + size <= match[0].length; i++) yield match[0].slice(i, i + size);
    }
  })();
}

/** Collects sent signatures and produced texts; `leaks()` says which texts hold a secret. */
export class SecretScan {
  private readonly signatures = new Set<string>();
  private readonly texts: { where: string; text: string }[] = [];
  private readonly fixed: string[];

  constructor(secrets: readonly string[] = [SOAK_SECRET, SOAK_TOKEN]) {
    this.fixed = secrets.flatMap(wireForms);
  }

  /** A signature a request really carried. */
  addSignature(signature: string | undefined): void {
    if (signature) this.signatures.add(signature);
  }

  /** Something the SDK produced: every view of an error, or a text such as a console line. */
  add(where: string, value: unknown): void {
    const views = typeof value === 'string' ? [value] : viewsOf(value);
    for (const text of views) this.texts.push({ where, text });
  }

  get signatureCount(): number {
    return this.signatures.size;
  }

  get textCount(): number {
    return this.texts.length;
  }

  /** One line per text that holds a secret (the secret itself masked), empty when clean. */
  leaks(): string[] {
    const found: string[] = [];
    for (const { where, text } of this.texts) {
      const fixed = this.fixed.find((secret) => text.includes(secret));
      if (fixed !== undefined) {
        found.push(`${where}: holds the secret or token as ${JSON.stringify(mask(fixed))}`);
        continue;
      }
      const decoded = decodedTwice(text);
      const signature = [...windows(decoded, HEX_RUN, 64), ...windows(decoded, BASE64_RUN, 28)].find((w) =>
        this.signatures.has(w),
      );
      if (signature !== undefined) found.push(`${where}: holds the signature ${mask(signature)}`);
    }
    return found;
  }
}

const mask = (secret: string) => `${secret.slice(0, 4)}…(${secret.length} chars)`;

/** What `console` printed while capturing, and a way to stop. */
export interface ConsoleCapture {
  readonly lines: string[];
  restore(): void;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * Replaces the console methods (and listens to process warnings) so that everything printed can
 * be scanned; nothing is printed while capturing.
 */
export function captureConsole(): ConsoleCapture {
  const lines: string[] = [];
  const terminal = globalThis.console;
  const originals = CONSOLE_METHODS.map((name) => [name, terminal[name]] as const);
  for (const name of CONSOLE_METHODS) {
    terminal[name] = (...args: unknown[]) =>
      void lines.push(
        `console.${name}: ${args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ')}`,
      );
  }
  const onWarning = (warning: Error) => void lines.push(`warning: ${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  return {
    lines,
    restore() {
      for (const [name, original] of originals) terminal[name] = original;
      process.off('warning', onWarning);
    },
  };
}
