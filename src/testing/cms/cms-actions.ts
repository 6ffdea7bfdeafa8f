import { EcsApiError, invalidParameter, missingParameter } from '../ecs/ecs-api-error.js';
import type { EcsInstance } from '../ecs/ecs-instance.js';
import { runAction, type ActionHandler } from '../action-handlers.js';
import type { EcsState } from '../ecs/ecs-state.js';

/** The CloudMonitor API version the fake cloud speaks. */
export const CMS_VERSION = '2019-01-01';

/** The one namespace and metric served: ECS instances' CPU, as a dashboard charts it. */
const NAMESPACE = 'acs_ecs_dashboard';
const METRIC = 'CPUUtilization';
const PERIODS = [60, 300, 900, 3600];
const MAX_LENGTH = 1440;
const FAKE_USER_ID = '1234567890123456';

interface Datapoint {
  timestamp: number;
  userId: string;
  instanceId: string;
  Minimum: number;
  Average: number;
  Maximum: number;
}

/** A stable 32-bit hash of a string (FNV-1a). */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A number in [0, 1) fixed by `seed` and `n`. */
function noise(seed: number, n: number): number {
  let t = (seed ^ Math.imul(n, 0x9e3779b1)) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The CPU of one instance over one period starting at `timestamp`: a level of its own (5–65%),
 * a daily swing and noise, all fixed by the instance id and the time, so every call (and every
 * test) sees the same series.
 */
function cpuPoint(instance: EcsInstance, timestamp: number, period: number): Datapoint {
  const seed = hash(instance.InstanceId);
  const level = 5 + (seed % 6000) / 100;
  const day = Math.sin((2 * Math.PI * (timestamp % 86_400_000)) / 86_400_000 + (seed % 628) / 100);
  const n = Math.floor(timestamp / (period * 1000));
  const average = Math.min(100, Math.max(0, level + 12 * day + 8 * (noise(seed, n) - 0.5)));
  const spread = 2 + 10 * noise(seed ^ 0x5bd1e995, n);
  return {
    timestamp,
    userId: FAKE_USER_ID,
    instanceId: instance.InstanceId,
    Minimum: round2(Math.max(0, average - spread)),
    Average: round2(average),
    Maximum: round2(Math.min(100, average + spread)),
  };
}

/** `StartTime`/`EndTime`: epoch ms, or `YYYY-MM-DD hh:mm:ss` / ISO 8601 (read as UTC), as CloudMonitor takes them. */
function timeParam(params: Readonly<Record<string, string>>, name: string, fallback: number): number {
  const raw = params[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^\d+$/.test(raw)) return Number(raw);
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? raw : `${raw.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw invalidParameter(name, 'Use epoch milliseconds or "YYYY-MM-DD hh:mm:ss".');
  return ms;
}

function checkMetric(params: Readonly<Record<string, string>>): void {
  for (const name of ['Namespace', 'MetricName'] as const) if (!params[name]) throw missingParameter(name);
  if (params.Namespace !== NAMESPACE || params.MetricName !== METRIC) {
    throw new EcsApiError(
      'ResourceNotFound',
      `The fake cloud serves only ${NAMESPACE} ${METRIC}; got ${params.Namespace} ${params.MetricName}.`,
      404,
    );
  }
}

/** Checks the metric asked for, and gives the period in seconds. */
function metricPeriod(params: Readonly<Record<string, string>>): number {
  checkMetric(params);
  const period = params.Period === undefined || params.Period === '' ? 60 : Number(params.Period);
  if (!PERIODS.includes(period))
    throw invalidParameter('Period', `Use one of ${PERIODS.join(', ')} (seconds).`);
  return period;
}

/** The instances `Dimensions` names (a JSON array of `{ instanceId }`), or every Running one. */
function instancesOf(state: EcsState, params: Readonly<Record<string, string>>): EcsInstance[] {
  const all = state.listInstances(params.RegionId || undefined);
  if (!params.Dimensions) return all.filter((i) => i.Status === 'Running');
  let dimensions: unknown;
  try {
    dimensions = JSON.parse(params.Dimensions);
  } catch {
    throw invalidParameter('Dimensions', 'It must be a JSON array such as [{"instanceId":"i-1"}].');
  }
  const list = Array.isArray(dimensions) ? dimensions : [dimensions];
  const ids = new Set(
    list.map((d: unknown) =>
      typeof d === 'object' && d !== null ? (d as { instanceId?: unknown }).instanceId : undefined,
    ),
  );
  // Only instances that run report CPU: a stopped one has no datapoints, as in CloudMonitor.
  return all.filter((i) => ids.has(i.InstanceId) && i.Status === 'Running');
}

function answer(period: number, points: Datapoint[], nextToken?: string): Record<string, unknown> {
  return {
    Code: '200',
    Success: true,
    Period: String(period),
    // CloudMonitor sends the datapoints as a JSON string, not as an array.
    Datapoints: JSON.stringify(points),
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}

/** How far back CloudMonitor keeps points, and so the longest range asked for at once. */
const MAX_RANGE_MS = 31 * 86_400_000;

/**
 * `DescribeMetricList`: every period's point in [StartTime, EndTime) per instance, paged by
 * `Length`/`NextToken`. Only the page asked for is computed (a point is a function of its index).
 */
function describeMetricList(
  state: EcsState,
  params: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const period = metricPeriod(params);
  const step = period * 1000;
  const now = state.now();
  const end = timeParam(params, 'EndTime', now);
  const start = timeParam(params, 'StartTime', end - 3_600_000);
  if (start > end) throw invalidParameter('StartTime', 'It must not be after EndTime.');
  if (end - start > MAX_RANGE_MS) throw invalidParameter('StartTime', 'The range is at most 31 days.');
  const length = /^\d{1,4}$/.test(params.Length ?? '') ? Number(params.Length) : params.Length ? NaN : 1000;
  if (!Number.isInteger(length) || length < 1 || length > MAX_LENGTH)
    throw invalidParameter('Length', `Use an integer from 1 to ${MAX_LENGTH}.`);
  const offset = !params.NextToken ? 0 : /^\d{1,12}$/.test(params.NextToken) ? Number(params.NextToken) : NaN;
  if (!Number.isInteger(offset)) throw invalidParameter('NextToken');
  const first = Math.ceil(start / step) * step;
  const last = Math.min(end - 1, now); // points at first, first + step, … up to here
  const perInstance = last < first ? 0 : Math.floor((last - first) / step) + 1;
  const instances = instancesOf(state, params);
  const total = perInstance * instances.length;
  const points: Datapoint[] = [];
  for (let i = offset; i < Math.min(total, offset + length); i++) {
    const instance = instances[Math.floor(i / perInstance)]!;
    points.push(cpuPoint(instance, first + (i % perInstance) * step, period));
  }
  return answer(period, points, offset + length < total ? String(offset + length) : undefined);
}

/** `DescribeMetricLast`: the latest point per instance. */
function describeMetricLast(
  state: EcsState,
  params: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const period = metricPeriod(params);
  const step = period * 1000;
  const latest = Math.floor(state.now() / step) * step - step; // the last whole period
  return answer(
    period,
    instancesOf(state, params).map((instance) => cpuPoint(instance, latest, period)),
  );
}

const HANDLERS: Readonly<Record<string, ActionHandler>> = {
  DescribeMetricList: describeMetricList,
  DescribeMetricLast: describeMetricLast,
};

/** The CloudMonitor actions {@link handleCmsAction} implements. */
export const CMS_ACTIONS: readonly string[] = Object.keys(HANDLERS);

/**
 * Runs one CloudMonitor (2019-01-01) action over the ECS state: `DescribeMetricList` and
 * `DescribeMetricLast` for `acs_ecs_dashboard` `CPUUtilization` of the seeded instances, a
 * plausible series fixed by each instance id and the time. Any other action is
 * `InvalidAction.NotFound`, as the service answers.
 *
 * @example
 * handleCmsAction(state, 'DescribeMetricLast', { Namespace: 'acs_ecs_dashboard', MetricName: 'CPUUtilization' });
 */
export function handleCmsAction(
  state: EcsState,
  action: string,
  params: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return runAction(HANDLERS, state, action, params);
}
