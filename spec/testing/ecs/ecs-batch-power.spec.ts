import { handleEcsAction } from '../../../src/testing/ecs/ecs-actions.js';
import { ecsError, firstWith, smallState, statusOf } from './ecs-fixtures.js';

describe('StartInstances and StopInstances', () => {
  type Responses = { InstanceResponses: { InstanceResponse: Record<string, string>[] } };

  it('starts several Stopped instances and reports each one', () => {
    const { state, clock } = smallState();
    const a = firstWith(state, 'Stopped').InstanceId;
    const b = firstWith(state, 'Stopped', 1).InstanceId;
    const body = handleEcsAction(state, 'StartInstances', {
      RegionId: 'cn-hangzhou',
      'InstanceId.1': a,
      'InstanceId.2': b,
    }) as unknown as Responses;
    expect(body.InstanceResponses.InstanceResponse).toEqual([
      {
        InstanceId: a,
        Code: '200',
        Message: 'success',
        PreviousStatus: 'Stopped',
        CurrentStatus: 'Starting',
      },
      {
        InstanceId: b,
        Code: '200',
        Message: 'success',
        PreviousStatus: 'Stopped',
        CurrentStatus: 'Starting',
      },
    ]);
    clock.advance(2000);
    expect([statusOf(state, a), statusOf(state, b)]).toEqual(['Running', 'Running']);
  });

  it('orders the responses by N of InstanceId.N', () => {
    const { state } = smallState();
    const a = firstWith(state, 'Running').InstanceId;
    const b = firstWith(state, 'Running', 1).InstanceId;
    const body = handleEcsAction(state, 'StopInstances', {
      RegionId: 'cn-hangzhou',
      'InstanceId.2': a,
      'InstanceId.1': b,
      StoppedMode: 'KeepCharging',
    }) as unknown as Responses;
    expect(body.InstanceResponses.InstanceResponse.map((r) => r.InstanceId)).toEqual([b, a]);
    expect(statusOf(state, a)).toBe('Stopping');
  });

  it('fails the whole AllTogether batch when one instance is in the wrong status', () => {
    const { state } = smallState();
    const running = firstWith(state, 'Running').InstanceId;
    const stopped = firstWith(state, 'Stopped').InstanceId;
    const call = () =>
      handleEcsAction(state, 'StopInstances', {
        RegionId: 'cn-hangzhou',
        'InstanceId.1': running,
        'InstanceId.2': stopped,
      });
    expect(ecsError(call)).toMatchObject({ code: 'IncorrectInstanceStatus', status: 403 });
    expect(statusOf(state, running)).toBe('Running');
  });

  it('reports each instance on its own with BatchOptimization=SuccessFirst', () => {
    const { state } = smallState();
    const running = firstWith(state, 'Running').InstanceId;
    const stopped = firstWith(state, 'Stopped').InstanceId;
    const body = handleEcsAction(state, 'StopInstances', {
      RegionId: 'cn-hangzhou',
      BatchOptimization: 'SuccessFirst',
      'InstanceId.1': running,
      'InstanceId.2': stopped,
      'InstanceId.3': 'i-bp1nothere',
    }) as unknown as Responses;
    expect(body.InstanceResponses.InstanceResponse).toEqual([
      {
        InstanceId: running,
        Code: '200',
        Message: 'success',
        PreviousStatus: 'Running',
        CurrentStatus: 'Stopping',
      },
      expect.objectContaining({
        InstanceId: stopped,
        Code: 'IncorrectInstanceStatus',
        CurrentStatus: 'Stopped',
      }),
      expect.objectContaining({ InstanceId: 'i-bp1nothere', Code: 'InvalidInstanceId.NotFound' }),
    ]);
    expect(statusOf(state, running)).toBe('Stopping');
  });

  it('does not find instances of another region', () => {
    const { state } = smallState();
    const id = firstWith(state, 'Stopped').InstanceId;
    const call = () =>
      handleEcsAction(state, 'StartInstances', { RegionId: 'cn-shanghai', 'InstanceId.1': id });
    expect(ecsError(call)).toMatchObject({ code: 'InvalidInstanceId.NotFound', status: 404 });
  });

  it.each([
    ['MissingParameter', 'RegionId', { 'InstanceId.1': 'i-x' }],
    ['MissingParameter', 'InstanceId.N', { RegionId: 'cn-hangzhou' }],
    ['InvalidParameter', 'InstanceId.N', { RegionId: 'cn-hangzhou', 'InstanceId.101': 'i-x' }],
    [
      'InvalidParameter',
      'InstanceId.N',
      { RegionId: 'cn-hangzhou', 'InstanceId.1': 'i-x', 'InstanceId.2': 'i-x' },
    ],
    [
      'InvalidParameter',
      'BatchOptimization',
      { RegionId: 'cn-hangzhou', 'InstanceId.1': 'i-x', BatchOptimization: 'Some' },
    ],
  ])('answers %s naming %s', (code, name, params) => {
    const { state } = smallState();
    const error = ecsError(() => handleEcsAction(state, 'StartInstances', params));
    expect(error.code).toBe(code);
    expect(error.message).toContain(`"${name}"`);
  });

  it('checks but changes nothing with DryRun=true', () => {
    const { state } = smallState();
    const id = firstWith(state, 'Stopped').InstanceId;
    const call = () =>
      handleEcsAction(state, 'StartInstances', {
        RegionId: 'cn-hangzhou',
        'InstanceId.1': id,
        DryRun: 'true',
      });
    expect(ecsError(call).code).toBe('DryRunOperation');
    expect(statusOf(state, id)).toBe('Stopped');
  });
});
