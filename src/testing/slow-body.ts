/**
 * Re-sends a response's body in `chunkSize`-byte pieces every `intervalMs`, stopping (and calling
 * `onAbort`) if the client goes away first.
 */
export async function slowBody(
  response: Response,
  intervalMs: number,
  chunkSize: number,
  signal: AbortSignal,
  onAbort: () => void,
): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  let offset = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const stop = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    onAbort();
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      signal.addEventListener(
        'abort',
        () => {
          stop();
          controller.error(signal.reason);
        },
        { once: true },
      );
    },
    pull(controller) {
      return new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          if (done) return resolve();
          controller.enqueue(bytes.slice(offset, offset + chunkSize));
          offset += chunkSize;
          if (offset >= bytes.length) {
            done = true;
            controller.close();
          }
          resolve();
        }, intervalMs);
      });
    },
    cancel: stop,
  });
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(body, { status: response.status, headers });
}
