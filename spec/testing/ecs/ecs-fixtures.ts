import { EcsApiError } from '../../../src/testing/ecs/ecs-api-error.js';
import { handleEcsAction } from '../../../src/testing/ecs/ecs-actions.js';
import type { EcsInstance, EcsStateOptions } from '../../../src/testing/ecs/ecs-state.js';
import { EcsState } from '../../../src/testing/ecs/ecs-state.js';

/** A simulated clock the tests move by hand. */
export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** A clock that starts at 2025-06-01T00:00Z and moves only when told. */
export function testClock(start = Date.UTC(2025, 5, 1)): TestClock {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

/** A small state (two regions) driven by a test clock, with a 2000 ms transition time. */
export function smallState(options: EcsStateOptions = {}): { state: EcsState; clock: TestClock } {
  const clock = testClock();
  const state = new EcsState({ regions: ['cn-hangzhou', 'cn-shanghai'], now: clock.now, ...options });
  return { state, clock };
}

/** The error `run` throws; fails the test when it throws nothing or something else. */
export function ecsError(run: () => unknown): EcsApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof EcsApiError) return error;
    throw error;
  }
  throw new Error('expected an EcsApiError, but the call succeeded');
}

/** The instances of a `DescribeInstances` body. */
export function instancesOf(body: Record<string, unknown>): EcsInstance[] {
  return (body['Instances'] as { Instance: EcsInstance[] }).Instance;
}

/** Runs `DescribeInstances` in one region with extra parameters. */
export function describeInstances(state: EcsState, params: Record<string, string>, regionId = 'cn-hangzhou') {
  return handleEcsAction(state, 'DescribeInstances', { RegionId: regionId, ...params });
}

/** Every instance of a region that `DescribeInstances` returns with `params`, by token paging. */
export function listAllByToken(
  state: EcsState,
  params: Record<string, string>,
  maxResults: number,
  regionId = 'cn-hangzhou',
): EcsInstance[] {
  const out: EcsInstance[] = [];
  let token: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const body = describeInstances(
      state,
      { ...params, MaxResults: String(maxResults), ...(token ? { NextToken: token } : {}) },
      regionId,
    );
    out.push(...instancesOf(body));
    token = body['NextToken'] as string;
    if (token === '') return out;
  }
  throw new Error('token paging did not end');
}

/** The value of a tag of an instance, or undefined. */
export function tagValue(instance: EcsInstance, key: string): string | undefined {
  return instance.Tags.Tag.find((t) => t.TagKey === key)?.TagValue;
}

/** The `skip`-th instance of cn-hangzhou in `status`; fails the test when there is none. */
export function firstWith(state: EcsState, status: string, skip = 0): EcsInstance {
  const found = state.listInstances('cn-hangzhou').filter((i) => i.Status === status)[skip];
  if (!found) throw new Error(`no ${status} instance`);
  return found;
}

/** The settled status of an instance, or undefined when it is gone. */
export function statusOf(state: EcsState, instanceId: string): string | undefined {
  return state.getInstance(instanceId)?.Status;
}
