import { invalidParam } from '../errors/client-error.js';

/** What {@link checkHeaderValue} accepts, as its errors say it. */
const HEADER_TEXT = 'text of printable Latin-1 characters (no control characters)';

// Tab, 0x20–0x7E and 0xA0–0xFF: what every fetch and node:http accepts in a header value, and no
// control character (NUL, CR, LF, DEL, C1) to split or cut a header.
const BAD_HEADER_CHAR = /[^\t\x20-\x7e\xa0-\xff]/;

/**
 * True when `value` can go in an HTTP header as it is: tab, printable ASCII and printable Latin-1
 * (0xA0–0xFF) only.
 */
export function isHeaderValue(value: string): boolean {
  return !BAD_HEADER_CHAR.test(value);
}

/**
 * `value` if it is a string that can go in an HTTP header (see {@link isHeaderValue}); else
 * `ClientError` `SDK.InvalidParam` naming `option` and the value. Not for secrets: the error
 * quotes the value (check those with {@link isHeaderValue} and a message of their own).
 *
 * @example
 * checkHeaderValue('version', '2014-05-26'); // '2014-05-26'
 * checkHeaderValue('userAgent', 'tool\u0000'); // throws SDK.InvalidParam
 */
export function checkHeaderValue(option: string, value: unknown): string {
  if (typeof value !== 'string' || !isHeaderValue(value)) throw invalidParam(option, value, HEADER_TEXT);
  return value;
}
