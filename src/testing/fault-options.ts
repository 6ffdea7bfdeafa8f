/** Added latency: fixed ms, uniform in `[min, max]`, or a function of the action. */
export type Latency = number | { min: number; max: number } | ((action: string) => number);

/**
 * Faults and limits the fake cloud injects; all off by default. Give them globally or per action
 * (`actions: { DescribeInstances: { throttleQps: 5 } }`); per-action values add to the global ones.
 *
 * @example
 * createFakeCloud({ faults: { latencyMs: { min: 5, max: 30 }, throttleQps: 50, errorRate: 0.02 } });
 */
export interface FaultOptions {
  /** Delay before answering. */
  latencyMs?: Latency;
  /** Calls a second before `Throttling.User` (with `x-acs-retry-after`). */
  throttleQps?: number;
  /**
   * Fraction (0–1) of calls answered `Throttling.User` whatever the rate (as when a limit shared
   * with other callers is hit), with `x-acs-retry-after: 0.001` (1 ms).
   */
  throttleRate?: number;
  /** Fraction (0–1) of calls answered with `errorCode`. */
  errorRate?: number;
  /** @default 'ServiceUnavailable' (503); 'InternalError' is 500. */
  errorCode?: 'ServiceUnavailable' | 'InternalError';
  /** Fraction (0–1) of calls whose connection is reset instead of answered. */
  resetRate?: number;
  /** Send the body in `chunkSize`-byte chunks every `intervalMs` (for a `rate` fraction of calls). */
  slowBody?: { intervalMs: number; chunkSize?: number; rate?: number };
}

/** Global faults plus per-action overrides. */
export interface FakeCloudFaults extends FaultOptions {
  actions?: Readonly<Record<string, FaultOptions>>;
}

/** The latency, in ms, to add for a call. */
export function latencyFor(latency: Latency | undefined, action: string, random: () => number): number {
  if (latency === undefined) return 0;
  if (typeof latency === 'number') return latency;
  if (typeof latency === 'function') return latency(action);
  return latency.min + random() * (latency.max - latency.min);
}
