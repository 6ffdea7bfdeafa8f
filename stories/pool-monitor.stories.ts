import type { Meta, StoryObj } from '@storybook/html-vite';
import { createCloudStats } from './components/cloud-stats.js';
import { createPoolMonitor } from './components/pool-monitor.js';
import { compose } from './support/dom.js';
import { createFakeEcs } from './support/fake-ecs.js';
import { mount } from './support/mount.js';

interface Args {
  poolSize: number;
  queueSize: number;
  latencyMs: number;
  burstSize: number;
}

const meta: Meta<Args> = {
  title: 'Dashboard/PoolMonitor',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'A live gauge of `client.poolStats$`: at most `poolSize` calls in flight (the slots), at most ' +
          '`maxTaskQueueSize` waiting (the bar), and the counters. **Fire burst** subscribes `burstSize` ' +
          'calls at once: those beyond `poolSize + queueSize` fail at once with `QueueFullError` ' +
          '(`rejected`), the rest drain through the pool. The inputs change the running pool with ' +
          '`ecs.enableAsync(poolSize, queueSize)` and the cloud’s latency; **Cancel burst** unsubscribes ' +
          'what is left (`cancelled`).',
      },
    },
  },
  argTypes: {
    poolSize: { control: { type: 'range', min: 1, max: 32 }, description: '`withPoolSize`: calls in flight' },
    queueSize: { control: { type: 'range', min: 0, max: 200 }, description: '`withMaxTaskQueueSize`' },
    latencyMs: { control: { type: 'range', min: 0, max: 3000, step: 50 }, description: 'Fake cloud latency' },
    burstSize: { control: { type: 'range', min: 1, max: 500 }, description: 'Calls fired by one burst' },
  },
  args: { poolSize: 4, queueSize: 12, latencyMs: 400, burstSize: 30 },
  render: (args, { canvasElement }) => {
    const { cloud, ecs } = createFakeEcs({
      poolSize: args.poolSize,
      queueSize: args.queueSize,
      faults: { latencyMs: args.latencyMs },
    });
    const setLatency = (ms: number) => (cloud.faults = { ...cloud.faults, latencyMs: ms });
    const monitor = createPoolMonitor({ ecs, setLatency, ...args });
    return mount(canvasElement, compose('stack', monitor, createCloudStats(cloud)));
  },
};
export default meta;

/** Pool 4, queue 12, a burst of 30: 16 admitted, 14 rejected. */
export const Default: StoryObj<Args> = {};
