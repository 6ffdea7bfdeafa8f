import { ResponseTooLarge } from './transport.js';

/**
 * Reads a fetch `Response` (or `Request`) body as UTF-8 text, chunk by chunk, and stops once more
 * than `limit` bytes (as fetch hands them over: decoded) have come: the stream is cancelled, which
 * aborts the exchange, and it rejects with {@link ResponseTooLarge}. Memory stays under `limit`
 * plus one chunk, however large the body or however well it compresses. Tells `onRead` of each
 * chunk's size as it comes. Browser-safe.
 *
 * @example
 * const text = await readCappedText(await fetch(url, { redirect: 'manual' }), 1024 * 1024);
 */
export async function readCappedText(
  message: { readonly body: ReadableStream<Uint8Array> | null },
  limit: number,
  onRead?: (bytes: number) => void,
): Promise<string> {
  const body = message.body;
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    onRead?.(next.value.byteLength);
    if (size > limit) {
      // Not awaited: a teed or cloned body's cancel settles only when every branch is cancelled.
      reader.cancel().catch(() => undefined);
      throw new ResponseTooLarge(limit);
    }
    text += decoder.decode(next.value, { stream: true });
  }
  return text + decoder.decode();
}
