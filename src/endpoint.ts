import type { Config } from './config.js';
import { ClientError, describeValue } from './errors/client-error.js';

const REGION_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PRODUCT = /^[a-z0-9-]+$/;

/**
 * Checks a region id (`cn-hangzhou`): lower-case letters, digits and inner hyphens.
 * Throws `ClientError` `SDK.InvalidParam`.
 *
 * @example
 * import { checkRegionId } from 'alicloud-rx';
 * checkRegionId('cn-hangzhou'); // 'cn-hangzhou'
 */
export function checkRegionId(regionId: unknown): string {
  if (typeof regionId !== 'string' || !REGION_ID.test(regionId)) {
    throw new ClientError(
      'SDK.InvalidParam',
      `Invalid value for regionId: got ${describeValue(regionId)}; expected lower-case letters, digits and hyphens, such as 'cn-hangzhou'.`,
    );
  }
  return regionId;
}

/**
 * How a product's endpoint follows from the region, as its official SDK says: a host for some
 * regions (`map`), else the rule: `regional` (`<product>.<regionId>.aliyuncs.com`) or `central`
 * (`<product>.aliyuncs.com`).
 *
 * @example
 * const ecs: EndpointRule = { rule: 'regional', map: { 'cn-hangzhou': 'ecs-cn-hangzhou.aliyuncs.com' } };
 */
export interface EndpointRule {
  readonly rule: 'regional' | 'central';
  readonly map?: Readonly<Record<string, string>>;
}

const REGIONAL: EndpointRule = { rule: 'regional' };

/**
 * The base URL calls go to: `config.endpoint` when set (its own scheme wins over `withScheme`),
 * else the host `endpoints.map` gives the region, else the rule's (`regional` by default:
 * `<scheme>://<product>.<regionId>.aliyuncs.com`).
 *
 * @example
 * import { Config, resolveEndpoint } from 'alicloud-rx';
 * resolveEndpoint('ecs', 'cn-hangzhou', new Config()); // 'https://ecs.cn-hangzhou.aliyuncs.com'
 * resolveEndpoint('ecs', 'cn-wuhan', new Config(), { rule: 'regional', map: { 'cn-wuhan': 'ecs.aliyuncs.com' } }); // 'https://ecs.aliyuncs.com'
 */
export function resolveEndpoint(
  product: string,
  regionId: string,
  config: Config,
  endpoints: EndpointRule = REGIONAL,
): string {
  checkRegionId(regionId);
  if (endpoints.rule !== 'regional' && endpoints.rule !== 'central') {
    throw new ClientError(
      'SDK.InvalidParam',
      `Invalid value for endpoints.rule: got ${describeValue(endpoints.rule)}; expected 'regional' or 'central'.`,
    );
  }
  const endpoint = config.endpoint;
  if (endpoint) return /^https?:\/\//i.test(endpoint) ? endpoint : `${config.scheme}://${endpoint}`;
  const host = endpoints.map && Object.hasOwn(endpoints.map, regionId) ? endpoints.map[regionId] : undefined;
  if (host !== undefined) return `${config.scheme}://${host}`;
  const name = product.toLowerCase();
  if (!PRODUCT.test(name)) {
    throw new ClientError(
      'SDK.CanNotResolveEndpoint',
      `Cannot resolve an endpoint for product ${describeValue(product)} in ${regionId}: use Config.withEndpoint().`,
    );
  }
  return endpoints.rule === 'central'
    ? `${config.scheme}://${name}.aliyuncs.com`
    : `${config.scheme}://${name}.${regionId}.aliyuncs.com`;
}
