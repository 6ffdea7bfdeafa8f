import type { RpcParams, RpcParamValue } from '../call/rpc-params.js';
import { isPlainObject as isPlain } from '../call/is-plain-object.js';
import { paramError } from '../call/param-error.js';
import { ClientError, invalidParam } from '../errors/client-error.js';
import type { ApiClient } from './api-client.js';
import { REGION_NAMES, TOKEN_NAMES } from './filled-params.js';
import type { RoaRequest } from './roa-client.js';
import { jsonText } from './json-text.js';
import type { ActionSpec } from './service-client.js';

/** One parameter of a generated row: where it goes, how it is checked and encoded, and whether it must be given. */
interface ParamRule {
  place: 'q' | 'b' | 'p' | 'h';
  kind: string;
  required: boolean;
}

/** A row read once: its parameters by name, and what the client fills in. */
interface Row {
  rules: Map<string, ParamRule> | undefined;
  required: readonly string[];
  /** The parameter filled with the client's region when not given, if any. */
  regionId: string | undefined;
  /** The idempotency token parameter generated when not given, if any. */
  clientToken: string | undefined;
}

/** The parameter to fill with the client's region: RPC's `RegionId` (or `regionId`); for ROA, a required one. */
function regionParam(spec: ActionSpec, rules: Map<string, ParamRule> | undefined): string | undefined {
  if (spec.regionId !== undefined) return spec.regionId ? 'RegionId' : undefined;
  if (!rules) return undefined;
  if (spec.path === undefined) return REGION_NAMES.find((name) => name !== 'region_id' && rules.has(name));
  return REGION_NAMES.find((name) => rules.get(name)?.required);
}

const KINDS: Record<string, string> = {
  s: 'a string',
  n: 'a number',
  b: 'a boolean',
  a: 'an array',
  o: 'an object',
  j: 'an array or object (sent as JSON text)',
  c: 'an array of strings (sent comma-joined), or the joined text',
  u: 'any JSON value',
  B: 'the body: an array or object',
};

const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && isPlain(value);

const isList = (value: unknown): boolean => Array.isArray(value);
const isStructured = (value: unknown): boolean => Array.isArray(value) || isPlainObject(value);

/** What each kind takes (`u` takes anything). */
const ACCEPTS: Record<string, (value: unknown) => boolean> = {
  s: (value) => typeof value === 'string',
  n: (value) => (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint',
  b: (value) => typeof value === 'boolean',
  a: isList,
  o: isPlainObject,
  j: isStructured,
  c: (value) => typeof value === 'string' || Array.isArray(value),
  B: isStructured,
};

const rows = new WeakMap<ActionSpec, Row>();

/** The row of `spec`, read once (a generated row's `params` is parsed on its first call). */
function rowOf(spec: ActionSpec): Row {
  let row = rows.get(spec);
  if (row) return row;
  let rules: Map<string, ParamRule> | undefined;
  const required = [...(spec.required ?? [])];
  if (spec.params !== undefined) {
    rules = new Map();
    for (const token of spec.params.split(' ')) {
      if (token === '') continue;
      const match = /^(?:([qbph])\.)?([^:]+):([snbaojcuB])(!?)$/.exec(token);
      if (!match)
        throw new ClientError('SDK.InvalidParam', `A malformed parameter in an action table: ${token}`);
      const [, place, name, kind, bang] = match;
      rules.set(name!, { place: (place ?? 'q') as ParamRule['place'], kind: kind!, required: bang === '!' });
      if (bang === '!') required.push(name!);
    }
    for (const name of spec.json ?? []) {
      const rule = rules.get(name);
      if (rule) rule.kind = 'j';
    }
  }
  row = {
    rules,
    required: [...new Set(required)],
    regionId: regionParam(spec, rules),
    clientToken:
      spec.clientToken !== undefined
        ? spec.clientToken
          ? 'ClientToken'
          : undefined
        : TOKEN_NAMES.find((name) => rules?.has(name)),
  };
  rows.set(spec, row);
  return row;
}

/** `request` with `RegionId` and `ClientToken` filled in as the row says, and its required parameters checked. */
function filled(client: ApiClient, action: string, row: Row, request: object): Record<string, unknown> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw invalidParam('request', request, `an object of ${action} parameters`);
  }
  const params: Record<string, unknown> = { ...request };
  if (row.regionId && params[row.regionId] === undefined) params[row.regionId] = client.regionId;
  const token = row.clientToken;
  if (token && (params[token] === undefined || params[token] === ''))
    params[token] = globalThis.crypto.randomUUID();
  for (const name of row.required) {
    const value = params[name];
    if (value === undefined || value === null || value === '') {
      throw new ClientError('SDK.MissingParam', `${action} needs the parameter ${name}.`);
    }
    if (Array.isArray(value) && value.length === 0) {
      throw new ClientError('SDK.MissingParam', `${action} needs the parameter ${name}: got an empty list.`);
    }
  }
  return params;
}

