import { ClientError } from '../../src/errors/client-error.js';

/**
 * The `ClientError` that `run` throws, with `code` when one is given; fails the test when `run`
 * throws anything else or nothing.
 */
export function clientErrorOf(run: () => unknown, code?: string): ClientError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ClientError);
    if (code !== undefined) expect(error).toMatchObject({ code });
    return error as ClientError;
  }
  throw new Error('expected a ClientError, and nothing was thrown');
}
