import { percentEncode } from '../signing/percent-encode.js';

// A credential the server hands out (STS, a credentials service) in a body that could not be
// parsed: its value, to the closing quote or the end of a cut body.
const ISSUED_SECRET = /("(?:AccessKeySecret|SecurityToken)"\s*:\s*")[^"]*/gi;

// Characters no encoding changes (RFC 3986 unreserved): percent-encoding and encodeURIComponent
// leave a secret made only of these as it is.
const UNRESERVED = /^[A-Za-z0-9\-_.~]+$/;

/**
 * Removes every form a secret can take on the wire (raw, percent-encoded once or twice) from text
 * that came back from a server, so it can go into an error message; and the value of any
 * `"AccessKeySecret"` or `"SecurityToken"` field in it (a new credential the caller never knew).
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    // Unreserved characters only (a hex signature, most keys): every encoded form is the secret.
    if (UNRESERVED.test(secret)) {
      if (out.includes(secret)) out = out.split(secret).join('***');
      continue;
    }
    const once = percentEncode(secret);
    for (const form of new Set([secret, once, percentEncode(once), encodeURIComponent(secret)])) {
      out = out.split(form).join('***');
    }
  }
  return out.replace(ISSUED_SECRET, '$1***');
}

// In a one-line field: every control character (C0, DEL, C1), the line and paragraph separators
// and the bidirectional overrides, which could forge a log line or disguise text on a terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// In a multi-line text (a service's Message): the same, but line feeds and tabs are kept.
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text a server sent, made fit to quote in an error, a log line or `toString()`: redacted with
 * `clean` first (a secret across the cut would otherwise leave its start behind), then cut to
 * `max` characters; control characters (escape sequences, bidirectional overrides) become
 * spaces, and in a one-line field (code, request id, host, a header value) line breaks too. Every
 * piece of server text that enters an error goes through here.
 *
 * @example
 * serverText(body.Code, (t) => redact(t, [secret]), 256); // 'InvalidParameter'
 */
export function serverText(
  text: string,
  clean: (text: string) => string,
  max: number,
  lines: 'one' | 'many' = 'one',
): string {
  const redacted = clean(text);
  const flat = redacted.replace(lines === 'one' ? CONTROL : CONTROL_BUT_LINES, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max)}… (${flat.length - max} more characters)`;
}
