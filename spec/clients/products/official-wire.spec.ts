// Our generated clients put on the wire what the official SDKs put there. For every shipped
// product, at least 50 actions (all of them for the smaller products; a fixed seed picks them):
// a request is built from the action's own parameter types (every parameter set, lists of two,
// nested objects filled), sent with our client and with the official SDK to the same loopback
// server, and the two must agree on the method, the path and the parameters (query and body
// together; date, nonce and signature aside). Our requests must pass verifyRequest.
import { lastValueFrom, type Observable } from 'rxjs';
import { Config } from '../../../src/config.js';
import { AccessKeyCredential } from '../../../src/credentials/access-key-credential.js';
import { serveFetch, type ServedFetch } from '../../../src/testing/server.js';
import { verifyRequest } from '../../../src/testing/verify-request.js';
import { officialClient, PRODUCTS, type OfficialModel, type Product } from './official-sdks.js';

const SEED = 20261206;
const PER_PRODUCT = 60;
const REGION = 'cn-hangzhou';

// Parameters every request carries that are the protocol's, not the action's.
const COMMON = new Set([
  'Action',
  'Version',
  'Format',
  'Timestamp',
  'AccessKeyId',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'SignatureType',
  'Signature',
  'SecurityToken',
  'BearerToken',
]);

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMBER = new Set(['number', 'integer', 'long', 'float', 'double', 'int32', 'int64']);
// Characters that percent-encoding, form encoding and JSON treat differently.
const ALPHABET = 'abcXYZ019 -_~+&=/é中*';

function isModel(t: unknown): t is OfficialModel {
  return typeof t === 'function' && typeof (t as Partial<OfficialModel>).names === 'function';
}

/** A value of official type `t` in both forms: the official SDK's (model instances) and ours (wire names). */
function valueOf(t: unknown, rnd: () => number, depth: number): { official: unknown; ours: unknown } {
  const text = () => {
    let s = '';
    const n = 1 + Math.floor(rnd() * 6);
    for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
    return s;
  };
  if (typeof t === 'string') {
    if (NUMBER.has(t)) {
      const n = Math.floor(rnd() * 100000);
      return { official: n, ours: n };
    }
    if (t === 'boolean') {
      const b = rnd() < 0.5;
      return { official: b, ours: b };
    }
    const s = text();
    return { official: s, ours: s };
  }
  if (isModel(t)) {
    if (depth > 4) return { official: new t({}), ours: {} };
    const official: Record<string, unknown> = {};
    const ours: Record<string, unknown> = {};
    const names = t.names();
    for (const [key, type] of Object.entries(t.types())) {
      const v = valueOf(type, rnd, depth + 1);
      official[key] = v.official;
      ours[names[key] ?? key] = v.ours;
    }
    return { official: new t(official), ours };
  }
  const d = (t ?? {}) as { type?: string; itemType?: unknown; valueType?: unknown };
  if (d.type === 'array') {
    const items = [valueOf(d.itemType, rnd, depth + 1), valueOf(d.itemType, rnd, depth + 1)];
    return { official: items.map((i) => i.official), ours: items.map((i) => i.ours) };
  }
  if (d.type === 'map') {
    const key = `k${Math.floor(rnd() * 100)}`;
    const v = valueOf(d.valueType, rnd, depth + 1);
    return { official: { [key]: v.official }, ours: { [key]: v.ours } };
  }
  const s = text();
  return { official: s, ours: s };
}

/** What one request carried, in the terms the two clients are compared in. */
interface Seen {
  method: string;
  path: string;
  /** Query and form-body parameters, decoded, sorted; the protocol's own left out. */
  params: [string, string][];
  /** A JSON body, parsed. */
  json: unknown;
  verified: boolean;
}

function pairsOf(text: string): [string, string][] {
  return [...new URLSearchParams(text)].filter(([k]) => !COMMON.has(k));
}

