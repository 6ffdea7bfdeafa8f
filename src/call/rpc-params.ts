import { invalidParam } from '../errors/client-error.js';

/** A value an RPC parameter may take; arrays and objects are flattened (`Tag.1.Key`). */
export type RpcParamValue =
  | string
  | number
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

function add(out: [string, string][], name: string, value: RpcParamValue): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item: RpcParamValue, i) => add(out, `${name}.${i + 1}`, item));
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, RpcParamValue>))
      add(out, `${name}.${key}`, item);
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidParam(name, value, 'a finite number');
    out.push([name, String(value)]);
  } else {
    out.push([name, String(value)]);
  }
}

/**
 * Flattens parameters the RPC way: lists 1-based (`InstanceId.1`), objects by key (`Tag.1.Key`);
 * `undefined` and `null` are left out. Parameters that want a JSON string (`InstanceIds`) must be
 * given as one: typed clients do that per parameter.
 *
 * @example
 * flattenParams({ Tag: [{ Key: 'a', Value: 'b' }] }); // [['Tag.1.Key', 'a'], ['Tag.1.Value', 'b']]
 */
export function flattenParams(params: RpcParams): [string, string][] {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw invalidParam('params', params, 'an object of parameters');
  }
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(params)) add(out, name, value);
  return out;
}
