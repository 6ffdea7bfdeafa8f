import { EcsApiError } from '../../../src/testing/ecs/ecs-api-error.js';
import { ECS_ACTIONS, ECS_VERSION, handleEcsAction } from '../../../src/testing/ecs/ecs-actions.js';
import { ecsError, smallState } from './ecs-fixtures.js';

describe('handleEcsAction', () => {
  const { state } = smallState({ instancesPerRegion: 5 });

  it('speaks ECS version 2014-05-26', () => {
    expect(ECS_VERSION).toBe('2014-05-26');
  });

  it('implements the documented actions', () => {
    expect([...ECS_ACTIONS].sort()).toEqual(
      [
        'DeleteInstance',
        'DescribeInstanceStatus',
        'DescribeInstances',
        'DescribeRegions',
        'DescribeZones',
        'RebootInstance',
        'RunInstances',
        'StartInstance',
        'StartInstances',
        'StopInstance',
        'StopInstances',
        'TagResources',
        'UntagResources',
      ].sort(),
    );
  });

  it.each(['DescribeSomething', 'toString', '__proto__', 'describeinstances', ''])(
    'answers InvalidAction.NotFound (404) naming the unknown action "%s"',
    (action) => {
      const error = ecsError(() => handleEcsAction(state, action, { RegionId: 'cn-hangzhou' }));
      expect(error).toMatchObject({ code: 'InvalidAction.NotFound', status: 404 });
      expect(error.message).toContain(`"${action}"`);
    },
  );

  it('never puts RequestId in a body', () => {
    for (const action of ['DescribeRegions', 'DescribeZones', 'DescribeInstances', 'DescribeInstanceStatus'])
      expect(handleEcsAction(state, action, { RegionId: 'cn-hangzhou' })).not.toHaveProperty('RequestId');
  });

  it('throws EcsApiError, an Error with code, message and status (400 by default)', () => {
    const error = new EcsApiError('InvalidParameter', 'bad');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'EcsApiError',
      code: 'InvalidParameter',
      message: 'bad',
      status: 400,
    });
    expect(new EcsApiError('Forbidden', 'no', 403).status).toBe(403);
  });
});
