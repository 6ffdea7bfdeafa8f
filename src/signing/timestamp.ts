// The last second formatted: calls signed within one second share its text, so a busy client
// runs `toISOString()` about once a second instead of once per attempt.
let lastSecond = Number.NaN;
let lastText = '';

/** UTC `YYYY-MM-DDThh:mm:ssZ` (no milliseconds), the form both signature schemes use. */
export function formatTimestamp(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastSecond) return lastText;
  const iso = date.toISOString();
  // `YYYY-MM-DDThh:mm:ss.sssZ` for years 0–9999; extended years (`+YYYYYY-…`) keep the general path.
  lastText = iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
  lastSecond = second;
  return lastText;
}
