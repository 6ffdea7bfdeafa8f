import fc from 'fast-check';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { ECS_ACTIONS, type EcsActions } from '../../../src/clients/ecs/ecs-actions.js';
import type { StopInstanceRequest } from '../../../src/clients/ecs/models/lifecycle.js';
import { actionParams } from '../../../src/clients/service-client.js';
import { flattenParams } from '../../../src/call/rpc-params.js';
import { ClientError } from '../../../src/errors/client-error.js';
import { callIn, methodName, useRecordingCloud, type Action } from './ecs-fixtures.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RUN = { InstanceType: 'ecs.g7.large', ImageId: 'aliyun_3_x64_20G_alibase_20240528.vhd' };

const valueOf = (pairs: [string, string][], name: string) => pairs.find(([k]) => k === name)?.[1];

type Row = { [K in Action]: [string, K, EcsActions[K]['request'], [string, string][]] }[Action];

// [what, action, request, the exact parameters on the wire]
const ROWS: Row[] = [
  [
    'a Tag list becomes Tag.N.Key and Tag.N.Value',
    'DescribeInstances',
    { Tag: [{ Key: 'env', Value: 'prod' }, { Key: 'team' }] },
    [
      ['Tag.1.Key', 'env'],
      ['Tag.1.Value', 'prod'],
      ['Tag.2.Key', 'team'],
      ['RegionId', 'cn-hangzhou'],
    ],
  ],
  [
    'InstanceIds becomes one JSON array string',
    'DescribeInstances',
    { InstanceIds: ['i-1', 'i-2'], MaxResults: 10 },
    [
      ['InstanceIds', '["i-1","i-2"]'],
      ['MaxResults', '10'],
      ['RegionId', 'cn-hangzhou'],
    ],
  ],
  [
    'the InstanceId list of a batch action becomes InstanceId.N',
    'StartInstances',
    { InstanceId: ['a', 'b'] },
    [
      ['InstanceId.1', 'a'],
      ['InstanceId.2', 'b'],
      ['RegionId', 'cn-hangzhou'],
    ],
  ],
  [
    'the ResourceId and TagKey lists of UntagResources become ResourceId.N and TagKey.N',
    'UntagResources',
    { ResourceType: 'instance', ResourceId: ['i-1', 'i-2'], TagKey: ['k1', 'k2'] },
    [
      ['ResourceType', 'instance'],
      ['ResourceId.1', 'i-1'],
      ['ResourceId.2', 'i-2'],
      ['TagKey.1', 'k1'],
      ['TagKey.2', 'k2'],
      ['RegionId', 'cn-hangzhou'],
    ],
  ],
  [
    'booleans become "true" and "false"',
    'StopInstance',
    { InstanceId: 'i-1', ForceStop: true, DryRun: false },
    [
      ['InstanceId', 'i-1'],
      ['ForceStop', 'true'],
      ['DryRun', 'false'],
    ],
  ],
  [
    'an explicit RegionId wins over the client region',
    'DescribeZones',
    { RegionId: 'cn-shanghai', Verbose: true },
    [
      ['RegionId', 'cn-shanghai'],
      ['Verbose', 'true'],
    ],
  ],
  ['an action whose row does not default RegionId gets none', 'DescribeRegions', {}, []],
  [
    'undefined fields are left out',
    'DescribeInstanceStatus',
    { PageSize: 5, ZoneId: undefined },
    [
      ['PageSize', '5'],
      ['RegionId', 'cn-hangzhou'],
    ],
  ],
];

