// An endpoint is parsed once, not per request (a client sends all its calls to one endpoint).
const endpoints = new Map<string, { origin: string; host: string }>();
const ENDPOINT_CACHE_LIMIT = 1024; // as the node transport's: products × regions fit

/**
 * The origin (`https://host:port`) and `host` of a client's endpoint, parsed once and cached: the
 * RPC and ROA request builders ask for them on every attempt.
 *
 * @example
 * endpointOrigin('https://ecs.cn-hangzhou.aliyuncs.com'); // { origin: 'https://ecs.cn-hangzhou.aliyuncs.com', host: 'ecs.cn-hangzhou.aliyuncs.com' }
 */
export function endpointOrigin(endpoint: string): { origin: string; host: string } {
  let parsed = endpoints.get(endpoint);
  if (!parsed) {
    const url = new URL(endpoint);
    parsed = { origin: url.origin, host: url.host };
    if (endpoints.size >= ENDPOINT_CACHE_LIMIT) endpoints.clear();
    endpoints.set(endpoint, parsed);
  }
  return parsed;
}
