import { Config } from '../../config.js';
import type { CredentialProvider } from '../../credentials/credential.js';
import { RpcClient } from '../rpc-client.js';
import { bindActions, type ServiceMethods } from '../service-client.js';
import { ECS_ACTIONS, ECS_API_VERSION, type EcsActions } from './ecs-actions.js';

/** Options of {@link EcsClient} beyond region, config and credential. */
export interface EcsClientOptions {
  /** Send calls through the pool of another client (one concurrency limit over many regions). */
  sharePoolWith?: RpcClient;
}

class EcsClientBase extends RpcClient {
  constructor(
    regionId: string,
    config: Config = new Config(),
    credential: CredentialProvider,
    options: EcsClientOptions = {},
  ) {
    super({ product: 'ecs', version: ECS_API_VERSION, regionId, config, credential, ...options });
    bindActions(this, ECS_ACTIONS);
  }

  /**
   * A client for another region with the same config and credential, sharing this client's pool:
   * all regions together stay within one `poolSize`.
   *
   * @example
   * const shanghai = ecs.forRegion('cn-shanghai');
   */
  forRegion(regionId: string): EcsClient {
    return new EcsClientBase(regionId, this.config, this.credentialProvider, {
      sharePoolWith: this,
    }) as EcsClient;
  }
}

/**
 * The typed ECS client: for every action `Foo`, `foo$(req)` (cold Observable), `foo(req)`
 * (Promise), `fooWithChan(req)` and `fooWithCallback(req, cb)`, with the API's own PascalCase
 * request and response types. `RegionId` defaults to the client's region; `RunInstances` gets a
 * `ClientToken` when you give none. Everything of {@link RpcClient} (pool, `poolStats$`,
 * `shutdown()`) is there too.
 *
 * @example
 * import { Config, EcsClient, AccessKeyCredential } from 'alicloud-rx';
 * const ecs = new EcsClient('cn-hangzhou', new Config().withEnableAsync(true), new AccessKeyCredential(id, secret));
 * ecs.describeInstances$({ MaxResults: 100 }).subscribe((page) => console.log(page.Instances.Instance.length));
 */
export const EcsClient = EcsClientBase as unknown as new (
  regionId: string,
  config: Config | undefined,
  credential: CredentialProvider,
  options?: EcsClientOptions,
) => EcsClient;

/** An {@link RpcClient} with the four call forms of every ECS action, and `forRegion`. */
export type EcsClient = EcsClientBase & ServiceMethods<EcsActions>;
