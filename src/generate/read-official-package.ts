import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type {
  Action,
  ActionParam,
  FieldType,
  Model,
  ModelField,
  ParamKind,
  ParamPlace,
  ProductModel,
} from './product-model.js';
import { requiredFieldsOf } from './required-fields.js';

/** A model class of an official package: `names()` maps its fields to wire names, `types()` to types. */
interface ModelClass {
  new (map?: Record<string, unknown>): object;
  readonly name: string;
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

/** What the official client hands to `callApi` for one action. */
interface Captured {
  params: {
    action: string;
    version: string;
    pathname: string;
    method: string;
    style: string;
    reqBodyType: string;
    bodyType: string;
    authType?: string;
  };
  request: { query?: Record<string, unknown>; body?: unknown; headers?: Record<string, unknown> };
}

class CapturedCall extends Error {
  constructor(readonly captured: Captured) {
    super('captured');
  }
}

const NUMBER_TYPES = new Set(['number', 'integer', 'long', 'float', 'double', 'int32', 'int64']);

function isModelClass(value: unknown): value is ModelClass {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<ModelClass>).names === 'function' &&
    typeof (value as Partial<ModelClass>).types === 'function'
  );
}

/** The official type descriptor `t` as a {@link FieldType}; model classes met are added to `seen`. */
function fieldType(t: unknown, seen: Map<string, ModelClass>): FieldType {
  if (typeof t === 'string') {
    if (t === 'string') return { kind: 'string' };
    if (NUMBER_TYPES.has(t)) return { kind: 'number' };
    if (t === 'boolean') return { kind: 'boolean' };
    return { kind: 'unknown' }; // any, Readable, Buffer
  }
  if (isModelClass(t)) {
    seen.set(t.name, t);
    return { kind: 'model', name: t.name };
  }
  if (typeof t === 'object' && t !== null) {
    const d = t as { type?: unknown; itemType?: unknown; valueType?: unknown };
    if (d.type === 'array') return { kind: 'array', item: fieldType(d.itemType, seen) };
    if (d.type === 'map') return { kind: 'map', value: fieldType(d.valueType, seen) };
  }
  return { kind: 'unknown' };
}

/** Markers: every leaf of a request gets a value that can be found again on the wire. */
class Markers {
  #next = 1;
  /** A marker's text → the top-level field it was made for. */
  readonly owner = new Map<string, string>();

  string(field: string): string {
    const text = `zq${this.#next++}qz`;
    this.owner.set(text, field);
    return text;
  }

  number(field: string): number {
    const value = 900_000_000 + this.#next++;
    this.owner.set(String(value), field);
    return value;
  }

  /** A value of type `t` for field `field` of a request, lists of two, nested models filled. */
  value(t: unknown, field: string, depth: number): unknown {
    if (typeof t === 'string') {
      if (t === 'string') return this.string(field);
      if (NUMBER_TYPES.has(t)) return this.number(field);
      if (t === 'boolean') return true;
      return this.string(field);
    }
    if (isModelClass(t)) return depth > 6 ? undefined : this.model(t, field, depth + 1);
    if (typeof t === 'object' && t !== null) {
      const d = t as { type?: unknown; itemType?: unknown; valueType?: unknown };
      if (d.type === 'array')
        return [this.value(d.itemType, field, depth + 1), this.value(d.itemType, field, depth + 1)];
      if (d.type === 'map') return { [this.string(field)]: this.value(d.valueType, field, depth + 1) };
    }
    return this.string(field);
  }

  /** An instance of `cls` with every field set; `top` names the top-level field (or each field at the top). */
  model(cls: ModelClass, top: string | undefined, depth: number): object {
    const map: Record<string, unknown> = {};
    for (const [key, t] of Object.entries(cls.types())) map[key] = this.value(t, top ?? key, depth);
    return new cls(map);
  }
}

/** Every `[key, value]` of `container` (a flat map or a JSON structure) under which a marker of `field` appears. */
function hitsOf(container: unknown, field: string, markers: Markers): [string, unknown][] {
  if (typeof container !== 'object' || container === null || Array.isArray(container)) return [];
  const hits: [string, unknown][] = [];
  for (const [key, value] of Object.entries(container)) {
    if (mentions(value, field, markers) || mentions(key, field, markers)) hits.push([key, value]);
  }
  return hits;
}

function mentions(value: unknown, field: string, markers: Markers): boolean {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    if (markers.owner.get(text) === field) return true;
    for (const match of text.matchAll(/zq\d+qz|9\d{8}/g))
      if (markers.owner.get(match[0]) === field) return true;
    return false;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([k, v]) => mentions(k, field, markers) || mentions(v, field, markers));
  }
  return false;
}

function kindOf(type: FieldType): ParamKind {
  switch (type.kind) {
    case 'string':
      return 's';
    case 'number':
      return 'n';
    case 'boolean':
      return 'b';
    case 'array':
      return 'a';
    case 'map':
    case 'model':
      return 'o';
    default:
      return 'u';
  }
}

