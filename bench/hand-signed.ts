/**
 * The ACS3 canonical request of an RPC call, written the way a user signing by hand would
 * (PROTOCOL.md): the baselines of the Node (node:crypto) and browser (crypto.subtle) benchmarks
 * share it and differ only in how they hash. Not alicloud-rx's code: a baseline must not use it.
 *
 * @example
 * const { canonicalRequest, signedNames } = acs3Canonical(host, headers, [['RegionId', 'cn-hangzhou']]);
 */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The canonical request (POST /, the query, `host` and the `x-acs-*` headers signed) and the signed names. */
export function acs3Canonical(
  host: string,
  headers: Readonly<Record<string, string>>,
  query: readonly (readonly [string, string])[],
): { canonicalRequest: string; signedNames: string } {
  const signed: Record<string, string> = { host };
  for (const [name, value] of Object.entries(headers)) if (name.startsWith('x-acs-')) signed[name] = value;
  const names = Object.keys(signed).sort();
  const canonicalQuery = query
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .sort()
    .join('&');
  const canonicalHeaders = names.map((name) => `${name}:${signed[name]}\n`).join('');
  const signedNames = names.join(';');
  return {
    canonicalRequest: `POST\n/\n${canonicalQuery}\n${canonicalHeaders}\n${signedNames}\n${EMPTY_SHA256}`,
    signedNames,
  };
}
