import { optionalText } from '../checks.js';
import { isTrue, type Env } from './node-credential-options.js';

/** What picks the STS endpoint of a role provider (every field optional). */
export interface StsEndpointOptions {
  stsEndpoint?: string | undefined;
  stsRegionId?: string | undefined;
  enableVpc?: boolean | undefined;
}

/**
 * The STS host and region, picked as the official SDKs pick them (credentials-go
 * `providers/oidc.go` and `providers/ram_role_arn.go`, @alicloud/credentials
 * `src/providers/oidc_role_arn.ts` and `ram_role_arn.ts`): the explicit `stsEndpoint`; else
 * `sts-vpc.<region>.aliyuncs.com` with VPC on, `sts.<region>.aliyuncs.com` with a region (the option,
 * else `ALIBABA_CLOUD_STS_REGION`), else `sts.aliyuncs.com`. VPC: the option, else
 * `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`.
 */
export function stsEndpointOf(
  options: StsEndpointOptions,
  env: Env,
): { endpoint: string; regionId: string | undefined } {
  const regionId = optionalText(options.stsRegionId) ?? optionalText(env.ALIBABA_CLOUD_STS_REGION);
  const explicit = optionalText(options.stsEndpoint);
  if (explicit) return { endpoint: explicit, regionId };
  if (!regionId) return { endpoint: 'sts.aliyuncs.com', regionId };
  const enableVpc = options.enableVpc ?? isTrue(env.ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED);
  return { endpoint: `${enableVpc ? 'sts-vpc' : 'sts'}.${regionId}.aliyuncs.com`, regionId };
}
