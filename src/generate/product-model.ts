/**
 * What the generator knows of one product: the facts read from its official package (names, wire
 * names, types, where each parameter goes, endpoints), and nothing else.
 */

/** A TypeScript type of a field, as the official models declare it. */
export type FieldType =
  | { kind: 'string' | 'number' | 'boolean' | 'unknown' }
  | { kind: 'array'; item: FieldType }
  | { kind: 'map'; value: FieldType }
  | { kind: 'model'; name: string };

/** A field of a request or response model, by its wire name. */
export interface ModelField {
  wire: string;
  type: FieldType;
  required: boolean;
}

/** One model (request or response, or a part of one): its official class name and fields. */
export interface Model {
  name: string;
  fields: ModelField[];
}

/**
 * How a parameter is sent:
 * `s` string, `n` number, `b` boolean, `a` list and `o` object flattened (`Tag.1.Key`), `j` JSON
 * text, `c` comma-joined list, `u` any value (JSON in a body), `B` the whole ROA body.
 */
export type ParamKind = 's' | 'n' | 'b' | 'a' | 'o' | 'j' | 'c' | 'u' | 'B';

/** Where a parameter goes: query, body, path (ROA), header (ROA). */
export type ParamPlace = 'q' | 'b' | 'p' | 'h';

/** One parameter of an action, as the request type names it and as the wire carries it. */
export interface ActionParam {
  /** The field name in our request type (the wire name; for a ROA path, the path's name). */
  name: string;
  place: ParamPlace;
  kind: ParamKind;
  required: boolean;
  type: FieldType;
}

/** One action of a product. */
export interface Action {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';
  style: 'RPC' | 'ROA';
  /** ROA: the path with `[name]` placeholders; RPC: '/'. */
  path: string;
  /** ROA: the body is a form, not JSON. */
  formBody: boolean;
  /** Sent unsigned, as the official client sends it (`authType: 'Anonymous'`, e.g. AssumeRoleWithOIDC). */
  anonymous: boolean;
  params: ActionParam[];
  /** The response body's model, or undefined for none (or not typed). */
  response: string | undefined;
  /** The response body is a JSON array of this model's items (ROA `bodyType: 'array'`). */
  responseArray: boolean;
}

/** Everything the generator emits a product's client from. */
export interface ProductModel {
  /** The official package, e.g. `@alicloud/ecs20140526`, and its version. */
  packageName: string;
  packageVersion: string;
  /** The product code used in endpoints, e.g. `ecs`. */
  product: string;
  version: string;
  style: 'RPC' | 'ROA';
  endpointRule: 'regional' | 'central';
  endpointMap: Record<string, string>;
  actions: Action[];
  /** Every model an action's request or response refers to, by name. */
  models: Map<string, Model>;
}
