/** Loopback servers for the credential specs: ECS metadata (IMDSv2), STS (signed AssumeRole, anonymous AssumeRoleWithOIDC) and a credentials URI. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveFetch } from '../../src/testing/server.js';
import { verifyRequest, type Verification } from '../../src/testing/verify-request.js';
import { HOUR, T0, iso } from './helpers.js';

export interface MetadataRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface MetadataBehaviour {
  /** Roles listed by `GET …/security-credentials/`. */
  roles: string[];
  /** The token request's answer: a token, or an HTTP status to fail with. */
  token: string | number;
  /** Credentials `Code`. */
  code: string;
  expiration: number;
  /** When set, GETs for credentials answer this status (and a body with the secret in it). */
  credentialsStatus?: number;
  /** Never answer (for timeouts). */
  hang: boolean;
  secret: string;
}

/** A loopback ECS metadata service (IMDSv2) recording every request. */
export async function metadataServer(initial: Partial<MetadataBehaviour> = {}) {
  const behaviour: MetadataBehaviour = {
    roles: ['test-role'],
    token: 'imds-token-1',
    code: 'Success',
    expiration: T0 + 6 * HOUR,
    hang: false,
    secret: 'ECS-SECRET-do-not-leak',
    ...initial,
  };
  const requests: MetadataRequest[] = [];
  let issued = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const send = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(body);
  };
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (behaviour.hang) return;
    const token = req.headers['x-aliyun-ecs-metadata-token'];
    if (req.method === 'PUT' && req.url === '/latest/api/token') {
      if (typeof behaviour.token === 'number') return send(res, behaviour.token, 'forbidden');
      return send(res, 200, behaviour.token);
    }
    // A server that accepts only IMDSv2 would check the token; this one records it and checks it when sent.
    if (token !== undefined && token !== behaviour.token) return send(res, 401, 'bad token');
    const prefix = '/latest/meta-data/ram/security-credentials/';
    if (req.method === 'GET' && req.url === prefix) return send(res, 200, behaviour.roles.join('\n'));
    const role =
      req.method === 'GET' && req.url?.startsWith(prefix) ? req.url.slice(prefix.length) : undefined;
    if (role === undefined || !behaviour.roles.includes(decodeURIComponent(role)))
      return send(res, 404, 'no such role');
    if (behaviour.credentialsStatus)
      return send(res, behaviour.credentialsStatus, `oops ${behaviour.secret}`);
    issued += 1;
    for (const w of waiters.filter((w) => issued >= w.n)) w.resolve();
    const body = {
      AccessKeyId: `STS.ecs-${issued}`,
      AccessKeySecret: `${behaviour.secret}-${issued}`,
      SecurityToken: `ECS-TOKEN-${issued}`,
      Expiration: iso(behaviour.expiration),
      LastUpdated: iso(T0),
      Code: behaviour.code,
    };
    return send(res, 200, JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    behaviour,
    requests,
    /** Resolves once `n` credentials have been handed out in total. */
    issued: (n: number) =>
      new Promise<void>((resolve) => (issued >= n ? resolve() : waiters.push({ n, resolve }))),
    count: (method: string, path: string) =>
      requests.filter((r) => r.method === method && r.url === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A URL where nothing listens (connection refused at once). */
export async function closedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface AssumeRoleCall {
  verification: Extract<Verification, { ok: true }>;
  params: Record<string, string>;
  /** `x-acs-version` (ACS3) or `Version` (HMAC-SHA1). */
  version: string | undefined;
}

/**
 * A loopback STS: checks each request's signature against `accounts` (as the real service does) and
 * answers `AssumeRole` with a new STS credential that expires at `expiration`.
 */
export async function stsServer(accounts: Record<string, string>, expiration = T0 + HOUR) {
  const calls: AssumeRoleCall[] = [];
  const state = { expiration, fail: undefined as undefined | { status: number; body: unknown } };
  const served = await serveFetch(async (request) => {
    const verification = await verifyRequest(request, accounts);
    if (!verification.ok)
      return Response.json(
        { Code: verification.code, Message: verification.message },
        { status: verification.status },
      );
    const form = new URLSearchParams(await request.text());
    const params = { ...verification.params, ...Object.fromEntries(form) };
    calls.push({ verification, params, version: request.headers.get('x-acs-version') ?? params.Version });
    if (state.fail) return Response.json(state.fail.body, { status: state.fail.status });
    if (verification.action !== 'AssumeRole' && params.Action !== 'AssumeRole')
      return Response.json({ Code: 'InvalidAction.NotFound', Message: 'no' }, { status: 404 });
    const n = calls.length;
    return Response.json({
      RequestId: `R-${n}`,
      AssumedRoleUser: { Arn: `${params.RoleArn}/${params.RoleSessionName}`, AssumedRoleId: `id:${n}` },
      Credentials: {
        AccessKeyId: `STS.assumed-${n}`,
        AccessKeySecret: `ASSUMED-SECRET-${n}`,
        SecurityToken: `ASSUMED-TOKEN-${n}`,
        Expiration: iso(state.expiration),
      },
    });
  });
  return { url: served.url, calls, state, close: served.close };
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  query: Record<string, string>;
  /** The form body's fields (empty for a GET). */
  form: Record<string, string>;
  headers: Record<string, string>;
}

async function record(request: Request): Promise<RecordedRequest> {
  const url = new URL(request.url);
  return {
    method: request.method,
    path: `${url.pathname}${url.search}`,
    query: Object.fromEntries(url.searchParams),
    form: Object.fromEntries(new URLSearchParams(await request.text())),
    headers: Object.fromEntries(request.headers),
  };
}

/**
 * A loopback STS for the anonymous `AssumeRoleWithOIDC`: records each request as sent and answers
 * a new credential (`STS.oidc-<n>`) that expires at `expiration`; `state.fail` or `state.raw` replace
 * the answer, `state.hang` withholds it.
 */
export async function oidcStsServer(expiration = T0 + HOUR) {
  const calls: RecordedRequest[] = [];
  const state = {
    expiration,
    fail: undefined as undefined | { status: number; body: unknown },
    raw: undefined as undefined | string,
    /** Never answer (for timeouts). */
    hang: false,
  };
  const served = await serveFetch(async (request) => {
    const call = await record(request);
    calls.push(call);
    if (state.hang) return new Promise<Response>(() => undefined);
    if (state.raw !== undefined) return new Response(state.raw, { status: 200 });
    if (state.fail) return Response.json(state.fail.body, { status: state.fail.status });
    const n = calls.length;
    return Response.json({
      RequestId: `R-${n}`,
      OIDCTokenInfo: { Subject: 'system:serviceaccount:default:app', Issuer: 'https://oidc.example' },
      AssumedRoleUser: { Arn: `${call.form.RoleArn}/${call.form.RoleSessionName}`, AssumedRoleId: `id:${n}` },
      Credentials: {
        AccessKeyId: `STS.oidc-${n}`,
        AccessKeySecret: `OIDC-SECRET-${n}`,
        SecurityToken: `OIDC-STS-TOKEN-${n}`,
        Expiration: iso(state.expiration),
      },
    });
  });
  return { url: served.url, calls, state, close: served.close };
}

/**
 * A loopback credentials URI service: answers `GET` with the ECS-style document (`STS.uri-<n>`,
 * `Code: 'Success'` unless `state.code` says otherwise or is `undefined`); `state.raw` replaces the
 * body, `state.status` the status; `state.hang` withholds the answer.
 */
export async function credentialsUriServer(expiration = T0 + 6 * HOUR) {
  const requests: RecordedRequest[] = [];
  const state = {
    expiration,
    status: 200,
    code: 'Success' as string | undefined,
    raw: undefined as undefined | string,
    /** Never answer (for timeouts). */
    hang: false,
  };
  const served = await serveFetch(async (request) => {
    requests.push(await record(request));
    if (state.hang) return new Promise<Response>(() => undefined);
    if (state.raw !== undefined) return new Response(state.raw, { status: state.status });
    const n = requests.length;
    return Response.json(
      {
        Code: state.code,
        AccessKeyId: `STS.uri-${n}`,
        AccessKeySecret: `URI-SECRET-${n}`,
        SecurityToken: `URI-TOKEN-${n}`,
        Expiration: iso(state.expiration),
        LastUpdated: iso(T0),
      },
      { status: state.status },
    );
  });
  return { url: served.url, requests, state, close: served.close };
}
