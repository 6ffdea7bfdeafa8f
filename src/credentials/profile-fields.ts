import { readFile } from 'node:fs/promises';
import { optionalText } from '../checks.js';
import { ClientError } from '../errors/client-error.js';
import type { CredentialProvider } from './credential.js';

/** One profile's keys, as a file holds them (values may be strings, numbers or booleans). */
export type ProfileFields = Readonly<Record<string, unknown>>;

/** The value of a profile's `key` as text ({@link optionalText}: trimmed), or `undefined` when absent or blank. */
export function profileValue(fields: ProfileFields, key: string): string | undefined {
  return optionalText(fields[key]);
}

/** The value of `key`, or a `SDK.MissingParam` error naming the key and where it was looked for (never a value). */
export function requiredProfileValue(fields: ProfileFields, key: string, where: string): string {
  const value = profileValue(fields, key);
  if (value === undefined) throw new ClientError('SDK.MissingParam', `${where} has no ${key}.`);
  return value;
}

/** Reads a file as UTF-8 text (the `readFile` option of the Node providers). */
export type ReadTextFile = (path: string) => Promise<string>;

const readUtf8: ReadTextFile = (path) => readFile(path, 'utf8');

/**
 * A file's text, read by `read` (default `fs.readFile`); a missing file is `SDK.MissingParam`, an
 * unreadable one `SDK.InvalidParam` (the path and the system code only, never the text).
 */
export async function readProfileFile(path: string, what: string, read?: ReadTextFile): Promise<string> {
  try {
    return await (read ?? readUtf8)(path);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT') throw new ClientError('SDK.MissingParam', `There is no ${what} at ${path}.`);
    throw new ClientError('SDK.InvalidParam', `Cannot read the ${what} at ${path} (${String(code)}).`, {
      cause: error,
    });
  }
}

/**
 * Resolves a profile to its provider once, then asks that provider on every call. Loading is single
 * flight; a failed load is tried again on the next call (the file may appear later).
 */
export class LazyProvider {
  #inner: Promise<CredentialProvider> | undefined;

  constructor(private readonly load: () => Promise<CredentialProvider>) {}

  provider(): Promise<CredentialProvider> {
    this.#inner ??= Promise.resolve()
      .then(() => this.load())
      .catch((error: unknown) => {
        this.#inner = undefined;
        throw error;
      });
    return this.#inner;
  }
}
