/** Helpers for the flattenParams specs: the refusal a call throws, and every way an error is shown. */
import { inspect } from 'node:util';
import { ClientError } from '../../src/errors/client-error.js';

/** The ClientError SDK.InvalidParam `fn` throws (fails the test on any other outcome). */
export function refusal(fn: () => unknown): ClientError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'SDK.InvalidParam' });
    return error as ClientError;
  }
  throw new Error('expected a ClientError');
}

/** The error as a person or a log would see it: message, toString, JSON and util.inspect. */
export function viewsOf(error: Error): string[] {
  return [error.message, String(error), JSON.stringify(error), inspect(error)];
}
