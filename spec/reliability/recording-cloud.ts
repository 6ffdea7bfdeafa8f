/**
 * The fake ECS cloud served on loopback behind a recorder: every request the server saw, with the
 * soak's per-call marker, its ClientToken, the signature it carried and how the fake answered it.
 *
 * Jest-free, so that the child-process mini-soak can use it too.
 */
import type { Transport } from '../../src/http/transport.js';
import { createFakeCloud, type FakeCloud, type FakeCloudOptions } from '../../src/testing/fake-cloud.js';
import { serveFetch } from '../../src/testing/server.js';
import { signatureOf } from './secrets.js';

/**
 * The soak marks every logical call with this parameter (`SoakCall=<index>`). The fake cloud's
 * handlers read only the parameters they know (as the real service ignores unknown ones), and it is
 * signed like any other parameter, so it reaches the server unchanged on every attempt of the call.
 */
export const MARKER = 'SoakCall';

/** One request as the server saw it. */
export interface SeenRequest {
  /** The logical call it belongs to (`SoakCall`), or -1 for a request without a marker. */
  call: number;
  action: string;
  clientToken: string | undefined;
  /**
   * How the fake answered: `OK`, an error code (`Throttling.User`, `ServiceUnavailable`,
   * `IncorrectInstanceStatus`, …), `Reset` (connection reset) or `Aborted` (the client went away).
   */
  outcome: string;
}

/** A running recorded fake cloud. */
export interface RecordingCloud {
  url: string;
  cloud: FakeCloud;
  /** Every request, in the order the fake finished with them. */
  seen: SeenRequest[];
  /** Every signature a request carried. */
  signatures: string[];
  /**
   * The most requests open at the server at once, each counted from its arrival until the fake
   * answered it or its client gave up on it (see {@link RecordingCloud.fetch}).
   */
  readonly peakOpen: number;
  /**
   * The transport to give the client (`Config.withFetch`): global `fetch`, telling the recorder the
   * moment the client aborts a request. The fake's own `stats.peakInFlight` counts a request until
   * the server notices the closed socket; a client that aborts one call and starts the next in the
   * same turn (the pool hands the slot on at once) can put the new request on the wire before that,
   * so the fake may briefly see poolSize + 1 although the client never had more than poolSize open.
   */
  fetch(request: Request): Promise<Response>;
  /** The same for any transport (`Config.withTransport`): `inner`, telling the recorder of aborts. */
  transport(inner: Transport): Transport;
  /** Tells `listener` the marked call of each request as it arrives at the server. */
  whenArrived(listener: (call: number) => void): void;
  close(): Promise<void>;
}

const NONCE = 'x-acs-signature-nonce';

async function codeOf(response: Response): Promise<string> {
  if (response.status < 300) return 'OK';
  try {
    const body = (await response.clone().json()) as { Code?: unknown };
    return typeof body.Code === 'string' ? body.Code : `HTTP.${response.status}`;
  } catch {
    return `HTTP.${response.status}`;
  }
}

/** Starts `createFakeCloud(options)` on 127.0.0.1 behind the recorder. */
export async function startRecordingCloud(options: FakeCloudOptions): Promise<RecordingCloud> {
  const cloud = createFakeCloud(options);
  const seen: SeenRequest[] = [];
  const signatures: string[] = [];
  // Open requests by nonce (one per attempt); nonces the client gave up on before they arrived.
  const open = new Map<string, () => void>();
  const abandoned = new Set<string>();
  let peakOpen = 0;
  let arrived: ((call: number) => void) | undefined;
  const served = await serveFetch(async (request) => {
    const nonce = request.headers.get(NONCE) ?? '';
    let counted = !abandoned.delete(nonce);
    const leave = () => {
      if (!counted) return;
      counted = false;
      open.delete(nonce);
    };
    if (counted) {
      open.set(nonce, leave);
      peakOpen = Math.max(peakOpen, open.size);
    }
    // ACS3 (what the soak signs with) carries every parameter in the query.
    const query = new URL(request.url).searchParams;
    const marker = query.get(MARKER);
    const record: SeenRequest = {
      call: marker === null ? -1 : Number(marker),
      action: request.headers.get('x-acs-action') ?? query.get('Action') ?? '',
      clientToken: query.get('ClientToken') ?? undefined,
      outcome: 'Aborted',
    };
    if (record.call >= 0) arrived?.(record.call);
    const signature = signatureOf(request.url, request.headers, '');
    if (signature) signatures.push(signature);
    try {
      const response = await cloud.fetch(request);
      record.outcome = await codeOf(response);
      return response;
    } catch (error) {
      record.outcome = request.signal.aborted ? 'Aborted' : 'Reset';
      throw error;
    } finally {
      leave();
      seen.push(record);
    }
  });
  const tellOnAbort = (signal: AbortSignal, nonce: string): void =>
    signal.addEventListener(
      'abort',
      () => {
        const leave = open.get(nonce);
        if (leave) leave();
        else abandoned.add(nonce);
      },
      { once: true },
    );
  const fetchAndTell = (request: Request): Promise<Response> => {
    tellOnAbort(request.signal, request.headers.get(NONCE) ?? '');
    return fetch(request);
  };
  const transportAndTell =
    (inner: Transport): Transport =>
    (request) => {
      tellOnAbort(request.signal, request.headers[NONCE] ?? '');
      return inner(request);
    };
  return {
    url: served.url,
    cloud,
    seen,
    signatures,
    get peakOpen() {
      return peakOpen;
    },
    fetch: fetchAndTell,
    transport: transportAndTell,
    whenArrived: (listener) => void (arrived = listener),
    close: served.close,
  };
}
