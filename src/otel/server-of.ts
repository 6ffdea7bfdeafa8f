/** Where an attempt went, as the `server.*` and `url.scheme` attributes say it. */
export interface Server {
  /** The host name or IP address, without the brackets of an IPv6 literal. */
  readonly address: string;
  /** The port, the scheme's default when the origin names none. */
  readonly port: number;
  /** `'https'` or `'http'`. */
  readonly scheme: string;
}

/**
 * The server of an `attempt` event's `endpoint` (an origin such as
 * `'https://ecs.cn-hangzhou.aliyuncs.com'`), or `undefined` if it is not a URL.
 *
 * @example
 * serverOf('http://127.0.0.1:8080'); // { address: '127.0.0.1', port: 8080, scheme: 'http' }
 */
export function serverOf(endpoint: string): Server | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.replace(/:$/, '');
  const port = url.port === '' ? (scheme === 'http' ? 80 : 443) : Number(url.port);
  return { address: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, scheme };
}
