import type { Config } from '../../config.js';
import type { CredentialProvider } from '../../credentials/credential.js';
import type { RpcClient } from '../rpc-client.js';
import { serviceClient, type ServiceClient } from '../service-client.js';
import { ECS_ENDPOINTS } from './ecs-endpoints.js';
import { ECS_ACTIONS, ECS_API_VERSION, type EcsActions } from './ecs-actions.js';

/** Options of {@link EcsClient} beyond region, config and credential. */
export interface EcsClientOptions {
  /** Send calls through the pool of another client (one concurrency limit over many regions). */
  sharePoolWith?: RpcClient;
}

/**
 * The typed ECS client: for every action `Foo`, `foo$(req)` (cold Observable), `foo(req)`
 * (Promise), `fooWithChan(req)` and `fooWithCallback(req, cb)`, with the API's own PascalCase
 * request and response types. `RegionId` defaults to the client's region; `RunInstances` gets a
 * `ClientToken` when you give none. Everything of {@link RpcClient} (pool, `poolStats$`,
 * `shutdown()`) is there too, and `forRegion(regionId)`: a client for another region that shares
 * this one's pool. The methods are defined once, on `EcsClient.prototype`.
 *
 * @example
 * import { Config, EcsClient, AccessKeyCredential } from 'alicloud-rx';
 * const ecs = new EcsClient('cn-hangzhou', new Config().withEnableAsync(true), new AccessKeyCredential(id, secret));
 * ecs.describeInstances$({ MaxResults: 100 }).subscribe((page) => console.log(page.Instances.Instance.length));
 * const shanghai = ecs.forRegion('cn-shanghai');
 */
export const EcsClient: {
  new (
    regionId: string,
    config: Config | undefined,
    credential: CredentialProvider,
    options?: EcsClientOptions,
  ): EcsClient;
  readonly prototype: EcsClient;
} = /* @__PURE__ */ serviceClient({
  name: 'EcsClient',
  product: 'ecs',
  version: ECS_API_VERSION,
  actions: ECS_ACTIONS,
  endpoints: ECS_ENDPOINTS,
});

/** An {@link RpcClient} with the four call forms of every ECS action, and `forRegion`. */
export type EcsClient = ServiceClient<EcsActions>;
