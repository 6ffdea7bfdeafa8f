import { dryRunPassed, invalidParameter, missingParameter, regionNotFound } from './ecs-api-error.js';
import type { EcsTag } from './ecs-instance.js';
import type { EcsState, RegionState } from './ecs-state.js';

/** The decoded flat RPC parameters of one request (`RegionId`, `Tag.1.Key`, `InstanceId.1`, …). */
export type EcsParams = Readonly<Record<string, string>>;

/** A parameter's value, or undefined when it is absent or empty. */
export function optional(params: EcsParams, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A mandatory parameter's value. @throws `MissingParameter` when it is absent or empty. */
export function required(params: EcsParams, name: string): string {
  const value = optional(params, name);
  if (value === undefined) throw missingParameter(name);
  return value;
}

/**
 * Parses an integer parameter off the wire (decimal text) within [min, max], or `fallback` when
 * absent: the fake cloud's answer to a request, not the client's argument check (`checkInteger`).
 * @throws `InvalidParameter`.
 */
export function integerParam(
  params: EcsParams,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const raw = optional(params, name);
  if (raw === undefined) return fallback;
  const value = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw invalidParameter(name, `It must be an integer from ${min} to ${max}, got "${raw}".`);
  return value;
}

/** A `true`/`false` parameter (any case), false when absent. @throws `InvalidParameter`. */
export function bool(params: EcsParams, name: string): boolean {
  const raw = optional(params, name);
  if (raw === undefined) return false;
  const lower = raw.toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw invalidParameter(name, `It must be true or false.`);
  return lower === 'true';
}

/** A parameter that takes one of a few values, `fallback` when absent. @throws `InvalidParameter`. */
export function oneOf<T extends string>(
  params: EcsParams,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = optional(params, name);
  if (raw === undefined) return fallback;
  const value = allowed.find((a) => a === raw);
  if (value === undefined) throw invalidParameter(name, `It must be one of ${allowed.join(', ')}.`);
  return value;
}

/**
 * The values of a repeated parameter `<prefix>.N` (N from 1 to `max`), ordered by N.
 * @throws `InvalidParameter` for an N out of range, an empty value or a repeated value.
 */
export function repeated(params: EcsParams, prefix: string, max: number): string[] {
  const found: [number, string][] = [];
  for (const [key, value] of Object.entries(params)) {
    if (!key.startsWith(`${prefix}.`)) continue;
    const rest = key.slice(prefix.length + 1);
    if (!/^\d+$/.test(rest)) continue;
    const n = Number(rest);
    if (n < 1 || n > max) throw invalidParameter(`${prefix}.N`, `N must be from 1 to ${max}, got ${rest}.`);
    if (value === '') throw invalidParameter(key, 'It must not be empty.');
    found.push([n, value]);
  }
  const values = found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  if (new Set(values).size !== values.length) throw invalidParameter(`${prefix}.N`, 'It repeats a value.');
  return values;
}

/** A JSON array of strings (at most `max`), undefined when absent. @throws `InvalidParameter`. */
export function jsonStrings(params: EcsParams, name: string, max: number): string[] | undefined {
  const raw = optional(params, name);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter(name, 'It must be a JSON array of strings.');
  }
  if (!Array.isArray(parsed) || !parsed.every((v): v is string => typeof v === 'string'))
    throw invalidParameter(name, 'It must be a JSON array of strings.');
  if (parsed.length > max) throw invalidParameter(name, `It holds more than ${max} values.`);
  return parsed;
}

/** A tag condition of a query: the key must be present, with `value` when one is given. */
export interface TagFilter {
  readonly key: string;
  readonly value?: string;
}

function tagPairs(params: EcsParams): Map<number, { key?: string; value?: string }> {
  const pairs = new Map<number, { key?: string; value?: string }>();
  for (const [name, value] of Object.entries(params)) {
    const match = /^Tag\.(\d+)\.(Key|Value)$/.exec(name);
    if (!match) continue;
    const n = Number(match[1]);
    if (n < 1 || n > 20) throw invalidParameter('Tag.N.Key', `N must be from 1 to 20, got ${match[1]}.`);
    const pair = pairs.get(n) ?? {};
    if (match[2] === 'Key') pair.key = value;
    else pair.value = value;
    pairs.set(n, pair);
  }
  return new Map([...pairs].sort((a, b) => a[0] - b[0]));
}

/** The `Tag.N.Key` / `Tag.N.Value` conditions of a query (N from 1 to 20). */
export function tagFilters(params: EcsParams): TagFilter[] {
  return [...tagPairs(params)].map(([n, { key, value }]) => {
    if (key === undefined || key === '') throw missingParameter(`Tag.${n}.Key`);
    return value === undefined ? { key } : { key, value };
  });
}

/**
 * The tags to set from `Tag.N.Key` / `Tag.N.Value` (N from 1 to 20; a missing value is empty).
 * @throws `MissingParameter` for a value without key, `InvalidParameter` for a bad or repeated key.
 */
export function tagsToSet(params: EcsParams): EcsTag[] {
  const tags: EcsTag[] = [];
  for (const [n, { key, value }] of tagPairs(params)) {
    if (key === undefined || key === '') throw missingParameter(`Tag.${n}.Key`);
    if (key.length > 128 || /^(aliyun|acs:)/i.test(key) || /^https?:\/\//i.test(key))
      throw invalidParameter(
        `Tag.${n}.Key`,
        'Keys are at most 128 characters and must not start with aliyun, acs:, http:// or https://.',
      );
    if ((value ?? '').length > 128 || /^https?:\/\//i.test(value ?? ''))
      throw invalidParameter(
        `Tag.${n}.Value`,
        'Values are at most 128 characters and must not start with http:// or https://.',
      );
    if (tags.some((t) => t.TagKey === key))
      throw invalidParameter(`Tag.${n}.Key`, `The key "${key}" is repeated.`);
    tags.push({ TagKey: key, TagValue: value ?? '' });
  }
  return tags;
}

/** The region named by `RegionId`. @throws `MissingParameter` or `InvalidRegionId.NotFound`. */
export function requireRegion(state: EcsState, params: EcsParams): RegionState {
  const regionId = required(params, 'RegionId');
  const region = state.region(regionId);
  if (!region) throw regionNotFound(regionId);
  return region;
}

/** Ends a request that passed every check when it asked for `DryRun=true`. @throws `DryRunOperation`. */
export function endDryRun(params: EcsParams): void {
  if (bool(params, 'DryRun')) throw dryRunPassed();
}
