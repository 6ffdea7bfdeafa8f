/** UTC `YYYY-MM-DDThh:mm:ssZ` (no milliseconds), the form both signature schemes use. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