describe('EcsClient request flattening per parameter style', () => {
  const setUp = useRecordingCloud();

  it.each(ROWS)('%s, in actionParams and flattenParams', (_what, action, request, expected) => {
    const { ecs } = setUp();
    expect(flattenParams(actionParams(ecs, action, ECS_ACTIONS[action], request))).toEqual(expected);
  });

  it.each(ROWS)('%s, on the wire to the fake cloud', async (_what, action, request, expected) => {
    const { ecs, sent } = setUp();
    await callIn(ecs, 'promise', action, request as never).catch(() => undefined);
    expect(sent).toEqual([{ action, pairs: expected }]);
  });

  it('flattens any list of ids to InstanceId.N in order, and to a JSON string for InstanceIds', () => {
    const { ecs } = setUp();
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1 }), { minLength: 1, maxLength: 20 }),
        (ids) => {
          const batch = flattenParams(
            actionParams(ecs, 'StartInstances', ECS_ACTIONS.StartInstances, { InstanceId: ids }),
          );
          expect(batch.slice(0, -1)).toEqual(ids.map((id, i) => [`InstanceId.${i + 1}`, id]));
          const described = actionParams(ecs, 'DescribeInstances', ECS_ACTIONS.DescribeInstances, {
            InstanceIds: ids,
          });
          expect(JSON.parse(String(described.InstanceIds))).toEqual(ids);
        },
      ),
    );
  });

  it('fills a fresh UUID ClientToken into RunInstances when none is given, and keeps a given one', async () => {
    const { ecs, sent } = setUp();
    const first = actionParams(ecs, 'RunInstances', ECS_ACTIONS.RunInstances, RUN).ClientToken;
    const second = actionParams(ecs, 'RunInstances', ECS_ACTIONS.RunInstances, RUN).ClientToken;
    expect(first).toMatch(UUID);
    expect(second).toMatch(UUID);
    expect(second).not.toBe(first);
    const given = { ...RUN, ClientToken: 'my-token-1' };
    expect(actionParams(ecs, 'RunInstances', ECS_ACTIONS.RunInstances, given).ClientToken).toBe('my-token-1');

    await ecs.runInstances(RUN);
    await ecs.runInstances(given);
    expect(valueOf(sent[0]?.pairs ?? [], 'ClientToken')).toMatch(UUID);
    expect(valueOf(sent[1]?.pairs ?? [], 'ClientToken')).toBe('my-token-1');
  });

  it('sends the same generated ClientToken on every retry of one RunInstances call, creating once', async () => {
    const unavailable = () =>
      Response.json({ RequestId: 'R', Code: 'ServiceUnavailable', Message: 'busy' }, { status: 503 });
    const { ecs, sent, cloud } = setUp((_request, index) => (index < 2 ? unavailable() : undefined));
    const before = cloud.state.listInstances().length;
    const stats: number[] = [];
    ecs.poolStats$.subscribe((s) => stats.push(s.retries));

    const response = await ecs.runInstances(RUN);

    const tokens = sent.map((s) => valueOf(s.pairs, 'ClientToken'));
    expect(tokens).toHaveLength(3);
    expect(tokens[0]).toMatch(UUID);
    expect(new Set(tokens)).toEqual(new Set([tokens[0]]));
    expect(response.InstanceIdSets.InstanceIdSet).toHaveLength(1);
    expect(cloud.state.listInstances()).toHaveLength(before + 1);
    expect(stats.at(-1)).toBe(2);
  });

  it('keeps the token across retries the fake cloud injects (errorRate) too', async () => {
    const { ecs, sent, cloud } = setUp();
    cloud.faults = { actions: { RunInstances: { errorRate: 0.5 } } };
    await ecs.runInstances({ ...RUN, Amount: 1 }, { maxRetryTime: 20 });
    const tokens = new Set(sent.map((s) => valueOf(s.pairs, 'ClientToken')));
    expect(tokens.size).toBe(1);
    expect(cloud.stats.injectedErrors).toBeGreaterThan(0);
    expect(sent.length).toBe(cloud.stats.injectedErrors + 1);
  });

  it('sends a different ClientToken for each subscription to one runInstances$ observable', async () => {
    const { ecs, sent, cloud } = setUp();
    const run$ = ecs.runInstances$(RUN);
    const [a, b] = await Promise.all([firstValueFrom(run$), lastValueFrom(run$)]);

    const tokens = sent.map((s) => valueOf(s.pairs, 'ClientToken'));
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(a.InstanceIdSets.InstanceIdSet).not.toEqual(b.InstanceIdSets.InstanceIdSet);
    expect(cloud.stats.requests).toBe(2);
  });

  it.each([true, false])(
    'refuses stopInstance({}) with SDK.MissingParam naming InstanceId, sending nothing and counting it rejected (async %s)',
    async (async) => {
      const { ecs, sent } = setUp(undefined, async);
      const error = await ecs.stopInstance({} as StopInstanceRequest).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({
        code: 'SDK.MissingParam',
        message: expect.stringContaining('InstanceId'),
      });
      expect(sent).toEqual([]);
      expect(await firstValueFrom(ecs.poolStats$)).toMatchObject({ rejected: 1, failed: 0, active: 0 });
    },
  );

  it('refuses each required parameter of every action when it alone is missing, before sending', async () => {
    const { ecs, sent } = setUp();
    const methods = ecs as unknown as Record<string, (request: object) => Promise<unknown>>;
    let refused = 0;
    for (const [action, spec] of Object.entries(ECS_ACTIONS)) {
      const required = spec.required ?? [];
      for (const name of required) {
        const request = Object.fromEntries(required.filter((n) => n !== name).map((n) => [n, ['x']]));
        const error = await methods[methodName(action)]?.(request).catch((e: unknown) => e);
        expect([action, error]).toEqual([
          action,
          expect.objectContaining({ code: 'SDK.MissingParam', message: expect.stringContaining(name) }),
        ]);
        refused++;
      }
    }
    expect(refused).toBe(13);
    expect(sent).toEqual([]);
    expect(await firstValueFrom(ecs.poolStats$)).toMatchObject({ rejected: refused });
  });

  it.each([
    ['StartInstances', { InstanceId: [] }, 'InstanceId'],
    ['TagResources', { ResourceType: 'instance', ResourceId: ['i-1'], Tag: [] }, 'Tag'],
  ] as const)(
    'refuses %s with an empty required list with SDK.MissingParam, before sending',
    async (action, request, name) => {
      const { ecs, sent } = setUp();
      const methods = ecs as unknown as Record<string, (request: object) => Promise<unknown>>;

      const error = await methods[methodName(action)]?.(request).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ClientError);
      expect(error).toMatchObject({
        code: 'SDK.MissingParam',
        message: `${action} needs the parameter ${name}: got an empty list.`,
      });
      expect(sent).toEqual([]);
    },
  );

  it('refuses a JSON-list parameter given as a string with SDK.InvalidParam', async () => {
    const { ecs, sent } = setUp();
    const request = { InstanceIds: 'i-1' as unknown as string[] };
    await expect(ecs.describeInstances(request)).rejects.toMatchObject({ code: 'SDK.InvalidParam' });
    expect(sent).toEqual([]);
  });
});