/**
 * `value` of parameter `name` checked against its kind, and encoded as the kind says (JSON text,
 * comma-joined). A parameter the table does not list goes as given (a parameter newer than the
 * official package the table was generated from; TypeScript already refuses a typo).
 */
function encoded(action: string, name: string, rule: ParamRule | undefined, value: unknown): unknown {
  if (rule === undefined) return value;
  const kind = rule.kind;
  const ok = ACCEPTS[kind]?.(value) ?? true;
  if (!ok) throw paramError(name, value, `${KINDS[kind] ?? 'a value'} (${action})`);
  if (kind === 'j') return jsonParam(name, value);
  if (kind === 'c' && Array.isArray(value)) {
    if (!value.every((item) => typeof item === 'string' || typeof item === 'number'))
      throw paramError(name, value, `an array of strings or numbers (${action})`);
    return value.join(',');
  }
  return value;
}

function jsonParam(name: string, value: unknown): string {
  const text = jsonText(value);
  if (text !== undefined) return text;
  throw paramError(name, value, 'JSON-serialisable data');
}

/**
 * Turns a typed request into RPC parameters as the action's row says: fills `RegionId` and
 * `ClientToken`, checks required parameters and (for a generated row) each listed parameter's
 * primitive type, and encodes JSON and comma-joined lists. Throws `ClientError`; nothing is sent.
 *
 * @example
 * actionParams(ecs, 'StopInstance', ECS_ACTIONS.StopInstance, { InstanceId: 'i-1' }); // { InstanceId: 'i-1' }
 */
export function actionParams(
  client: ApiClient,
  action: string,
  spec: ActionSpec,
  request: object,
): RpcParams {
  const row = rowOf(spec);
  const params = filled(client, action, row, request);
  if (row.rules) {
    for (const [name, value] of Object.entries(params)) {
      if (value === undefined || value === null) continue;
      params[name] = encoded(action, name, row.rules.get(name), value);
    }
  } else {
    for (const name of spec.json ?? []) {
      const value = params[name];
      if (value === undefined) continue;
      if (!Array.isArray(value)) throw paramError(name, value, 'an array of strings');
      params[name] = jsonParam(name, value);
    }
  }
  return params as RpcParams;
}

/**
 * Turns a typed request into a {@link RoaRequest} as the action's generated row says: path
 * parameters into the path, the others into the query, the JSON (or form) body, or headers (one
 * the row does not list, into the query).
 * Throws `ClientError`; nothing is sent.
 *
 * @example
 * roaActionRequest(cs, 'DescribeClusterDetail', CS_ACTIONS.DescribeClusterDetail, { ClusterId: 'c-1' });
 * // { method: 'GET', pathname: '/clusters/[ClusterId]', pathParams: { ClusterId: 'c-1' }, … }
 */
export function roaActionRequest(
  client: ApiClient,
  action: string,
  spec: ActionSpec,
  request: object,
): RoaRequest {
  const row = rowOf(spec);
  if (spec.path === undefined || spec.method === undefined || !row.rules) {
    throw new ClientError('SDK.InvalidParam', `The row of ${action} names no method, path and params.`);
  }
  const params = filled(client, action, row, request);
  const pathParams: Record<string, string | number> = {};
  const query: Record<string, RpcParamValue> = {};
  const headers: Record<string, string> = {};
  let fields: Record<string, unknown> | undefined;
  let body: unknown;
  for (const [name, raw] of Object.entries(params)) {
    if (raw === undefined || raw === null) continue;
    const rule = row.rules.get(name);
    const value = encoded(action, name, rule, raw);
    switch (rule?.place ?? 'q') {
      case 'p':
        pathParams[name] = value as string;
        break;
      case 'q':
        query[name] = value as RpcParamValue;
        break;
      case 'h':
        headers[name] = String(value);
        break;
      default:
        if (rule?.kind === 'B') body = value;
        else (fields ??= {})[name] = value;
    }
  }
  if (fields) body = body === undefined ? fields : { ...(body as object), ...fields };
  return {
    method: spec.method,
    pathname: spec.path,
    pathParams,
    query,
    ...(body === undefined ? {} : { body }),
    ...(spec.form ? { bodyType: 'form' as const } : {}),
    headers,
  };
}
