import { jest } from '@jest/globals';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { ECS_ACTIONS } from '../../../src/clients/ecs/ecs-actions.js';
import { EcsClient } from '../../../src/clients/ecs/ecs-client.js';
import { RpcClient } from '../../../src/clients/rpc-client.js';
import { Config } from '../../../src/config.js';
import { AccessKeyCredential } from '../../../src/credentials/access-key-credential.js';
import { methodName, useRecordingCloud } from './ecs-fixtures.js';

const SUFFIXES = ['$', '', 'WithChan', 'WithCallback'];
const METHODS = Object.keys(ECS_ACTIONS).flatMap((action) =>
  SUFFIXES.map((suffix) => methodName(action) + suffix),
);
const credential = new AccessKeyCredential('testid', 'testsecret');
const answered = () => Response.json({ RequestId: 'r-1' });

function read(client: object, name: string): unknown {
  return (client as Record<string, unknown>)[name];
}

describe('EcsClient methods, defined once on the prototype', () => {
  const setUp = useRecordingCloud();
  const clients: EcsClient[] = [];
  const client = (regionId = 'cn-hangzhou') => {
    const ecs = new EcsClient(regionId, new Config(), credential);
    clients.push(ecs);
    return ecs;
  };
  afterEach(() => Promise.all(clients.splice(0).map((ecs) => ecs.shutdown())));

  it('has the four methods of every action (1,520 for the 380 of ECS 2014-05-26) on EcsClient.prototype and none on a client, before and after it calls them', async () => {
    expect(Object.keys(ECS_ACTIONS).length).toBeGreaterThanOrEqual(380);
    expect(METHODS).toHaveLength(4 * Object.keys(ECS_ACTIONS).length);
    for (const name of METHODS)
      expect([name, Object.hasOwn(EcsClient.prototype, name)]).toEqual([name, true]);
    expect(Object.prototype.hasOwnProperty.call(EcsClient.prototype, 'describeInstances$')).toBe(true);

    const { ecs } = setUp(answered);
    expect(Object.getOwnPropertyNames(ecs).filter((name) => METHODS.includes(name))).toEqual([]);
    for (const name of METHODS) expect(typeof read(ecs, name)).toBe('function');
    await lastValueFrom(ecs.describeRegions$({}));
    await ecs.describeRegions({});
    expect(Object.getOwnPropertyNames(ecs).filter((name) => METHODS.includes(name))).toEqual([]);
    expect(Object.keys(ecs).filter((name) => METHODS.includes(name))).toEqual([]);
  });

  it('gives every client, and every forRegion client, the same prototype and the same method definitions', () => {
    const a = client();
    const b = client('cn-shanghai');
    const shanghai = a.forRegion('cn-shanghai');
    expect(Object.getPrototypeOf(a)).toBe(EcsClient.prototype);
    expect(Object.getPrototypeOf(b)).toBe(EcsClient.prototype);
    expect(Object.getPrototypeOf(shanghai)).toBe(EcsClient.prototype);
    expect(shanghai).toBeInstanceOf(EcsClient);
    expect(shanghai).toBeInstanceOf(RpcClient);
    for (const name of METHODS) {
      const descriptor = Object.getOwnPropertyDescriptor(EcsClient.prototype, name);
      expect([name, typeof descriptor?.get, descriptor?.enumerable]).toEqual([name, 'function', false]);
    }
    // Read from the prototype: one shared, unbound function per method, named after it.
    const shared = read(EcsClient.prototype, 'describeInstances$') as () => unknown;
    expect(read(EcsClient.prototype, 'describeInstances$')).toBe(shared);
    expect(shared.name).toBe('describeInstances$');
  });

  it('gives a client one stable copy per method, bound to it, so detached calls go to that client', async () => {
    const { ecs, sent } = setUp(answered);
    const shanghai = ecs.forRegion('cn-shanghai');
    expect(ecs.describeZones$).toBe(ecs.describeZones$);
    expect(shanghai.describeZones$).not.toBe(ecs.describeZones$);

    const { describeZones$ } = shanghai; // destructured: no `this`
    const { describeZones } = ecs;
    await lastValueFrom(describeZones$({}));
    await describeZones({});

    const regionOf = (i: number) => sent[i]?.pairs.find(([name]) => name === 'RegionId')?.[1];
    expect(sent.map((s) => s.action)).toEqual(['DescribeZones', 'DescribeZones']);
    expect([regionOf(0), regionOf(1)]).toEqual(['cn-shanghai', 'cn-hangzhou']);
  });

  it('calls the unbound prototype method on the client given as `this`', async () => {
    const { ecs, sent } = setUp(answered);
    const method = read(EcsClient.prototype, 'describeZones') as (
      this: EcsClient,
      req: object,
    ) => Promise<unknown>;
    await method.call(ecs, {});
    expect(sent.map((s) => [s.action, s.pairs.find(([n]) => n === 'RegionId')?.[1]])).toEqual([
      ['DescribeZones', 'cn-hangzhou'],
    ]);
  });

  it('lets a test stub one client’s method by assignment or jest.spyOn, leaving the others alone', async () => {
    const stubbed = client();
    const other = client();
    const stub = jest.fn(() => Promise.resolve({ RequestId: 'stub', Regions: { Region: [] } }));
    stubbed.describeRegions = stub;
    await expect(stubbed.describeRegions({})).resolves.toMatchObject({ RequestId: 'stub' });
    expect(stub).toHaveBeenCalledTimes(1);
    expect(other.describeRegions).not.toBe(stub);

    const spy = jest.spyOn(other, 'describeZones$');
    void other.describeZones$({});
    expect(spy).toHaveBeenCalledWith({});
    spy.mockRestore();
    expect(read(EcsClient.prototype, 'describeZones$')).toBe(read(EcsClient.prototype, 'describeZones$'));
  });

  it('shares the pool and config of the client given in sharePoolWith when no config is given', async () => {
    const ecs = new EcsClient('cn-hangzhou', new Config().withEnableAsync(true).withPoolSize(3), credential);
    clients.push(ecs);
    const shanghai = new EcsClient('cn-shanghai', undefined, credential, { sharePoolWith: ecs });
    clients.push(shanghai);
    expect(shanghai.config.goRoutinePoolSize).toBe(3);
    expect(await firstValueFrom(shanghai.poolStats$)).toEqual(await firstValueFrom(ecs.poolStats$));
  });

  it('is named EcsClient', () => {
    expect(EcsClient.name).toBe('EcsClient');
    expect(client().constructor).toBe(EcsClient);
  });
});
