import { ECS_REFINED } from '../../../src/clients/ecs/ecs-refined.js';
import type { EcsClient } from '../../../src/clients/ecs/ecs-client.js';
import type { FakeCloud } from '../../../src/testing/fake-cloud.js';
import type { EcsInstanceStatus } from '../../../src/testing/ecs/ecs-state.js';
import { callIn, FORMS, useEcsWire, type Action, type Form, type Req, type Res } from './ecs-fixtures.js';

const TRANSITION_MS = 1000;
const REGION = 'cn-hangzhou';
const IMAGE = 'aliyun_3_x64_20G_alibase_20240528.vhd';

/** What a round trip may look at: the server's state, and a supply of unused instances. */
interface Fixture {
  cloud: FakeCloud;
  /** An instance of REGION in `status` that no other round trip of this test has used. */
  take(status: EcsInstanceStatus): string;
  status(id: string): EcsInstanceStatus | undefined;
}

/** One action's round trip: the request to send, and what must hold once the answer is back. */
interface RoundTrip<K extends Action> {
  request(fx: Fixture): Req<K>;
  check(response: Res<K>, request: Req<K>, fx: Fixture): void;
  /** The status of the named instances right after the call, and once the transition is over. */
  transition?: [EcsInstanceStatus, EcsInstanceStatus];
}

const idsOf = (request: object): string[] => {
  const r = request as { InstanceId?: string | string[]; ResourceId?: string[] };
  return [r.InstanceId ?? [], r.ResourceId ?? []].flat();
};

const expectRequestId = (response: { RequestId: string }) =>
  expect(response.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-/);

// Typed per action: an action added to EcsActions without a round trip here does not compile.
const ROUND_TRIPS: { [K in Action]: RoundTrip<K> } = {
  DescribeRegions: {
    request: () => ({}),
    check: (res) => {
      expect(res.Regions.Region.map((r) => r.RegionId)).toEqual([REGION, 'cn-shanghai']);
      expect(res.Regions.Region[0]?.RegionEndpoint).toBe(`ecs.${REGION}.aliyuncs.com`);
    },
  },
  DescribeZones: {
    request: () => ({}),
    check: (res) => {
      expect(res.Zones.Zone.length).toBeGreaterThan(0);
      for (const zone of res.Zones.Zone) expect(zone.ZoneId.startsWith(`${REGION}-`)).toBe(true);
    },
  },
  DescribeInstances: {
    request: () => ({ MaxResults: 5 }),
    check: (res, _req, fx) => {
      expect(res.Instances.Instance).toHaveLength(5);
      expect(res.Instances.Instance[0]?.InstanceId.startsWith('i-')).toBe(true);
      expect(res.Instances.Instance.every((i) => i.RegionId === REGION)).toBe(true);
      expect(res.TotalCount).toBe(fx.cloud.state.listInstances(REGION).length);
      expect(res.NextToken).toEqual(expect.any(String));
    },
  },
  DescribeInstanceStatus: {
    request: () => ({ PageSize: 3 }),
    check: (res, _req, fx) => {
      expect(res).toMatchObject({ PageNumber: 1, PageSize: 3 });
      expect(res.InstanceStatuses.InstanceStatus).toHaveLength(3);
      for (const s of res.InstanceStatuses.InstanceStatus) expect(fx.status(s.InstanceId)).toBe(s.Status);
    },
  },
  StartInstance: {
    request: (fx) => ({ InstanceId: fx.take('Stopped') }),
    check: expectRequestId,
    transition: ['Starting', 'Running'],
  },
  StartInstances: {
    request: (fx) => ({ InstanceId: [fx.take('Stopped'), fx.take('Stopped')] }),
    check: (res, req) => {
      const answers = res.InstanceResponses.InstanceResponse;
      expect(answers.map((a) => a.InstanceId)).toEqual(req.InstanceId);
      expect(answers.every((a) => a.Code === '200' && a.PreviousStatus === 'Stopped')).toBe(true);
    },
    transition: ['Starting', 'Running'],
  },
  StopInstance: {
    request: (fx) => ({ InstanceId: fx.take('Running'), StoppedMode: 'StopCharging' }),
    check: (res, req, fx) => {
      expectRequestId(res);
      expect(fx.cloud.state.getInstance(req.InstanceId)?.StoppedMode).toBe('StopCharging');
    },
    transition: ['Stopping', 'Stopped'],
  },
  StopInstances: {
    request: (fx) => ({ InstanceId: [fx.take('Running'), fx.take('Running')], ForceStop: true }),
    check: (res, req) => {
      const answers = res.InstanceResponses.InstanceResponse;
      expect(answers.map((a) => [a.InstanceId, a.CurrentStatus])).toEqual(
        req.InstanceId.map((id) => [id, 'Stopping']),
      );
    },
    transition: ['Stopping', 'Stopped'],
  },
  RebootInstance: {
    request: (fx) => ({ InstanceId: fx.take('Running') }),
    check: expectRequestId,
    transition: ['Starting', 'Running'],
  },
  DeleteInstance: {
    request: (fx) => ({ InstanceId: fx.take('Stopped') }),
    check: (res, req, fx) => {
      expectRequestId(res);
      expect(fx.cloud.state.getInstance(req.InstanceId)).toBeUndefined();
    },
  },
  RunInstances: {
    request: () => ({ InstanceType: 'ecs.g7.large', ImageId: IMAGE, Amount: 2, InstanceName: 'rx-run' }),
    check: (res, _req, fx) => {
      const ids = res.InstanceIdSets.InstanceIdSet;
      expect(ids).toHaveLength(2);
      for (const id of ids) {
        expect(id.startsWith('i-')).toBe(true);
        expect(fx.cloud.state.getInstance(id)).toMatchObject({ RegionId: REGION, Status: 'Pending' });
      }
    },
  },
  TagResources: {
    request: (fx) => ({
      ResourceType: 'instance',
      ResourceId: [fx.take('Running')],
      Tag: [{ Key: 'team', Value: 'rx' }],
    }),
    check: (_res, req, fx) => {
      const tags = fx.cloud.state.getInstance(req.ResourceId[0] ?? '')?.Tags.Tag;
      expect(tags).toContainEqual({ TagKey: 'team', TagValue: 'rx' });
    },
  },
  UntagResources: {
    request: (fx) => {
      const id = fx.take('Running');
      fx.cloud.state.record(id)?.data.Tags.Tag.push({ TagKey: 'drop-me', TagValue: 'x' });
      return { ResourceType: 'instance', ResourceId: [id], TagKey: ['drop-me'] };
    },
    check: (_res, req, fx) => {
      const keys = fx.cloud.state.getInstance(req.ResourceId[0] ?? '')?.Tags.Tag.map((t) => t.TagKey);
      expect(keys).not.toContain('drop-me');
    },
  },
};

