// The fake ECS service: state and action handlers, pure and browser-safe.
export { EcsApiError } from './ecs-api-error.js';
export { ECS_ACTIONS, ECS_VERSION, handleEcsAction } from './ecs-actions.js';
export { EcsState } from './ecs-state.js';
export type { EcsInstance, EcsInstanceStatus, EcsStateOptions, EcsTag } from './ecs-state.js';
