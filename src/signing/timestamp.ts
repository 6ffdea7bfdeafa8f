/** UTC `YYYY-MM-DDThh:mm:ssZ` (no milliseconds), the form both signature schemes use. */
export function formatTimestamp(date: Date): string {
  const iso = date.toISOString();
  // `YYYY-MM-DDThh:mm:ss.sssZ` for years 0–9999; extended years (`+YYYYYY-…`) keep the general path.
  return iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
}
