/**
 * Thrown by `cloud.fetch` to stand for a connection reset: through `fetch` it looks like any
 * network failure (a `TypeError`), and `startFakeCloud`'s server destroys the socket instead of
 * answering.
 */
export class ConnectionResetError extends TypeError {
  readonly code = 'ECONNRESET';

  constructor() {
    super('fetch failed', { cause: { code: 'ECONNRESET', message: 'socket hang up' } });
    this.name = 'ConnectionResetError';
  }
}
