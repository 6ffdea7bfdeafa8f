import { isPlainObject } from './is-plain-object.js';
import { paramError } from './param-error.js';

/**
 * A value an RPC parameter may take: arrays and plain objects are flattened (`Tag.1.Key`), a
 * bigint is sent as its exact decimal text (a Long such as `OwnerId` past 2^53), `undefined` and
 * `null` are left out. Anything else (a `Date`, a `Map`, a class instance, a function, a symbol)
 * is refused: pass a `Date` as an ISO 8601 string such as `date.toISOString()`.
 */
export type RpcParamValue =
  | string
  | number
  | bigint
  | boolean
  | undefined
  | null
  | readonly RpcParamValue[]
  | { readonly [key: string]: RpcParamValue };

/**
 * The parameters of one RPC call, in the API's own PascalCase names.
 *
 * @example
 * const params: RpcParams = { RegionId: 'cn-hangzhou', Tag: [{ Key: 'env', Value: 'prod' }], MaxResults: 100 };
 */
export type RpcParams = { readonly [name: string]: RpcParamValue };

/**
 * How deep objects and arrays may nest in the parameters of one call, the parameters object being
 * the first level: a flattened name has at most this many parts (`Tag.1.Key` has 3). Deeper
 * parameters are refused with `ClientError` `SDK.InvalidParam`, as are cycles.
 *
 * @example
 * import { flattenParams, MAX_PARAM_DEPTH, type RpcParams } from 'alicloud-rx';
 * let params: RpcParams = { K: 'leaf' }; // 1 level
 * for (let level = 1; level < MAX_PARAM_DEPTH; level++) params = { K: params };
 * flattenParams(params); // one pair, ['K.K.….K', 'leaf']: a name of 32 parts, the most allowed
 * flattenParams({ K: params }); // throws ClientError SDK.InvalidParam: "…nested at most 32 levels deep."
 */
export const MAX_PARAM_DEPTH = 32;

const WELL_FORMED = 'well-formed Unicode text (no lone surrogates)';
const KINDS =
  'a string, a finite number, a bigint, a boolean, an array or a plain object (null and undefined are left out)';

// `String.prototype.isWellFormed` (ES2024: Node 20, evergreen browsers; the ES2022 lib types lack
// it), else a regex: with the u flag, \p{Cs} matches only a surrogate that is not half of a pair.
const isWellFormed: (text: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (text) => (text as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (text) => !/\p{Cs}/u.test(text);

// The common kinds first: this runs for every parameter of every call.
function add(out: [string, string][], name: string, value: RpcParamValue, ancestors: object[]): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string') {
    if (!isWellFormed(value)) throw paramError(name, value, WELL_FORMED);
    out.push([name, value]);
  } else if (typeof value === 'object') {
    if (!Array.isArray(value) && !isPlainObject(value)) throw paramError(name, value, KINDS);
    addEntries(out, name, value, ancestors);
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw paramError(name, value, 'a finite number');
    out.push([name, String(value)]);
  } else if (typeof value === 'boolean' || typeof value === 'bigint') {
    out.push([name, String(value)]);
  } else {
    throw paramError(name, value, KINDS); // a function or a symbol
  }
}

// Recursion one level per object or array, never deeper than MAX_PARAM_DEPTH: no RangeError.
// `ancestors` are the objects and arrays on the path to this one, to tell a cycle from sharing.
function addEntries(out: [string, string][], name: string, value: object, ancestors: object[]): void {
  if (ancestors.includes(value)) {
    throw paramError(name, value, 'no cycles (an object or array that contains itself)');
  }
  if (ancestors.length === MAX_PARAM_DEPTH) {
    throw paramError(name, value, `objects and arrays nested at most ${MAX_PARAM_DEPTH} levels deep`);
  }
  ancestors.push(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) add(out, `${name}.${i + 1}`, value[i] as RpcParamValue, ancestors);
  } else {
    const top = ancestors.length === 1;
    for (const key of Object.keys(value)) {
      if (!isWellFormed(key)) {
        throw paramError(top ? 'a parameter name' : `a parameter name in ${name}`, key, WELL_FORMED);
      }
      add(out, top ? key : `${name}.${key}`, (value as Record<string, RpcParamValue>)[key], ancestors);
    }
  }
  ancestors.pop();
}

/**
 * Flattens parameters the RPC way: lists 1-based (`InstanceId.1`), objects by key (`Tag.1.Key`);
 * `undefined` and `null` are left out, a bigint is sent as its decimal text. Parameters that want
 * a JSON string (`InstanceIds`) must be given as one: typed clients do that per parameter.
 *
 * Throws `ClientError` `SDK.InvalidParam` naming the parameter's path and what is allowed for a
 * lone surrogate in a name or value, a number that is not finite, a value that is not a string,
 * number, bigint, boolean, array or plain object (a `Date`, a `Map`, a class instance, a function),
 * a cycle, or objects and arrays nested deeper than {@link MAX_PARAM_DEPTH} (32) levels. The error
 * never shows the value, which may be a secret: only its kind, length and the lone surrogate's index.
 *
 * @example
 * flattenParams({ Tag: [{ Key: 'a', Value: 'b' }] }); // [['Tag.1.Key', 'a'], ['Tag.1.Value', 'b']]
 */
export function flattenParams(params: RpcParams): [string, string][] {
  if (typeof params !== 'object' || params === null || Array.isArray(params) || !isPlainObject(params)) {
    throw paramError('params', params, "a plain object of parameters, such as { RegionId: 'cn-hangzhou' }");
  }
  const out: [string, string][] = [];
  addEntries(out, '', params, []);
  return out;
}
