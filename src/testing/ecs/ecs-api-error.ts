/**
 * An error of the ECS API, as the service reports it: a `Code` such as `InvalidParameter`, a
 * human-readable `Message` and the HTTP status it comes with. The fake cloud turns it into the
 * service's error body (`{ RequestId, HostId, Code, Message, Recommend }`).
 */
export class EcsApiError extends Error {
  /**
   * @param code the service's error code, e.g. `InvalidInstanceId.NotFound`.
   * @param message the service's message.
   * @param status the HTTP status of the error response (400 unless stated).
   */
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'EcsApiError';
  }
}

/** `MissingParameter` (400): a mandatory parameter was not supplied. */
export function missingParameter(name: string): EcsApiError {
  return new EcsApiError(
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

/** `InvalidParameter` (400): a parameter's value is not valid; `why` says what is wrong with it. */
export function invalidParameter(name: string, why?: string): EcsApiError {
  const detail = why === undefined ? '' : ` ${why}`;
  return new EcsApiError('InvalidParameter', `The specified parameter "${name}" is not valid.${detail}`);
}

/** `InvalidRegionId.NotFound` (404): the region is not one this cloud serves. */
export function regionNotFound(regionId: string): EcsApiError {
  return new EcsApiError(
    'InvalidRegionId.NotFound',
    `The specified RegionId "${regionId}" does not exist.`,
    404,
  );
}

/** `InvalidInstanceId.NotFound` (404): no instance has that id (in that region). */
export function instanceNotFound(instanceId: string): EcsApiError {
  return new EcsApiError(
    'InvalidInstanceId.NotFound',
    `The specified InstanceId "${instanceId}" does not exist.`,
    404,
  );
}

/** `IncorrectInstanceStatus` (403): the instance's current status does not allow the operation. */
export function incorrectInstanceStatus(instanceId: string, status: string): EcsApiError {
  return new EcsApiError(
    'IncorrectInstanceStatus',
    `The current status of the resource does not support this operation. (InstanceId "${instanceId}" is ${status}.)`,
    403,
  );
}

/** `DryRunOperation` (400): every check passed, and `DryRun=true` asked for nothing to be done. */
export function dryRunPassed(): EcsApiError {
  return new EcsApiError('DryRunOperation', 'Request validation has been passed with DryRun flag set.');
}

/** `InvalidAction.NotFound` (404): the product does not have that action. */
export function actionNotFound(action: string): EcsApiError {
  return new EcsApiError(
    'InvalidAction.NotFound',
    `Specified api "${action}" is not found, please check your url and method.`,
    404,
  );
}

/** `InvalidZoneId.NotFound` (404): the region has no such zone. */
export function zoneNotFound(zoneId: string): EcsApiError {
  return new EcsApiError('InvalidZoneId.NotFound', `The specified zone "${zoneId}" does not exist.`, 404);
}
