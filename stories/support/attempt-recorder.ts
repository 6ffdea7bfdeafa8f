import { Subject } from 'rxjs';
import type { FetchLike } from '../../src/index.js';

/** One HTTP attempt of a logical call, as the transport saw it. */
export interface Attempt {
  /** Which logical call it belongs to. */
  readonly key: string;
  /** `performance.now()` when it was sent and when its answer (or failure) came. */
  readonly start: number;
  end?: number;
  /** `OK`, the error code (`Throttling.User`, …) or `Aborted`. */
  outcome?: string;
  /** The server's `x-acs-retry-after` (seconds), when it throttled. */
  retryAfter?: string;
}

/**
 * Watches the attempts that go through a fetch handler, so a story can draw retries and backoff:
 * every retry is a new request (fresh nonce, date and signature), and the gap between two
 * attempts of the same call is the client's backoff.
 */
export class AttemptRecorder {
  readonly attempts: Attempt[] = [];
  /** Ticks on every new or finished attempt. */
  readonly changes = new Subject<void>();

  /** @param keyOf which logical call a request belongs to (`undefined`: not watched) */
  constructor(private readonly keyOf: (url: URL) => string | undefined) {}

  clear(): void {
    this.attempts.length = 0;
  }

  /** A fetch handler that records each attempt and passes it on to `fetch`. */
  wrap(fetch: FetchLike): FetchLike {
    return async (input, init) => {
      const key = this.keyOf(new URL(input.url));
      if (key === undefined) return fetch(input, init);
      const attempt: Attempt = { key, start: performance.now() };
      this.attempts.push(attempt);
      this.changes.next();
      try {
        const response = await fetch(input, init);
        attempt.outcome = response.ok ? 'OK' : await codeOf(response);
        attempt.retryAfter = response.headers.get('x-acs-retry-after') ?? undefined;
        return response;
      } catch (error) {
        attempt.outcome = (init?.signal ?? input.signal).aborted ? 'Aborted' : 'NetworkError';
        throw error;
      } finally {
        attempt.end = performance.now();
        this.changes.next();
      }
    };
  }
}

async function codeOf(response: Response): Promise<string> {
  try {
    const body = (await response.clone().json()) as { Code?: unknown };
    return typeof body.Code === 'string' ? body.Code : `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}
