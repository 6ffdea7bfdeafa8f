/**
 * The eight shipped products beside their official packages, for specs that hold our generated
 * clients against the official SDKs: both are built here, pointed at the same endpoint.
 */
import { createRequire } from 'node:module';
import type { Config } from '../../../src/config.js';
import type { CredentialProvider } from '../../../src/credentials/credential.js';
import type { EndpointRule } from '../../../src/endpoint.js';
import type { ApiClient } from '../../../src/clients/api-client.js';
import type { ActionSpec } from '../../../src/clients/service-client.js';
import * as bssopenapi from '../../../src/clients/bssopenapi/index.js';
import * as cms from '../../../src/clients/cms/index.js';
import * as cs from '../../../src/clients/cs/index.js';
import * as ecs from '../../../src/clients/ecs/index.js';
import * as ram from '../../../src/clients/ram/index.js';
import * as rds from '../../../src/clients/rds/index.js';
import * as sts from '../../../src/clients/sts/index.js';
import * as vpc from '../../../src/clients/vpc/index.js';

const require = createRequire(import.meta.url);

/** An official model class: `names()` gives wire names, `types()` types. */
export interface OfficialModel {
  new (map?: Record<string, unknown>): object;
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

/** One product: our client class and table, and the official package's module. */
export interface Product {
  name: string;
  ours: new (regionId: string, config: Config | undefined, credential: CredentialProvider) => ApiClient;
  table: { readonly [action: string]: ActionSpec };
  endpoints: EndpointRule;
  /** The official package's exports (its client is `.default`, its models by class name). */
  official: Record<string, unknown> & { default: new (config: unknown) => Record<string, unknown> };
}

function load(pkg: string): Product['official'] {
  return require(pkg) as Product['official'];
}

/** The official `$OpenApiUtil.Config` constructor (from `@alicloud/openapi-core`). */
export const OfficialConfig = (
  require('@alicloud/openapi-core') as {
    $OpenApiUtil: { Config: new (map: Record<string, unknown>) => unknown };
  }
).$OpenApiUtil.Config;

export const PRODUCTS: Product[] = [
  {
    name: 'ecs',
    ours: ecs.EcsClient,
    table: ecs.ECS_ACTIONS,
    endpoints: ecs.ECS_ENDPOINTS,
    official: load('@alicloud/ecs20140526'),
  },
  {
    name: 'vpc',
    ours: vpc.VpcClient,
    table: vpc.VPC_ACTIONS,
    endpoints: vpc.VPC_ENDPOINTS,
    official: load('@alicloud/vpc20160428'),
  },
  {
    name: 'cms',
    ours: cms.CmsClient,
    table: cms.CMS_ACTIONS,
    endpoints: cms.CMS_ENDPOINTS,
    official: load('@alicloud/cms20190101'),
  },
  {
    name: 'rds',
    ours: rds.RdsClient,
    table: rds.RDS_ACTIONS,
    endpoints: rds.RDS_ENDPOINTS,
    official: load('@alicloud/rds20140815'),
  },
  {
    name: 'ram',
    ours: ram.RamClient,
    table: ram.RAM_ACTIONS,
    endpoints: ram.RAM_ENDPOINTS,
    official: load('@alicloud/ram20150501'),
  },
  {
    name: 'sts',
    ours: sts.StsClient,
    table: sts.STS_ACTIONS,
    endpoints: sts.STS_ENDPOINTS,
    official: load('@alicloud/sts20150401'),
  },
  {
    name: 'cs',
    ours: cs.CsClient,
    table: cs.CS_ACTIONS,
    endpoints: cs.CS_ENDPOINTS,
    official: load('@alicloud/cs20151215'),
  },
  {
    name: 'bssopenapi',
    ours: bssopenapi.BssOpenApiClient,
    table: bssopenapi.BSSOPENAPI_ACTIONS,
    endpoints: bssopenapi.BSSOPENAPI_ENDPOINTS,
    official: load('@alicloud/bssopenapi20171214'),
  },
];

/** The official client of `product` for `regionId`, at `endpoint` (`host:port`) when given. */
export function officialClient(
  product: Product,
  regionId: string,
  endpoint?: { host: string; protocol: 'http' | 'https' },
): Record<string, unknown> {
  return new product.official.default(
    new OfficialConfig({
      accessKeyId: 'testid',
      accessKeySecret: 'testsecret',
      regionId,
      ...(endpoint ? { endpoint: endpoint.host, protocol: endpoint.protocol } : {}),
    }),
  );
}
