import { unshownValue } from '../credentials/unshown-value.js';
import { invalidParam, type ClientError } from '../errors/client-error.js';
import { isPlainObject } from './is-plain-object.js';

/**
 * The `SDK.InvalidParam` error for a parameter value: names the path and what is allowed, and
 * describes the value without showing it, since it may be a secret (a `Password`): its kind, a
 * string's length and first lone surrogate. For a kind flattenParams does not send (a `Date`, a
 * `Map`…) it says what to pass instead.
 */
export function paramError(path: string, value: unknown, allowed: string): ClientError {
  const hint = typeof value === 'object' && value !== null ? hintFor(value) : undefined;
  return invalidParam(path, value, hint ? `${allowed}: ${hint}` : allowed, unshownParam);
}

/** `a value of 9 characters, not shown, with a lone surrogate at index 3`, `a Date`, `NaN`. */
function unshownParam(value: unknown): string {
  switch (typeof value) {
    case 'string': {
      const lone = /\p{Cs}/u.exec(value);
      return lone
        ? `${unshownValue(value)}, with a lone surrogate at index ${lone.index}`
        : unshownValue(value);
    }
    case 'number':
      return Number.isFinite(value) ? 'a number' : String(value); // NaN, Infinity, -Infinity
    case 'object':
      return value === null ? 'null' : kindOf(value);
    case 'undefined':
      return 'undefined';
    default:
      return `a ${typeof value}`; // boolean, bigint, symbol, function
  }
}

/** `an array`, `an object`, `a Date`, `a Uint8Array`, `an instance of Foo`: never its contents. */
function kindOf(value: object): string {
  if (Array.isArray(value)) return 'an array';
  if (isPlainObject(value)) return 'an object'; // before the tag: a plain object's tag is its own
  // `Date` also from another realm (an internal slot, not instanceof); `a Uint8Array`: U as in "you".
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (tag !== 'Object') return `${/^[AEIO]/.test(tag) ? 'an' : 'a'} ${tag}`;
  const constructor: unknown = Object.getOwnPropertyDescriptor(
    Object.getPrototypeOf(value),
    'constructor',
  )?.value;
  const name = typeof constructor === 'function' ? constructor.name : '';
  return name ? `an instance of ${name}` : 'an object that is not plain';
}

/** What to pass instead of a value of a kind that is not sent, if there is one obvious answer. */
function hintFor(value: object): string | undefined {
  if (Array.isArray(value) || isPlainObject(value)) return undefined;
  switch (Object.prototype.toString.call(value)) {
    case '[object Date]':
      return 'pass an ISO 8601 string such as date.toISOString()';
    case '[object Map]':
      return 'pass a plain object such as Object.fromEntries(map)';
    case '[object Set]':
      return 'pass an array such as [...set]';
    case '[object String]':
    case '[object Number]':
    case '[object Boolean]':
    case '[object BigInt]':
      return 'pass the primitive, value.valueOf()';
    case '[object Object]':
      return 'pass a plain object such as { ...value }, which copies its own fields';
    default:
      return undefined;
  }
}
