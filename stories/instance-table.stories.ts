import type { Meta, StoryObj } from '@storybook/html-vite';
import { createCloudStats } from './components/cloud-stats.js';
import { createInstanceTable } from './components/instance-table.js';
import { compose } from './support/dom.js';
import { STORY_REGIONS, createFakeEcs } from './support/fake-ecs.js';
import { mount } from './support/mount.js';

interface Args {
  region: string;
  pageSize: number;
  debounceMs: number;
  latencyMs: number;
  pollMs: number;
  transitionMs: number;
}

const meta: Meta<Args> = {
  title: 'Dashboard/InstanceTable',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'The instances of a region, listed with `paginate(ecs.describeInstances$, { MaxResults })`: rows ' +
          'appear page by page. The filter box is a `switchMap`: typing while a listing is on the wire ' +
          'unsubscribes it, which aborts its request (watch **aborted** in the fake cloud strip). Start and ' +
          'Stop call `StartInstance` / `StopInstance`, then poll `DescribeInstanceStatus` until the instance ' +
          'is `Running` or `Stopped`. Everything runs in the page: real signing, real pool, the fake cloud ' +
          'as the fetch handler.',
      },
    },
  },
  argTypes: {
    region: { control: 'select', options: STORY_REGIONS, description: 'The client’s region' },
    pageSize: { control: { type: 'range', min: 5, max: 100, step: 5 }, description: '`MaxResults` per page' },
    debounceMs: {
      control: { type: 'range', min: 0, max: 1000, step: 50 },
      description: '`debounceTime` before searching (0: every keystroke searches)',
    },
    latencyMs: { control: { type: 'range', min: 0, max: 2000, step: 50 }, description: 'Fake cloud latency' },
    pollMs: {
      control: { type: 'range', min: 100, max: 2000, step: 100 },
      description: 'Status poll interval',
    },
    transitionMs: {
      control: { type: 'range', min: 100, max: 5000, step: 100 },
      description: 'How long Starting / Stopping last on the fake cloud',
    },
  },
  args: {
    region: 'cn-hangzhou',
    pageSize: 20,
    debounceMs: 0,
    latencyMs: 250,
    pollMs: 200,
    transitionMs: 800,
  },
  render: (args, { canvasElement }) => {
    const { cloud, ecs } = createFakeEcs({
      regionId: args.region,
      poolSize: 4,
      transitionMs: args.transitionMs,
      faults: { latencyMs: args.latencyMs },
    });
    const table = createInstanceTable({ ecs, ...args });
    return mount(canvasElement, compose('stack', table, createCloudStats(cloud)));
  },
};
export default meta;

type Story = StoryObj<Args>;

/** Hangzhou's 100 instances, 20 a page, a quarter second per call. */
export const Default: Story = {};

/** A slow cloud and a debounced filter: fewer requests are sent, so fewer need cancelling. */
export const SlowCloudDebounced: Story = {
  args: { region: 'cn-shanghai', latencyMs: 900, debounceMs: 300, pageSize: 50 },
};