const ACTIONS = Object.keys(ECS_REFINED) as Action[];

describe('EcsClient round trips against the fake cloud over loopback HTTP', () => {
  const wire = useEcsWire({ regions: [REGION, 'cn-shanghai'], transitionMs: TRANSITION_MS });

  function fixture(): Fixture {
    const cloud = wire.server.cloud;
    const used = new Set<string>();
    return {
      cloud,
      take(status) {
        const found = cloud.state
          .listInstances(REGION)
          .find((i) => i.Status === status && !used.has(i.InstanceId));
        if (!found) throw new Error(`no unused ${status} instance left in ${REGION}`);
        used.add(found.InstanceId);
        return found.InstanceId;
      },
      status: (id) => cloud.state.getInstance(id)?.Status,
    };
  }

  async function roundTrip<K extends Action>(
    ecs: EcsClient,
    form: Form,
    action: K,
    fx: Fixture,
  ): Promise<void> {
    const trip = ROUND_TRIPS[action];
    const request = trip.request(fx);
    const response = await callIn(ecs, form, action, request);
    expect(response.RequestId).toEqual(expect.any(String));
    trip.check(response, request, fx);
    if (trip.transition) {
      const [during, after] = trip.transition;
      for (const id of idsOf(request)) expect(fx.status(id)).toBe(during);
      wire.clock.advance(TRANSITION_MS);
      for (const id of idsOf(request)) expect(fx.status(id)).toBe(after);
    }
  }

  it('has a round trip for every action of the ECS_ACTIONS table, and a table row for every round trip', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(ROUND_TRIPS).sort());
    expect(ACTIONS).toHaveLength(13);
  });

  it.each(FORMS)(
    'round-trips every action in the %s form with real signing, each answered OK',
    async (form) => {
      const ecs = wire.client((c) => c.withEnableAsync(true));
      const fx = fixture();
      for (const action of ACTIONS) await roundTrip(ecs, form, action, fx);

      const byAction = wire.server.cloud.stats.byAction;
      for (const action of ACTIONS) expect([action, byAction[action]]).toEqual([action, { OK: 1 }]);
      expect(wire.server.cloud.stats.requests).toBe(ACTIONS.length);
    },
  );
});
