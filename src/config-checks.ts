import type { Budget } from './budget/budget.js';
import type { Logger } from './events/logger.js';
// What a Config value may be, one check per option, used by `new Config(values)` and by the
// `with…` methods alike: no path builds a Config that a `with…` method would have refused.
import { checkHeaderValue } from './http/header-value.js';
import { checkMaxRetryAfter, checkRetryOn } from './retry-policy-options.js';
import type { ConfigValues } from './config.js';
import {
  checkBoolean,
  checkFunction,
  checkInteger,
  checkOneOf,
  isNonEmptyString,
  MAX_TIMEOUT_MS,
} from './checks.js';
import { ClientError, describeValue, invalidParam } from './errors/client-error.js';

/** The largest `maxResponseBytes`: 256 MiB, well under the longest string a JS engine can hold. */
export const MAX_RESPONSE_BYTES_LIMIT = 256 * 1024 * 1024;

/** A host or an http(s) URL, without trailing slashes; else `SDK.InvalidParam`. */
export function checkEndpoint(value: unknown): string {
  const allowed = "a host such as 'ecs.cn-hangzhou.aliyuncs.com' or a URL such as 'http://127.0.0.1:8080'";
  if (!isNonEmptyString(value) || /\s/.test(value)) {
    throw invalidParam('endpoint', value, allowed);
  }
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw invalidParam('endpoint', value, allowed);
  }
  return value.replace(/\/+$/, '');
}

const optional =
  <T>(check: (value: unknown) => T) =>
  (value: unknown): T | undefined =>
    value === undefined ? undefined : check(value);

type Checks = {
  readonly [K in keyof ConfigValues]: (value: unknown, all: ConfigValues) => ConfigValues[K];
};

const CHECKS: Checks = {
  enableAsync: (v) => checkBoolean('enableAsync', v),
  goRoutinePoolSize: (v) => checkInteger('goRoutinePoolSize', v, 1),
  maxTaskQueueSize: (v) => checkInteger('maxTaskQueueSize', v, 0),
  connectTimeout: (v) => checkInteger('connectTimeout', v, 1, MAX_TIMEOUT_MS),
  readTimeout: (v) => checkInteger('readTimeout', v, 1, MAX_TIMEOUT_MS),
  autoRetry: (v) => checkBoolean('autoRetry', v),
  maxRetryTime: (v) => checkInteger('maxRetryTime', v, 0, 100),
  retryBaseDelay: (v) => checkInteger('retryBaseDelay', v, 0, MAX_TIMEOUT_MS),
  retryMaxDelay: (v, all) => checkInteger('retryMaxDelay', v, all.retryBaseDelay, MAX_TIMEOUT_MS),
  retryOn: checkRetryOn,
  maxRetryAfter: checkMaxRetryAfter,
  endpoint: optional(checkEndpoint),
  scheme: (v) => checkOneOf('scheme', v, ['https', 'http'] as const),
  signatureAlgorithm: (v) => checkOneOf('signatureAlgorithm', v, ['ACS3-HMAC-SHA256', 'HMAC-SHA1'] as const),
  userAgent: optional((v) => checkHeaderValue('userAgent', v)),
  fetch: optional((v) => checkFunction('fetch', v, 'a fetch-compatible function')),
  transport: optional((v) =>
    checkFunction('transport', v, 'a Transport function, such as nodeHttpTransport()'),
  ),
  maxResponseBytes: (v) => checkInteger('maxResponseBytes', v, 1, MAX_RESPONSE_BYTES_LIMIT),
  budget: optional(checkBudget),
  logger: optional(checkLogger),
};

function checkBudget(value: unknown): Budget {
  const budget = value as Partial<Budget> | null;
  if (
    typeof budget !== 'object' ||
    budget === null ||
    typeof budget.lease$ !== 'function' ||
    typeof budget.token$ !== 'function' ||
    typeof budget.report !== 'function'
  )
    throw invalidParam('budget', value, 'a Budget, such as localBudget({ concurrency: 12 })');
  return budget as Budget;
}

const OPTIONS = Object.keys(CHECKS).join(', ');

/**
 * The values of a new Config: `defaults` overlaid with the options `values` gives (an option given
 * as `undefined` keeps its default), every one checked as its `with…` method checks it. An unknown
 * option, a bad value, or both `fetch` and `transport` is a `ClientError` `SDK.InvalidParam`.
 */
export function checkConfigValues(defaults: ConfigValues, values: unknown): ConfigValues {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw invalidParam('Config options', values, 'an object of Config options');
  }
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(values)) {
    if (!Object.hasOwn(CHECKS, key)) {
      throw new ClientError(
        'SDK.InvalidParam',
        `Unknown Config option ${describeValue(key)}; the options are ${OPTIONS}.`,
      );
    }
    if (value !== undefined) merged[key] = value;
  }
  const all = merged as unknown as ConfigValues;
  const checked: Record<string, unknown> = {};
  for (const key of Object.keys(CHECKS) as (keyof ConfigValues)[]) {
    checked[key] = (CHECKS[key] as (value: unknown, all: ConfigValues) => unknown)(all[key], all);
  }
  if (checked.fetch !== undefined && checked.transport !== undefined) {
    throw new ClientError(
      'SDK.InvalidParam',
      'Config options fetch and transport were both given; give one: fetch is the fetch under the default transport, transport replaces it.',
    );
  }
  return checked as unknown as ConfigValues;
}

function checkLogger(value: unknown): Logger {
  const logger = value as Partial<Record<keyof Logger, unknown>> | null;
  if (
    (typeof logger !== 'object' && typeof logger !== 'function') ||
    logger === null ||
    (['debug', 'info', 'warn', 'error'] as const).some((level) => typeof logger[level] !== 'function')
  )
    throw invalidParam(
      'logger',
      value,
      'an object with debug, info, warn and error methods (console, pino, winston)',
    );
  return logger as Logger;
}
