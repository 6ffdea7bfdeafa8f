import { actionNotFound } from './ecs/ecs-api-error.js';
import type { EcsState } from './ecs/ecs-state.js';

/** One fake action: the state and the decoded flat parameters in, the answer (without `RequestId`) out. */
export type ActionHandler = (
  state: EcsState,
  params: Readonly<Record<string, string>>,
) => Record<string, unknown>;

/**
 * Runs the handler `handlers` has for `action`; an action it does not have is
 * `InvalidAction.NotFound` (404), as the services answer. Shared by the fake products.
 *
 * @example
 * runAction({ DescribeVpcs: describeVpcs }, state, 'DescribeVpcs', { RegionId: 'cn-hangzhou' });
 */
export function runAction(
  handlers: Readonly<Record<string, ActionHandler>>,
  state: EcsState,
  action: string,
  params: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const handler = Object.prototype.hasOwnProperty.call(handlers, action) ? handlers[action] : undefined;
  if (!handler) throw actionNotFound(action);
  return handler(state, params);
}