/** How field `wire` of type `type` went out: its place, name on the wire and encoding. */
function locate(
  captured: Captured,
  field: string,
  wire: string,
  type: FieldType,
  markers: Markers,
): { place: ParamPlace; name: string; kind: ParamKind } | undefined {
  const { query, body, headers } = captured.request;
  const flatPlace = (hits: [string, unknown][], place: ParamPlace) => {
    if (hits.length === 0) return undefined;
    const first = hits[0]![0];
    if (hits.length === 1 && !first.includes('.')) {
      const value = hits[0]![1];
      if (typeof value === 'string' && type.kind !== 'string' && /^[[{]/.test(value)) {
        return { place, name: first, kind: 'j' as const };
      }
      if (typeof value === 'string' && type.kind === 'array' && value.includes(',')) {
        return { place, name: first, kind: 'c' as const };
      }
      return { place, name: first, kind: kindOf(type) };
    }
    const name = first.split('.')[0]!;
    return { place, name, kind: kindOf(type) };
  };
  if (type.kind === 'boolean') {
    // One `true` is no marker: the wire name tells where it went.
    for (const [place, container] of [
      ['q', query],
      ['b', body],
      ['h', headers],
    ] as const) {
      if (container && typeof container === 'object' && !Array.isArray(container)) {
        if (Object.hasOwn(container, wire)) return { place, name: wire, kind: 'b' };
        const lower = Object.keys(container).find((k) => k.toLowerCase() === wire.toLowerCase());
        if (lower) return { place, name: lower, kind: 'b' };
      }
    }
    return undefined;
  }
  if (Array.isArray(body) || (captured.params.style === 'ROA' && body !== undefined && wire === 'body')) {
    if (mentions(body, field, markers)) return { place: 'b', name: wire, kind: 'B' };
  }
  return (
    flatPlace(hitsOf(query, field, markers), 'q') ??
    (captured.params.style === 'ROA' && typeof body === 'object' && body !== null
      ? bodyPlace(hitsOf(body, field, markers), type)
      : flatPlace(hitsOf(body, field, markers), 'b')) ??
    flatPlace(hitsOf(headers, field, markers), 'h')
  );
}

// A ROA JSON body keeps lists and objects as they are; a string holding JSON is JSON text.
function bodyPlace(
  hits: [string, unknown][],
  type: FieldType,
): { place: ParamPlace; name: string; kind: ParamKind } | undefined {
  if (hits.length === 0) return undefined;
  const [name, value] = hits[0]!;
  if (typeof value === 'string' && type.kind !== 'string') return { place: 'b', name, kind: 'j' };
  return { place: 'b', name, kind: kindOf(type) };
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Reads one official `@alicloud/<product><version>` package, installed where `from` resolves
 * packages, as facts: every action's name, method, path, parameters (where each goes and how it is
 * encoded, found by calling the official client with a marked request and catching what it would
 * send), request and response models, and the endpoint rule and map. Nothing is sent.
 */
export async function readOfficialPackage(packageName: string, from: string): Promise<ProductModel> {
  const requireFrom = createRequire(join(from, 'package.json'));
  const packageJsonPath = requireFrom.resolve(`${packageName}/package.json`);
  const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string; main?: string };
  const packageDir = dirname(packageJsonPath);
  const mod = requireFrom(packageName) as Record<string, unknown>;
  const Client = (mod.default ?? mod.Client) as new (config: unknown) => Record<string, unknown>;
  const requirePackage = createRequire(packageJsonPath);
  const core = requirePackage('@alicloud/openapi-core') as {
    $OpenApiUtil: { Config: new (map: Record<string, unknown>) => unknown };
  };
  const client = new Client(
    new core.$OpenApiUtil.Config({
      accessKeyId: 'generator',
      accessKeySecret: 'generator',
      regionId: 'cn-hangzhou',
    }),
  );
  client.callApi = (params: Captured['params'], request: Captured['request']) => {
    throw new CapturedCall({ params, request });
  };
  // Anonymous actions (AssumeRoleWithOIDC) go straight to doRPCRequest, unsigned.
  client.doRPCRequest = (...args: unknown[]) => {
    const [action, version, , method, authType, bodyType, request] = args as string[];
    throw new CapturedCall({
      params: {
        action: action!,
        version: version!,
        pathname: '/',
        method: method!,
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: bodyType!,
        authType: authType!,
      },
      request: request as unknown as Captured['request'],
    });
  };
  for (const other of ['execute', 'doROARequest', 'doRequest', 'callSSEApi']) {
    client[other] = () => {
      throw new Error(`the official client called ${other}, not callApi`);
    };
  }
  const product = /getEndpoint\("([^"]+)"/.exec(String(Client))?.[1];
  if (!product) throw new Error(`${packageName}: no product code found in its client`);
  const rule = client._endpointRule === 'central' ? 'central' : 'regional';
  const endpointMap = { ...((client._endpointMap ?? {}) as Record<string, string>) };

  const required = requiredFieldsOf(join(packageDir, 'dist'));
  const seen = new Map<string, ModelClass>();
  const actions: Action[] = [];
  const versions = new Set<string>();
  const proto = Client.prototype as Record<string, unknown>;
  const methods = Object.getOwnPropertyNames(proto)
    .filter((name) => name.endsWith('WithOptions') && typeof proto[name] === 'function')
    .sort();
  for (const methodName of methods) {
    const method = proto[methodName] as (...args: unknown[]) => Promise<unknown>;
    const argNames = (/^async\s+\w+\s*\(([^)]*)\)/.exec(String(method))?.[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const actionGuess = pascal(methodName.slice(0, -'WithOptions'.length));
    const requestClass = mod[`${actionGuess}Request`];
    const markers = new Markers();
    const request = isModelClass(requestClass) ? markers.model(requestClass, undefined, 0) : undefined;
    const pathArgs = new Map<string, string>();
    const args = argNames.map((name) => {
      if (name === 'request' || name === 'tmpReq') return request;
      if (name === 'headers') return {};
      if (name === 'runtime') return {};
      const marker = markers.string(`path:${name}`);
      pathArgs.set(name, marker);
      return marker;
    });
    const outcome: unknown = await method.apply(client, args).then(
      () => new Error(`${packageName} ${methodName}: the official client sent nothing through callApi`),
      (error: unknown) => error,
    );
    if (!(outcome instanceof CapturedCall)) throw outcome;
    const captured = outcome.captured;
    const { params } = captured;
    versions.add(params.version);
    let path = params.pathname;
    for (const [name, marker] of pathArgs) path = path.split(marker).join(`[${name}]`);
    const actionParams: ActionParam[] = [...pathArgs.keys()].map((name) => ({
      name,
      place: 'p',
      kind: 's',
      required: true,
      type: { kind: 'string' },
    }));
    if (isModelClass(requestClass)) {
      const names = requestClass.names();
      const types = requestClass.types();
      const requiredHere = required.get(requestClass.name) ?? new Set<string>();
      for (const [field, t] of Object.entries(types)) {
        const wire = names[field] ?? field;
        const type = fieldType(t, seen);
        const where = locate(captured, field, wire, type, markers);
        if (!where) continue; // declared but never sent by the official client
        if (actionParams.some((p) => p.name === where.name)) {
          throw new Error(`${packageName} ${params.action}: two parameters named ${where.name}`);
        }
        actionParams.push({ ...where, required: requiredHere.has(field), type });
      }
    }
    const responseClass = mod[`${actionGuess}Response`];
    let response: string | undefined;
    if (isModelClass(responseClass)) {
      const bodyType = responseClass.types().body;
      if (bodyType !== undefined) {
        const t = fieldType(bodyType, seen);
        if (t.kind === 'model') response = t.name;
        else if (t.kind === 'array' && t.item.kind === 'model') response = t.item.name;
      }
    }
    actions.push({
      name: params.action,
      method: params.method.toUpperCase() as Action['method'],
      style: params.style === 'ROA' ? 'ROA' : 'RPC',
      path: params.style === 'ROA' ? path : '/',
      formBody: params.reqBodyType === 'formData' && params.style === 'ROA',
      anonymous: params.authType === 'Anonymous',
      params: actionParams,
      response,
      responseArray: params.bodyType === 'array',
    });
  }
  const models = new Map<string, Model>();
  const pending = [...seen.values()];
  const all = new Map(seen);
  while (pending.length > 0) {
    const cls = pending.pop()!;
    if (models.has(cls.name)) continue;
    const names = cls.names();
    const requiredHere = required.get(cls.name) ?? new Set<string>();
    const fields: ModelField[] = Object.entries(cls.types()).map(([field, t]) => {
      const found = new Map<string, ModelClass>();
      const type = fieldType(t, found);
      for (const [name, c] of found) {
        if (all.has(name)) continue;
        all.set(name, c);
        pending.push(c);
      }
      return { wire: names[field] ?? field, type, required: requiredHere.has(field) };
    });
    models.set(cls.name, { name: cls.name, fields });
  }
  if (actions.length === 0) throw new Error(`${packageName}: no actions found`);
  if (versions.size !== 1)
    throw new Error(`${packageName}: several API versions: ${[...versions].join(', ')}`);
  return {
    packageName,
    packageVersion: packageJson.version,
    product,
    version: [...versions][0]!,
    style: actions.every((a) => a.style === 'ROA') ? 'ROA' : 'RPC',
    endpointRule: rule,
    endpointMap,
    actions: actions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    models,
  };
}
