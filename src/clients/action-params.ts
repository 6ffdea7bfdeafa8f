import type { RpcParams } from '../call/rpc-params.js';
import { ClientError, invalidParam } from '../errors/client-error.js';
import type { RpcClient } from './rpc-client.js';
import type { ActionSpec } from './service-client.js';

/** Turns a typed request into RPC parameters as the action's row says. Throws `ClientError`. */
export function actionParams(
  client: RpcClient,
  action: string,
  spec: ActionSpec,
  request: object,
): RpcParams {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw invalidParam('request', request, `an object of ${action} parameters`);
  }
  const params: Record<string, unknown> = { ...request };
  if (spec.regionId && params.RegionId === undefined) params.RegionId = client.regionId;
  if (spec.clientToken && (params.ClientToken === undefined || params.ClientToken === '')) {
    params.ClientToken = globalThis.crypto.randomUUID();
  }
  for (const name of spec.required ?? []) {
    const value = params[name];
    if (value === undefined || value === null || value === '') {
      throw new ClientError('SDK.MissingParam', `${action} needs the parameter ${name}.`);
    }
    if (Array.isArray(value) && value.length === 0) {
      throw new ClientError('SDK.MissingParam', `${action} needs the parameter ${name}: got an empty list.`);
    }
  }
  for (const name of spec.json ?? []) {
    const value = params[name];
    if (value === undefined) continue;
    if (!Array.isArray(value)) throw invalidParam(name, value, 'an array of strings');
    params[name] = JSON.stringify(value);
  }
  return params as RpcParams;
}