async function record(request: Request): Promise<Seen> {
  const body = await request.text();
  const url = new URL(request.url);
  const type = request.headers.get('content-type') ?? '';
  const params = pairsOf(url.search.slice(1));
  let json: unknown;
  if (type.includes('x-www-form-urlencoded')) params.push(...pairsOf(body));
  else if (body !== '') json = JSON.parse(body);
  const verdict = await verifyRequest(
    new Request(request.url, { method: request.method, headers: request.headers, body: body || undefined }),
    { testid: 'testsecret' },
    body,
  );
  params.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return { method: request.method, path: url.pathname, params, json, verified: verdict.ok };
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The actions to check: every one for a product of up to 100, else PER_PRODUCT picked by the seed. */
function pick(product: Product, rnd: () => number): string[] {
  const all = Object.keys(product.table).sort();
  if (all.length <= 100) return all;
  const shuffled = [...all];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled.slice(0, PER_PRODUCT).sort();
}

/** The official method's parameter names (`ClusterId, request, headers, runtime`). */
function argNames(fn: unknown): string[] {
  return (/^async\s+\w+\s*\(([^)]*)\)/.exec(String(fn))?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

let server: ServedFetch;
let seen: Seen[] = [];

beforeAll(async () => {
  server = await serveFetch(async (request) => {
    seen.push(await record(request));
    return Response.json({ RequestId: 'CROSS-CHECK' });
  });
});
afterAll(() => server.close());

describe.each(PRODUCTS.map((p) => [p.name, p] as const))('%s on the wire', (_name, product) => {
  const rnd = random(SEED + product.name.length);
  const actions = pick(product, rnd);

  it(`checks ${Math.min(100, Object.keys(product.table).length) > 99 ? 'at least 50' : 'all'} actions`, () => {
    expect(actions.length).toBeGreaterThanOrEqual(Math.min(50, Object.keys(product.table).length));
  });

  it.each(actions)('%s: the same method, path and parameters as the official SDK', async (action) => {
    const host = new URL(server.url).host;
    const official = officialClient(product, REGION, { host, protocol: 'http' });
    const ours = new product.ours(
      REGION,
      new Config().withEndpoint(server.url).withAutoRetry(false),
      new AccessKeyCredential('testid', 'testsecret'),
    ) as unknown as Record<string, (request: object) => Observable<unknown>>;
    const method = `${action.charAt(0).toLowerCase()}${action.slice(1)}`;
    const withOptions = official[`${method}WithOptions`] as (...args: unknown[]) => Promise<unknown>;
    const Request = product.official[`${action}Request`];
    const rnd = random(SEED + action.length * 7919 + action.charCodeAt(action.length - 1));
    const oursRequest: Record<string, unknown> = {};
    let officialRequest: unknown;
    // Every field of the official model; ours gets those its table lists (a field the official
    // client declares but never sends, such as CloudMonitor's RegionId, is not in our types).
    const spec = product.table[action]!;
    const listed = new Set(
      (spec.params ?? '').split(' ').map((t) => t.replace(/^[qbph]\./, '').split(':')[0]),
    );
    if (isModel(Request)) {
      const v = valueOf(Request, rnd, 0);
      officialRequest = v.official;
      for (const [name, value] of Object.entries(v.ours as object))
        if (listed.has(name)) oursRequest[name] = value;
    }
    const args = argNames(withOptions).map((name) => {
      if (name === 'request' || name === 'tmpReq') return officialRequest;
      if (name === 'headers' || name === 'runtime') return {};
      const value = `p-${Math.floor(rnd() * 1000)} x/y`;
      oursRequest[name] = value;
      return value;
    });
    try {
      seen = [];
      await withOptions.apply(official, args).catch(() => undefined);
      const theirs = seen;
      seen = [];
      await lastValueFrom(ours[`${method}$`]!(oursRequest)).catch((error: unknown) => {
        throw error;
      });
      expect(theirs).toHaveLength(1);
      expect(seen).toHaveLength(1);
      const [a, b] = [theirs[0]!, seen[0]!];
      expect({ method: b.method, path: b.path, params: b.params, json: b.json }).toEqual({
        method: a.method,
        path: a.path,
        params: a.params,
        json: a.json,
      });
      // An anonymous action (STS AssumeRoleWithOIDC) is sent unsigned, by both.
      expect(b.verified).toBe(!spec.anonymous);
    } finally {
      await (ours as unknown as { shutdown(): Promise<void> }).shutdown();
    }
  });
});

void pascal;
