import type { EcsResponse, InstanceStatus, RegionScoped } from './common.js';

/** `StartInstance` request. */
export interface StartInstanceRequest {
  InstanceId: string;
  DryRun?: boolean;
}

/** `StopInstance` request. */
export interface StopInstanceRequest {
  InstanceId: string;
  ForceStop?: boolean;
  StoppedMode?: 'StopCharging' | 'KeepCharging';
  DryRun?: boolean;
}

/** `RebootInstance` request. */
export interface RebootInstanceRequest {
  InstanceId: string;
  ForceStop?: boolean;
  DryRun?: boolean;
}

/** `DeleteInstance` request. */
export interface DeleteInstanceRequest {
  InstanceId: string;
  Force?: boolean;
  DryRun?: boolean;
}

/** `StartInstances` / `StopInstances` request (`InstanceId.N` on the wire, up to 100). */
export interface StartInstancesRequest extends RegionScoped {
  InstanceId: string[];
  BatchOptimization?: 'AllTogether' | 'SuccessFirst';
  DryRun?: boolean;
}

/** `StopInstances` request. */
export interface StopInstancesRequest extends StartInstancesRequest {
  ForceStop?: boolean;
  StoppedMode?: 'StopCharging' | 'KeepCharging';
}

/** `StartInstances` / `StopInstances` response: one entry per instance. */
export interface BatchInstancesResponse extends EcsResponse {
  InstanceResponses: {
    InstanceResponse: {
      InstanceId: string;
      Code: string;
      Message: string;
      PreviousStatus: InstanceStatus;
      CurrentStatus: InstanceStatus;
    }[];
  };
}
