// The client's argument checks, one name per meaning. Every `check…` returns the value it was given
// when it is allowed, else throws `ClientError` `SDK.InvalidParam` naming the option, the value
// received and what is allowed. `optionalText` reads a credential source and never throws. The fake
// cloud parses its wire parameters with helpers of its own (`src/testing/ecs/ecs-params.ts`).
import { invalidParam } from './errors/client-error.js';

/** The longest timer a runtime can set (ms); beyond it `setTimeout` and `AbortSignal.timeout` fire at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** `value` if it is an integer from `min` to `max`; else `SDK.InvalidParam` naming `option` and the range. */
export function checkInteger(
  option: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    throw invalidParam(option, value, range);
  }
  return value;
}

/** `value` if it is an integer >= `min` or `Infinity` (no limit); else `SDK.InvalidParam`. */
export function checkIntegerOrInfinity(option: string, value: unknown, min: number): number {
  if (value === Infinity) return value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw invalidParam(option, value, `an integer >= ${min}, or Infinity`);
  return value;
}

/** `value` if it is a boolean; else `SDK.InvalidParam` naming `option`. */
export function checkBoolean(option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalidParam(option, value, 'true or false');
  return value;
}

/** `value` if it is one of `allowed`; else `SDK.InvalidParam` naming `option` and listing them. */
export function checkOneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidParam(option, value, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return value as T;
}

/** `value` if it is a function; else `SDK.InvalidParam` naming `option` and what it should be. */
export function checkFunction<T>(option: string, value: unknown, allowed: string): T {
  if (typeof value !== 'function') throw invalidParam(option, value, allowed);
  return value as T;
}

/** Whether `value` is a string with something besides whitespace (the meaning of "empty" here). */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * `value`, as given (not trimmed), if it is a string with something besides whitespace; else
 * `SDK.InvalidParam` naming `option`, and `example` when one is given.
 */
export function checkNonEmptyString(option: string, value: unknown, example?: string): string {
  if (!isNonEmptyString(value)) {
    throw invalidParam(
      option,
      value,
      example === undefined ? 'a non-empty string' : `a non-empty string such as ${example}`,
    );
  }
  return value;
}

/**
 * A credential source's value (an option, an environment variable, a profile key) as text: trimmed,
 * a number or boolean as its text, `undefined` when absent or blank (the official tools treat an
 * empty variable as unset). Never throws.
 */
export function optionalText(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return isNonEmptyString(value) ? value.trim() : undefined;
}
