/**
 * Re-sends a response's body in `chunkSize`-byte pieces every `intervalMs`. Calls `onEnd` once:
 * with `true` when the last piece is queued, or `false` if the client goes away first.
 */
export async function slowBody(
  response: Response,
  intervalMs: number,
  chunkSize: number,
  signal: AbortSignal,
  onEnd: (complete: boolean) => void,
): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  let offset = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const end = (complete: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    onEnd(complete);
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const abort = () => {
        end(false);
        controller.error(signal.reason);
      };
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
    },
    pull(controller) {
      return new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          if (done) return resolve();
          controller.enqueue(bytes.slice(offset, offset + chunkSize));
          offset += chunkSize;
          if (offset >= bytes.length) {
            end(true);
            controller.close();
          }
          resolve();
        }, intervalMs);
      });
    },
    cancel: () => end(false),
  });
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(body, { status: response.status, headers });
}
