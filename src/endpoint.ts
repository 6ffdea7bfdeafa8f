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
 * The base URL calls go to: `config.endpoint` when set (its own scheme wins over `withScheme`),
 * else `<scheme>://<product>.<regionId>.aliyuncs.com`.
 *
 * @example
 * import { Config, resolveEndpoint } from 'alicloud-rx';
 * resolveEndpoint('ecs', 'cn-hangzhou', new Config()); // 'https://ecs.cn-hangzhou.aliyuncs.com'
 */
export function resolveEndpoint(product: string, regionId: string, config: Config): string {
  checkRegionId(regionId);
  const endpoint = config.endpoint;
  if (endpoint) return /^https?:\/\//i.test(endpoint) ? endpoint : `${config.scheme}://${endpoint}`;
  const name = product.toLowerCase();
  if (!PRODUCT.test(name)) {
    throw new ClientError(
      'SDK.CanNotResolveEndpoint',
      `Cannot resolve an endpoint for product ${describeValue(product)} in ${regionId}: use Config.withEndpoint().`,
    );
  }
  return `${config.scheme}://${name}.${regionId}.aliyuncs.com`;
}
