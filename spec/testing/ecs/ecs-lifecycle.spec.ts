import { handleEcsAction } from '../../../src/testing/ecs/ecs-actions.js';
import { ecsError, firstWith, smallState, statusOf } from './ecs-fixtures.js';

describe('instance power actions', () => {
  it('starts a Stopped instance: Starting until the transition time has passed, then Running', () => {
    const { state, clock } = smallState();
    const { InstanceId } = firstWith(state, 'Stopped');
    expect(handleEcsAction(state, 'StartInstance', { InstanceId })).toEqual({});
    expect(statusOf(state, InstanceId)).toBe('Starting');
    clock.advance(1999);
    expect(statusOf(state, InstanceId)).toBe('Starting');
    clock.advance(1);
    expect(statusOf(state, InstanceId)).toBe('Running');
    expect(state.getInstance(InstanceId)).toMatchObject({
      StoppedMode: 'Not-applicable',
      StartTime: '2025-06-01T00:00Z',
    });
  });

  it('stops a Running instance: Stopping, then Stopped in the requested StoppedMode', () => {
    const { state, clock } = smallState({ transitionMs: 500 });
    const { InstanceId } = firstWith(state, 'Running');
    handleEcsAction(state, 'StopInstance', { InstanceId, ForceStop: 'true', StoppedMode: 'StopCharging' });
    expect(statusOf(state, InstanceId)).toBe('Stopping');
    clock.advance(500);
    expect(state.getInstance(InstanceId)).toMatchObject({ Status: 'Stopped', StoppedMode: 'StopCharging' });
  });

  it('reboots a Running instance through Starting back to Running', () => {
    const { state, clock } = smallState();
    const { InstanceId } = firstWith(state, 'Running');
    handleEcsAction(state, 'RebootInstance', { InstanceId });
    expect(statusOf(state, InstanceId)).toBe('Starting');
    clock.advance(2000);
    expect(statusOf(state, InstanceId)).toBe('Running');
  });

  it('settles statuses lazily in every read, including DescribeInstances and DescribeInstanceStatus', () => {
    const { state, clock } = smallState();
    const { InstanceId } = firstWith(state, 'Stopped');
    handleEcsAction(state, 'StartInstance', { InstanceId });
    const read = () => {
      const body = handleEcsAction(state, 'DescribeInstanceStatus', {
        RegionId: 'cn-hangzhou',
        'InstanceId.1': InstanceId,
      });
      return (body['InstanceStatuses'] as { InstanceStatus: { Status: string }[] }).InstanceStatus[0]?.Status;
    };
    expect(read()).toBe('Starting');
    clock.advance(5000);
    expect(read()).toBe('Running');
  });

  it.each([
    ['StartInstance', 'Running'],
    ['StopInstance', 'Stopped'],
    ['RebootInstance', 'Stopped'],
  ])('rejects %s of a %s instance with IncorrectInstanceStatus (403)', (action, status) => {
    const { state } = smallState();
    const { InstanceId } = firstWith(state, status);
    expect(ecsError(() => handleEcsAction(state, action, { InstanceId }))).toMatchObject({
      code: 'IncorrectInstanceStatus',
      status: 403,
    });
    expect(statusOf(state, InstanceId)).toBe(status);
  });

  it('rejects a second start while Starting and a second stop while Stopping', () => {
    const { state } = smallState();
    const stopped = firstWith(state, 'Stopped').InstanceId;
    const running = firstWith(state, 'Running').InstanceId;
    handleEcsAction(state, 'StartInstance', { InstanceId: stopped });
    handleEcsAction(state, 'StopInstance', { InstanceId: running });
    expect(ecsError(() => handleEcsAction(state, 'StartInstance', { InstanceId: stopped })).code).toBe(
      'IncorrectInstanceStatus',
    );
    expect(ecsError(() => handleEcsAction(state, 'StopInstance', { InstanceId: running })).code).toBe(
      'IncorrectInstanceStatus',
    );
  });

  it('answers InvalidInstanceId.NotFound (404) for an unknown id and MissingParameter without one', () => {
    const { state } = smallState();
    expect(
      ecsError(() => handleEcsAction(state, 'StartInstance', { InstanceId: 'i-bp1nothere' })),
    ).toMatchObject({
      code: 'InvalidInstanceId.NotFound',
      status: 404,
    });
    const missing = ecsError(() => handleEcsAction(state, 'StopInstance', {}));
    expect(missing.code).toBe('MissingParameter');
    expect(missing.message).toContain('"InstanceId"');
  });

  it('does not find an instance of another region when RegionId is given', () => {
    const { state } = smallState();
    const { InstanceId } = firstWith(state, 'Stopped');
    const call = () => handleEcsAction(state, 'StartInstance', { InstanceId, RegionId: 'cn-shanghai' });
    expect(ecsError(call).code).toBe('InvalidInstanceId.NotFound');
  });

  it('checks but changes nothing with DryRun=true', () => {
    const { state } = smallState();
    const { InstanceId } = firstWith(state, 'Stopped');
    expect(ecsError(() => handleEcsAction(state, 'StartInstance', { InstanceId, DryRun: 'true' })).code).toBe(
      'DryRunOperation',
    );
    expect(statusOf(state, InstanceId)).toBe('Stopped');
    const wrong = () => handleEcsAction(state, 'StopInstance', { InstanceId, DryRun: 'true' });
    expect(ecsError(wrong).code).toBe('IncorrectInstanceStatus');
  });

  it('rejects bad ForceStop and StoppedMode values with InvalidParameter', () => {
    const { state } = smallState();
    const { InstanceId } = firstWith(state, 'Running');
    expect(
      ecsError(() => handleEcsAction(state, 'StopInstance', { InstanceId, ForceStop: 'maybe' })).message,
    ).toContain('"ForceStop"');
    expect(
      ecsError(() => handleEcsAction(state, 'StopInstance', { InstanceId, StoppedMode: 'Freeze' })).message,
    ).toContain('"StoppedMode"');
  });
});
