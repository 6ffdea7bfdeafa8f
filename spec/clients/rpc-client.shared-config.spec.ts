// A client's `config` and its pool never disagree: a config whose pool settings differ from the
// pool it is to share is refused, naming both; enableAsync installs (and returns) a config that
// says what the pool now runs, for every client on that pool. Before, a client whose config said
// pool 50 ran silently in a pool of 2, and after enableAsync(3, 10) its config still said async off.
import { RpcClient } from '../../src/clients/rpc-client.js';
import { EcsClient } from '../../src/clients/ecs/ecs-client.js';
import { Config } from '../../src/config.js';
import { ClientError } from '../../src/errors/client-error.js';
import { accessKey } from './wire.js';

const ENDPOINT = 'http://127.0.0.1:9';
const rpc = (config: Config | undefined, sharePoolWith?: RpcClient) =>
  new RpcClient({
    product: 'ecs',
    version: '2014-05-26',
    regionId: 'cn-hangzhou',
    credential: accessKey(),
    ...(config ? { config } : {}),
    ...(sharePoolWith ? { sharePoolWith } : {}),
  });
const pooled = (poolSize: number, queue = 100) =>
  new Config()
    .withEndpoint(ENDPOINT)
    .withEnableAsync(true)
    .withPoolSize(poolSize)
    .withMaxTaskQueueSize(queue);

describe('a client sharing a pool', () => {
  it('refuses a config whose pool settings differ, naming both', () => {
    const owner = rpc(pooled(2));

    expect(() => rpc(pooled(50), owner)).toThrow(ClientError);
    expect(() => rpc(pooled(50), owner)).toThrow(
      'the shared pool runs async on, poolSize 2, maxTaskQueueSize 100, but config says async on, poolSize 50, maxTaskQueueSize 100',
    );
    expect(() => rpc(new Config().withEndpoint(ENDPOINT), owner)).toThrow('but config says async off');
  });

  it('takes the pool owner’s config when given none, and one with the same pool settings', () => {
    const owner = rpc(pooled(2));

    const adopted = rpc(undefined, owner);
    const same = rpc(pooled(2).withReadTimeout(1234), owner);

    expect(adopted.config).toBe(owner.config);
    expect(same.config.readTimeout).toBe(1234);
    expect(same.poolLimits).toEqual({ poolSize: 2, maxTaskQueueSize: 100 });
  });

  it('EcsClient.forRegion shares the pool, also after enableAsync changed it', () => {
    const ecs = new EcsClient('cn-hangzhou', new Config().withEndpoint(ENDPOINT), accessKey());
    ecs.enableAsync(4, 40);

    const shanghai = ecs.forRegion('cn-shanghai');

    expect(shanghai.config).toMatchObject({ enableAsync: true, goRoutinePoolSize: 4, maxTaskQueueSize: 40 });
    expect(shanghai.poolLimits).toBe(ecs.poolLimits);
  });
});

describe('enableAsync', () => {
  it('installs and returns a config that says what the pool runs', () => {
    const client = rpc(new Config().withEndpoint(ENDPOINT).withReadTimeout(777));
    expect(client.config.enableAsync).toBe(false);

    const returned = client.enableAsync(3, 10);

    expect(returned).toBe(client.config);
    expect(client.config).toMatchObject({
      enableAsync: true,
      goRoutinePoolSize: 3,
      maxTaskQueueSize: 10,
      readTimeout: 777, // everything else kept
    });
    expect(client.poolLimits).toEqual({ poolSize: 3, maxTaskQueueSize: 10 });
  });

  it('on one client is seen in the config of every client on the same pool', () => {
    const owner = rpc(pooled(2));
    const other = rpc(undefined, owner);

    other.enableAsync(7, 70);

    for (const client of [owner, other]) {
      expect(client.config).toMatchObject({ enableAsync: true, goRoutinePoolSize: 7, maxTaskQueueSize: 70 });
    }
  });

  it('checks its values (nothing changes on a bad one)', () => {
    const client = rpc(pooled(2));
    expect(() => client.enableAsync(0, 10)).toThrow(ClientError);
    expect(client.config.goRoutinePoolSize).toBe(2);
  });
});
