import { runAction, type ActionHandler } from '../action-handlers.js';
import { describeInstanceStatus, describeRegions, describeZones } from './ecs-describe.js';
import { describeInstances } from './ecs-describe-instances.js';
import {
  deleteInstance,
  rebootInstance,
  startInstance,
  startInstances,
  stopInstance,
  stopInstances,
} from './ecs-lifecycle.js';
import { runInstances } from './ecs-run-instances.js';
import type { EcsState } from './ecs-state.js';
import { tagResources, untagResources } from './ecs-tags.js';

/** The ECS API version the fake cloud speaks. */
export const ECS_VERSION = '2014-05-26';

const HANDLERS: Readonly<Record<string, ActionHandler>> = {
  DescribeRegions: (state) => describeRegions(state),
  DescribeZones: describeZones,
  DescribeInstances: describeInstances,
  DescribeInstanceStatus: describeInstanceStatus,
  StartInstance: startInstance,
  StopInstance: stopInstance,
  RebootInstance: rebootInstance,
  StartInstances: startInstances,
  StopInstances: stopInstances,
  DeleteInstance: deleteInstance,
  RunInstances: runInstances,
  TagResources: tagResources,
  UntagResources: untagResources,
};

/** The ECS actions {@link handleEcsAction} implements. */
export const ECS_ACTIONS: readonly string[] = Object.keys(HANDLERS);

/**
 * Runs one ECS action against the state and returns the response body without `RequestId`
 * (the caller adds it). `params` are the decoded flat RPC parameters as sent on the wire.
 * @throws EcsApiError for every API error, e.g. `InvalidAction.NotFound` (404) for an unknown action.
 */
export function handleEcsAction(
  state: EcsState,
  action: string,
  params: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return runAction(HANDLERS, state, action, params);
}
