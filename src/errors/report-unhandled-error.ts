import { config } from 'rxjs';

/**
 * Reports an error nobody can catch (thrown by a user's callback) the way RxJS does: to
 * `config.onUnhandledError` when set, else re-thrown on a fresh task.
 */
export function reportUnhandledError(error: unknown): void {
  setTimeout(() => {
    const handler = config.onUnhandledError;
    if (handler) handler(error);
    else throw error;
  });
}
