import type { Meta, StoryObj } from '@storybook/html-vite';
import { createCloudStats } from './components/cloud-stats.js';
import { createThrottlingStorm } from './components/throttling-storm.js';
import { AttemptRecorder } from './support/attempt-recorder.js';
import { compose } from './support/dom.js';
import { createFakeEcs } from './support/fake-ecs.js';
import { mount } from './support/mount.js';

interface Args {
  calls: number;
  throttleQps: number;
  maxRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  latencyMs: number;
}

const meta: Meta<Args> = {
  title: 'Dashboard/ThrottlingStorm',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'A storm of `DescribeInstanceStatus` calls, all at once, against a fake cloud that allows ' +
          '`throttleQps` calls a second. The cloud answers the excess with `Throttling.User` and an ' +
          '`x-acs-retry-after` header; the client retries each call (fresh signature every attempt) after ' +
          'that delay plus full jitter, up to `withMaxRetryTime` times. One row per call, one bar per ' +
          'attempt, dotted gaps for the backoff; the summary counts the final successes.',
      },
    },
  },
  argTypes: {
    calls: { control: { type: 'range', min: 1, max: 50 }, description: 'Calls fired at once' },
    throttleQps: { control: { type: 'range', min: 1, max: 50 }, description: 'Fake cloud QPS limit' },
    maxRetries: { control: { type: 'range', min: 0, max: 15 }, description: '`withMaxRetryTime`' },
    backoffBaseMs: { control: { type: 'range', min: 10, max: 2000, step: 10 }, description: 'Backoff base' },
    backoffMaxMs: { control: { type: 'range', min: 100, max: 10000, step: 100 }, description: 'Backoff cap' },
    latencyMs: { control: { type: 'range', min: 0, max: 1000, step: 10 }, description: 'Fake cloud latency' },
  },
  args: { calls: 16, throttleQps: 5, maxRetries: 8, backoffBaseMs: 100, backoffMaxMs: 1600, latencyMs: 60 },
  render: (args, { canvasElement }) => {
    const recorder = new AttemptRecorder((url) => url.searchParams.get('InstanceId.1') ?? undefined);
    const { cloud, ecs } = createFakeEcs({
      poolSize: args.calls,
      maxRetries: args.maxRetries,
      backoff: [args.backoffBaseMs, args.backoffMaxMs],
      faults: { throttleQps: args.throttleQps, latencyMs: args.latencyMs },
      wrapFetch: (fetch) => recorder.wrap(fetch),
    });
    const storm = createThrottlingStorm({ ecs, calls: args.calls, recorder });
    return mount(canvasElement, compose('stack', storm, createCloudStats(cloud)));
  },
};
export default meta;

/** 16 calls at once against 5 calls a second. */
export const Default: StoryObj<Args> = {};
