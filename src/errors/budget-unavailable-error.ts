import { SdkError } from './sdk-error.js';

/**
 * The call's budget could not be consulted (its Redis is unreachable or failed): the call fails
 * with this, nothing sent, within the budget's connect timeout. The budget recovers by itself
 * when Redis is back. A budget made with `failOpen: true` falls back to its local limits instead.
 *
 * @example
 * try { await ecs.describeRegions({}); } catch (e) { if (e instanceof BudgetUnavailableError) retryLater(); }
 */
export class BudgetUnavailableError extends SdkError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('SDK.BudgetUnavailable', message, options);
    this.name = 'BudgetUnavailableError';
  }
}
