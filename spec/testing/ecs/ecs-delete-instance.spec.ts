import { handleEcsAction } from '../../../src/testing/ecs/ecs-actions.js';
import { ecsError, firstWith, smallState } from './ecs-fixtures.js';

describe('DeleteInstance', () => {
  it('releases a Stopped instance', () => {
    const { state } = smallState();
    const { InstanceId } = firstWith(state, 'Stopped');
    expect(handleEcsAction(state, 'DeleteInstance', { InstanceId })).toEqual({});
    expect(state.getInstance(InstanceId)).toBeUndefined();
    expect(state.listInstances('cn-hangzhou')).toHaveLength(99);
    expect(ecsError(() => handleEcsAction(state, 'DeleteInstance', { InstanceId })).code).toBe(
      'InvalidInstanceId.NotFound',
    );
  });

  it('refuses a Running instance without Force and releases it with Force=true', () => {
    const { state } = smallState();
    const { InstanceId } = firstWith(state, 'Running');
    expect(ecsError(() => handleEcsAction(state, 'DeleteInstance', { InstanceId }))).toMatchObject({
      code: 'IncorrectInstanceStatus',
      status: 403,
    });
    handleEcsAction(state, 'DeleteInstance', { InstanceId, Force: 'true' });
    expect(state.getInstance(InstanceId)).toBeUndefined();
  });

  it('refuses a Stopping instance until it has stopped', () => {
    const { state, clock } = smallState();
    const { InstanceId } = firstWith(state, 'Running');
    handleEcsAction(state, 'StopInstance', { InstanceId });
    expect(ecsError(() => handleEcsAction(state, 'DeleteInstance', { InstanceId })).code).toBe(
      'IncorrectInstanceStatus',
    );
    clock.advance(2000);
    handleEcsAction(state, 'DeleteInstance', { InstanceId });
    expect(state.getInstance(InstanceId)).toBeUndefined();
  });

  it('keeps the instance with DryRun=true', () => {
    const { state } = smallState();
    const { InstanceId } = firstWith(state, 'Stopped');
    expect(
      ecsError(() => handleEcsAction(state, 'DeleteInstance', { InstanceId, DryRun: 'true' })).code,
    ).toBe('DryRunOperation');
    expect(state.getInstance(InstanceId)).toBeDefined();
  });
});
