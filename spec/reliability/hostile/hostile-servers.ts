/**
 * Servers that attack their client, for the hostile suite: a body of hundreds of MB, a gzip bomb.
 * Each one answers every request on 127.0.0.1 and counts what it managed to send before the
 * client went away. Jest-free, so a child process can use it too.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** A running hostile server. */
export interface HostileServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Requests received. */
  readonly requests: () => number;
  /** Bytes written to the wire over all answers (as far as the client let them through). */
  readonly bytesSent: () => number;
  close(): Promise<void>;
}

const MIB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'A');

/** Writes `chunk` `count` times, waiting for 'drain', and stops when the client goes away. */
async function stream(res: ServerResponse, chunk: Buffer, count: number, sent: (n: number) => void) {
  let gone = false;
  res.once('close', () => (gone = true));
  res.on('error', () => (gone = true));
  for (let i = 0; i < count && !gone; i++) {
    sent(chunk.length);
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
  }
  if (!gone) res.end();
}

async function listen(
  answer: (res: ServerResponse, sent: (n: number) => void) => Promise<void>,
): Promise<HostileServer> {
  let requests = 0;
  let bytes = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    req.once('end', () => void answer(res, (n) => (bytes += n)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    bytesSent: () => bytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A 200 JSON answer of `mib` MiB (chunked, no Content-Length: the client cannot tell in advance)
 * whose string never closes.
 */
export function hugeBodyServer(mib: number): Promise<HostileServer> {
  return listen(async (res, sent) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-acs-request-id': 'HUGE' });
    res.write('{"RequestId":"HUGE","Blob":"');
    await stream(res, CHUNK, (mib * MIB) / CHUNK.length, sent);
  });
}

/**
 * A 200 answer with `Content-Encoding: gzip` that inflates to `mib` MiB of zeros: a gzip stream
 * of 10 MiB members, each about 10 KB on the wire (600 MiB: about 600 KB).
 */
export function gzipBombServer(mib: number): Promise<HostileServer> {
  const member = gzipSync(Buffer.alloc(10 * MIB), { level: 9 });
  const bomb = Buffer.concat(Array.from({ length: Math.ceil(mib / 10) }, () => member));
  return listen(async (res, sent) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    await stream(res, bomb, 1, sent);
  });
}

/** A server that answers every request (signed or not) with `status` and `Location: location()`. */
export function redirectServer(status: () => number, location: () => string): Promise<HostileServer> {
  return listen(async (res) => {
    res.writeHead(status(), { location: location(), 'content-length': '0' });
    res.end();
  });
}
