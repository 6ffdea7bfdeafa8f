/**
 * Reads a request's body as UTF-8 text (as `request.text()` does) in one pass, stopping once it
 * is over `limit` bytes: `undefined` then, and the rest is left unread. Tells `onRead` of each
 * chunk's size as it comes. Browser-safe.
 */
export async function readBodyText(
  request: Request,
  limit: number,
  onRead: (bytes: number) => void = () => undefined,
): Promise<string | undefined> {
  const body = request.body;
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    onRead(next.value.byteLength);
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    text += decoder.decode(next.value, { stream: true });
  }
  return text + decoder.decode();
}
