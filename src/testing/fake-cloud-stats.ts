/**
 * What the fake cloud saw. `byAction[action][outcome]` counts calls by how they ended: `OK`, an
 * error code (`Throttling.User`, `SignatureDoesNotMatch`, `RequestEntityTooLarge`, …), `Aborted`
 * or `Reset`. Each request is in flight or counted there once (`requests` = `inFlight` + all of
 * `byAction`), and `aborted` is the sum of its `Aborted` counts.
 */
export interface FakeCloudStats {
  requests: number;
  /** Requests not yet answered in full (a slow body until its last chunk). */
  inFlight: number;
  peakInFlight: number;
  throttled: number;
  /** Requests the client gave up on (aborted or disconnected) before the answer was complete. */
  aborted: number;
  resets: number;
  injectedErrors: number;
  /** Request body bytes read: a body over `maxBodyBytes` is read no further than the chunk that crossed it. */
  bodyBytesRead: number;
  byAction: Record<string, Record<string, number>>;
}

/** A fresh, zeroed stats object. */
export function emptyStats(): FakeCloudStats {
  return {
    requests: 0,
    inFlight: 0,
    peakInFlight: 0,
    throttled: 0,
    aborted: 0,
    resets: 0,
    injectedErrors: 0,
    bodyBytesRead: 0,
    byAction: {},
  };
}

/** Counts one ended call. */
export function countOutcome(stats: FakeCloudStats, action: string, outcome: string): void {
  const key = action || '(none)';
  const row = (stats.byAction[key] ??= {});
  row[outcome] = (row[outcome] ?? 0) + 1;
}
