/**
 * Type tests of the typed ECS client. The assertions that matter are checked by `tsc --noEmit`
 * (part of `npm test`): a wrong type makes `expectTypeOf` fail to compile, and every
 * `@ts-expect-error` line must really be an error. Under jest only the runtime shells run.
 */
import { expectTypeOf } from 'expect-type';
import { firstValueFrom, type Observable } from 'rxjs';
import {
  AccessKeyCredential,
  Config,
  EcsClient,
  paginate,
  paginateItems,
  type CallCallback,
  type CallOptions,
  type DescribeInstancesRequest,
  type DescribeInstancesResponse,
  type DescribeRegionsResponse,
  type EcsActions,
  type Instance,
  type PoolStats,
  type RunInstancesResponse,
  type ServiceMethods,
  type StopInstanceRequest,
} from '../../../src/index.js';
import { ECS_ACTIONS } from '../../../src/clients/ecs/ecs-actions.js';

const ecs = new EcsClient('cn-hangzhou', new Config(), new AccessKeyCredential('testid', 'testsecret'));

afterAll(() => ecs.shutdown());

// Never called: each line below must fail to type-check, or tsc reports an unused directive.
export function misuses(): void {
  // @ts-expect-error MaxResults is a number, not a string
  void ecs.describeInstances$({ MaxResults: '10' });
  // @ts-expect-error there is no parameter MaxResult (a typo of MaxResults)
  void ecs.describeInstances$({ MaxResult: 10 });
  // @ts-expect-error InstanceIds must be string[], not one string
  void ecs.describeInstances({ InstanceIds: 'i-1' });
  // @ts-expect-error InstanceIds must be string[], not numbers
  void ecs.describeInstances({ InstanceIds: [1, 2] });
  // @ts-expect-error there is no action method describeInstance$ (singular)
  void ecs.describeInstance$({});
  // @ts-expect-error the Go-style name without a form suffix does not exist in PascalCase
  void ecs.DescribeInstances({});
  // @ts-expect-error StopInstance needs InstanceId
  void ecs.stopInstance({});
  // @ts-expect-error StartInstances takes a list of ids
  void ecs.startInstances({ InstanceId: 'i-1' });
  // @ts-expect-error StartInstance takes one id
  void ecs.startInstance({ InstanceId: ['i-1'] });
  // @ts-expect-error a tag to set needs a Key and a Value
  void ecs.tagResources({ ResourceType: 'instance', ResourceId: ['i-1'], Tag: [{ Key: 'k' }] });
  // @ts-expect-error StoppedMode is one of two words
  void ecs.stopInstance({ InstanceId: 'i-1', StoppedMode: 'Paused' });
  // @ts-expect-error a WithCallback call needs its callback
  void ecs.describeRegionsWithCallback({});
  // @ts-expect-error the callback gets the action's own response type
  void ecs.describeRegionsWithCallback({}, (res: RunInstancesResponse | undefined) => res);
  // @ts-expect-error unknown call option
  void ecs.describeRegions({}, { retries: 2 });
}

describe('EcsClient types', () => {
  it('types describeInstances$ as a cold Observable of DescribeInstancesResponse', () => {
    expectTypeOf(ecs.describeInstances$).returns.toEqualTypeOf<Observable<DescribeInstancesResponse>>();
    expectTypeOf(ecs.describeInstances$).parameter(0).toEqualTypeOf<DescribeInstancesRequest>();
    expectTypeOf(ecs.describeInstances$).parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expect(typeof ecs.describeInstances$).toBe('function');
  });

  it('types describeInstances as a Promise of DescribeInstancesResponse', () => {
    expectTypeOf(ecs.describeInstances).returns.toEqualTypeOf<Promise<DescribeInstancesResponse>>();
    expectTypeOf(ecs.describeInstances).parameter(0).toEqualTypeOf<DescribeInstancesRequest>();
    expect(typeof ecs.describeInstances).toBe('function');
  });

  it('types describeInstancesWithChan as a [response, error] tuple of promises', () => {
    expectTypeOf(ecs.describeInstancesWithChan).returns.toEqualTypeOf<
      [Promise<DescribeInstancesResponse | undefined>, Promise<Error | undefined>]
    >();
    expect(typeof ecs.describeInstancesWithChan).toBe('function');
  });

  it('types describeInstancesWithCallback as taking a typed callback and resolving 0 or 1', () => {
    expectTypeOf(ecs.describeInstancesWithCallback).returns.toEqualTypeOf<Promise<0 | 1>>();
    expectTypeOf(ecs.describeInstancesWithCallback)
      .parameter(1)
      .toEqualTypeOf<CallCallback<DescribeInstancesResponse>>();
    expectTypeOf<CallCallback<DescribeRegionsResponse>>()
      .parameter(0)
      .toEqualTypeOf<DescribeRegionsResponse | undefined>();
    expect(typeof ecs.describeInstancesWithCallback).toBe('function');
  });

  it('types the request fields with the API names and types', () => {
    expectTypeOf<DescribeInstancesRequest['InstanceIds']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<DescribeInstancesRequest['MaxResults']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<StopInstanceRequest['InstanceId']>().toEqualTypeOf<string>();
    expectTypeOf<DescribeInstancesResponse['Instances']['Instance']>().toEqualTypeOf<Instance[]>();
    expect(misuses).toBeInstanceOf(Function);
  });

  it('gives forRegion an EcsClient with the same methods', () => {
    const shanghai = ecs.forRegion('cn-shanghai');
    expectTypeOf(shanghai).toEqualTypeOf<EcsClient>();
    expectTypeOf(shanghai.stopInstances$).returns.toEqualTypeOf<
      Observable<EcsActions['StopInstances']['response']>
    >();
    expect(typeof shanghai.stopInstances$).toBe('function');
  });

  it('infers page and item types through paginate and paginateItems', () => {
    expectTypeOf(paginate(ecs.describeInstances$, { MaxResults: 100 })).toEqualTypeOf<
      Observable<DescribeInstancesResponse>
    >();
    expectTypeOf(
      paginateItems(ecs.describeInstances$, { MaxResults: 100 }, (page) => page.Instances.Instance),
    ).toEqualTypeOf<Observable<Instance>>();
    expect(typeof paginate).toBe('function');
  });

  it('has all four forms, and only those, for every action of the table, at the type level and at run time', () => {
    type Method = keyof ServiceMethods<EcsActions>;
    expectTypeOf<'runInstances$' | 'runInstances' | 'runInstancesWithChan'>().toExtend<Method>();
    expectTypeOf<'runInstancesWithCallback' | 'untagResources$'>().toExtend<Method>();
    expectTypeOf<'RunInstances'>().not.toExtend<Method>();
    expectTypeOf<keyof typeof ECS_ACTIONS>().toEqualTypeOf<keyof EcsActions>();
    for (const action of Object.keys(ECS_ACTIONS)) {
      const name = action.charAt(0).toLowerCase() + action.slice(1);
      for (const suffix of ['$', '', 'WithChan', 'WithCallback']) {
        expect([name + suffix, typeof (ecs as unknown as Record<string, unknown>)[name + suffix]]).toEqual([
          name + suffix,
          'function',
        ]);
      }
    }
  });

  it('counts retries in PoolStats as a number, 0 in the first snapshot of a client that made no call', async () => {
    expectTypeOf<PoolStats['retries']>().toEqualTypeOf<number>();
    const stats = await firstValueFrom(ecs.poolStats$);
    expect(stats).toHaveProperty('retries', 0);
  });
});
