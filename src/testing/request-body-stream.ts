import type { IncomingMessage } from 'node:http';

/** What {@link requestBodyStream} errors with once more than its limit has arrived. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
    this.name = 'BodyTooLarge';
  }
}

/** A node request's body as a web stream, and whether it went over its limit. */
export interface RequestBodyStream {
  readonly stream: ReadableStream<Uint8Array>;
  /** Whether more than the limit arrived: the stream then errors with {@link BodyTooLarge}. */
  readonly overLimit: boolean;
}

/**
 * Streams `req`'s body, taking one chunk off the socket each time the reader asks for one (no
 * read-ahead), so a reader that stops early leaves the rest unread. Once more than `limit` bytes
 * have arrived the stream errors with {@link BodyTooLarge} instead of going on.
 */
export function requestBodyStream(req: IncomingMessage, limit: number): RequestBodyStream {
  let size = 0;
  let overLimit = false;
  let open = true;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (error: unknown) => {
          if (open) controller.error(error);
          open = false;
        };
        req.pause(); // before the 'data' listener, so that adding it does not start the flow
        req.on('data', (chunk: Buffer) => {
          req.pause();
          if (!open) return;
          size += chunk.length;
          if (size <= limit) {
            controller.enqueue(chunk);
          } else {
            overLimit = true;
            fail(new BodyTooLarge(limit));
          }
        });
        req.once('end', () => {
          if (open) controller.close();
          open = false;
        });
        req.on('error', fail);
        req.once('close', () => {
          if (!req.complete) fail(new Error('The client closed the connection before the end of the body.'));
        });
      },
      pull: () => void req.resume(),
      cancel: () => void (open = false),
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    get overLimit() {
      return overLimit;
    },
  };
}
