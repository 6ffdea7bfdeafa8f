import { percentEncode } from '../signing/percent-encode.js';

// A credential the server hands out (STS, a credentials service) in a body that could not be
// parsed: its value, to the closing quote or the end of a cut body.
const ISSUED_SECRET = /("(?:AccessKeySecret|SecurityToken)"\s*:\s*")[^"]*/gi;

/**
 * Removes every form a secret can take on the wire (raw, percent-encoded once or twice) from text
 * that came back from a server, so it can go into an error message; and the value of any
 * `"AccessKeySecret"` or `"SecurityToken"` field in it (a new credential the caller never knew).
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    const once = percentEncode(secret);
    for (const form of new Set([secret, once, percentEncode(once), encodeURIComponent(secret)])) {
      out = out.split(form).join('***');
    }
  }
  return out.replace(ISSUED_SECRET, '$1***');
}
