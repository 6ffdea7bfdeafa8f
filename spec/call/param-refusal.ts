/** Helpers for the flattenParams specs: the refusal a call throws, and every way an error is shown. */
import { inspect } from 'node:util';
import type { ClientError } from '../../src/errors/client-error.js';
import { clientErrorOf } from '../helpers/client-error-of.js';

/** The ClientError SDK.InvalidParam `fn` throws (fails the test on any other outcome). */
export const refusal = (fn: () => unknown): ClientError => clientErrorOf(fn, 'SDK.InvalidParam');

/** The error as a person or a log would see it: message, toString, JSON and util.inspect. */
export function viewsOf(error: Error): string[] {
  return [error.message, String(error), JSON.stringify(error), inspect(error)];
}
