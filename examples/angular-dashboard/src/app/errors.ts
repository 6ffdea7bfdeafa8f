import { isSdkError } from 'alicloud-rx';

/** A readable line for a failed call: the service's code and message (never a secret: the SDK redacts). */
export function messageOf(error: unknown): string {
  if (isSdkError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
