import { percentEncode } from '../signing/percent-encode.js';

/**
 * Removes every form a secret can take on the wire (raw, percent-encoded once or twice) from text
 * that came back from a server, so it can go into an error message.
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
  return out;
}
