import type { Meta, StoryObj } from '@storybook/html-vite';
import { createGoStyleAsync } from './components/go-style-async.js';
import { createFakeEcs } from './support/fake-ecs.js';
import { mount } from './support/mount.js';

interface Args {
  enableAsync: boolean;
  poolSize: number;
  latencyMs: number;
  errorRate: number;
}

const meta: Meta<Args> = {
  title: 'Dashboard/GoStyleAsync',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'For users coming from the Go SDK: `describeRegionsWithChan` and `describeRegionsWithCallback` ' +
          'next to `describeRegions$`. As in Go, the two async forms need `withEnableAsync(true)`: with ' +
          'async off they report `SDK.AsyncFunctionNotEnabled` (the error promise, or the callback with a ' +
          'blocker of 0), while the Observable runs directly. Raise `errorRate` (retries off) to see how ' +
          'each form reports a server error.',
      },
    },
  },
  argTypes: {
    enableAsync: { control: 'boolean', description: '`withEnableAsync`' },
    poolSize: { control: { type: 'range', min: 1, max: 20 }, description: '`withGoRoutinePoolSize`' },
    latencyMs: { control: { type: 'range', min: 0, max: 2000, step: 50 }, description: 'Fake cloud latency' },
    errorRate: {
      control: { type: 'range', min: 0, max: 1, step: 0.1 },
      description: 'Fraction of calls the cloud answers with 503 ServiceUnavailable',
    },
  },
  args: { enableAsync: true, poolSize: 5, latencyMs: 150, errorRate: 0 },
  render: (args, { canvasElement }) => {
    const { ecs } = createFakeEcs({
      enableAsync: args.enableAsync,
      poolSize: args.poolSize,
      maxRetries: args.errorRate > 0 ? 0 : 3,
      faults: { latencyMs: args.latencyMs, errorRate: args.errorRate },
    });
    return mount(canvasElement, createGoStyleAsync({ ecs }));
  },
};
export default meta;

type Story = StoryObj<Args>;

/** `withEnableAsync(true)`: all three forms answer. */
export const AsyncEnabled: Story = {};

/** The default config: the Observable answers, the Go forms report `SDK.AsyncFunctionNotEnabled`. */
export const AsyncDisabled: Story = { args: { enableAsync: false } };

/** Every call fails with 503 and retries are off: how each form reports the error. */
export const ServerErrors: Story = { args: { errorRate: 1 } };
