import type { EcsApiError } from './ecs-api-error.js';
import {
  incorrectInstanceStatus,
  instanceNotFound,
  missingParameter,
  regionNotFound,
} from './ecs-api-error.js';
import type { EcsInstanceStatus, InstanceRecord } from './ecs-instance.js';
import { beginTransition } from './ecs-instance.js';
import type { EcsParams } from './ecs-params.js';
import { bool, endDryRun, oneOf, optional, repeated, required, requireRegion } from './ecs-params.js';
import type { EcsState } from './ecs-state.js';

/** A power operation: the status it needs, the one it passes through, and where it ends. */
interface PowerOperation {
  readonly from: EcsInstanceStatus;
  readonly via: EcsInstanceStatus;
  readonly to: EcsInstanceStatus;
}

/** Start: Stopped → Starting → Running. */
const START: PowerOperation = { from: 'Stopped', via: 'Starting', to: 'Running' };
/** Stop: Running → Stopping → Stopped. */
const STOP: PowerOperation = { from: 'Running', via: 'Stopping', to: 'Stopped' };
/** Reboot, simplified to one transition: Running → Starting → Running. */
const REBOOT: PowerOperation = { from: 'Running', via: 'Starting', to: 'Running' };

const STOPPED_MODES = ['KeepCharging', 'StopCharging'] as const;
type StoppedMode = (typeof STOPPED_MODES)[number];

/** The instance a single-instance action names by `InstanceId` (and `RegionId`, when given). */
function target(state: EcsState, params: EcsParams): InstanceRecord {
  const instanceId = required(params, 'InstanceId');
  const regionId = optional(params, 'RegionId');
  if (regionId !== undefined && !state.region(regionId)) throw regionNotFound(regionId);
  const record = state.record(instanceId);
  if (!record || (regionId !== undefined && record.data.RegionId !== regionId))
    throw instanceNotFound(instanceId);
  return record;
}

function check(record: InstanceRecord, op: PowerOperation): void {
  if (record.data.Status !== op.from)
    throw incorrectInstanceStatus(record.data.InstanceId, record.data.Status);
}

function apply(state: EcsState, record: InstanceRecord, op: PowerOperation, stoppedMode?: StoppedMode): void {
  beginTransition(record, op.via, op.to, state.now(), state.transitionMs);
  if (op === STOP) record.data.StoppedMode = stoppedMode ?? 'KeepCharging';
}

function single(state: EcsState, params: EcsParams, op: PowerOperation, stoppedMode?: StoppedMode) {
  const record = target(state, params);
  check(record, op);
  endDryRun(params);
  apply(state, record, op, stoppedMode);
  return {};
}

/** `StartInstance`: a Stopped instance becomes Starting, then Running after the transition time. */
export function startInstance(state: EcsState, params: EcsParams): Record<string, unknown> {
  return single(state, params, START);
}

/** `StopInstance` (`ForceStop`, `StoppedMode`): a Running instance becomes Stopping, then Stopped. */
export function stopInstance(state: EcsState, params: EcsParams): Record<string, unknown> {
  bool(params, 'ForceStop');
  return single(state, params, STOP, oneOf(params, 'StoppedMode', STOPPED_MODES, 'KeepCharging'));
}

/** `RebootInstance` (`ForceStop`): a Running instance becomes Starting, then Running again. */
export function rebootInstance(state: EcsState, params: EcsParams): Record<string, unknown> {
  bool(params, 'ForceStop');
  return single(state, params, REBOOT);
}

/** `DeleteInstance` (`Force`): releases a Stopped instance, or one in any status with `Force=true`. */
export function deleteInstance(state: EcsState, params: EcsParams): Record<string, unknown> {
  const force = bool(params, 'Force');
  bool(params, 'TerminateSubscription');
  const record = target(state, params);
  if (!force && record.data.Status !== 'Stopped')
    throw incorrectInstanceStatus(record.data.InstanceId, record.data.Status);
  endDryRun(params);
  state.remove(record.data.InstanceId);
  return {};
}

function batch(state: EcsState, params: EcsParams, op: PowerOperation, stoppedMode?: StoppedMode) {
  const region = requireRegion(state, params);
  const ids = repeated(params, 'InstanceId', 100);
  if (ids.length === 0) throw missingParameter('InstanceId.N');
  const mode = oneOf(params, 'BatchOptimization', ['AllTogether', 'SuccessFirst'] as const, 'AllTogether');
  const outcomes = ids.map((id) => {
    const record = state.record(id);
    if (!record || record.data.RegionId !== region.spec.id) return { id, error: instanceNotFound(id) };
    if (record.data.Status !== op.from)
      return { id, record, error: incorrectInstanceStatus(id, record.data.Status) };
    return { id, record };
  });
  const firstError = outcomes.find((o) => o.error)?.error;
  if (mode === 'AllTogether' && firstError) throw firstError;
  endDryRun(params);
  const responses = outcomes.map(({ id, record, error }) => {
    const previous = record?.data.Status ?? '';
    if (error) return failure(id, error, previous);
    if (record) apply(state, record, op, stoppedMode);
    return {
      InstanceId: id,
      Code: '200',
      Message: 'success',
      PreviousStatus: previous,
      CurrentStatus: op.via,
    };
  });
  return { InstanceResponses: { InstanceResponse: responses } };
}

function failure(id: string, error: EcsApiError, status: string) {
  return {
    InstanceId: id,
    Code: error.code,
    Message: error.message,
    PreviousStatus: status,
    CurrentStatus: status,
  };
}

/**
 * `StartInstances` (`RegionId`, `InstanceId.N` up to 100, `BatchOptimization`): with
 * `AllTogether` (the default) any instance that cannot start fails the whole call; with
 * `SuccessFirst` each instance reports its own `Code`.
 */
export function startInstances(state: EcsState, params: EcsParams): Record<string, unknown> {
  return batch(state, params, START);
}

/** `StopInstances`: as {@link startInstances}, for Running instances (`ForceStop`, `StoppedMode`). */
export function stopInstances(state: EcsState, params: EcsParams): Record<string, unknown> {
  bool(params, 'ForceStop');
  return batch(state, params, STOP, oneOf(params, 'StoppedMode', STOPPED_MODES, 'KeepCharging'));
}
