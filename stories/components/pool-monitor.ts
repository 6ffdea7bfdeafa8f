import { Subscription, auditTime, interval, tap } from 'rxjs';
import type { EcsClient, PoolStats } from '../../src/index.js';
import { describeError, h, numberField, type Component } from '../support/dom.js';

export interface PoolMonitorProps {
  ecs: EcsClient;
  poolSize: number;
  queueSize: number;
  latencyMs: number;
  burstSize: number;
  /** Changes the latency of the (fake) cloud. */
  setLatency: (ms: number) => void;
}

const COUNTERS = ['active', 'queued', 'completed', 'rejected', 'failed', 'cancelled', 'retries'] as const;
const HISTORY = 120; // samples of the chart, one every 100 ms

/**
 * A live gauge of `client.poolStats$`: one slot per pool worker, the queue's fill, the counters
 * and a chart of the last 12 s. The controls change the limits of the running pool
 * (`enableAsync(poolSize, queueSize)`) and the cloud's latency; a burst bigger than
 * `poolSize + queueSize` is rejected at once with `QueueFullError`.
 */
export function createPoolMonitor(props: PoolMonitorProps): Component {
  const { ecs } = props;
  const subscriptions = new Subscription();
  let burst = new Subscription();
  let peakActive = 0;
  let latest: PoolStats | undefined;
  const history = Array.from({ length: HISTORY }, () => ({ active: 0, queued: 0 }));

  const poolInput = numberField('Pool size', props.poolSize, 1, 64);
  const queueInput = numberField('Queue size', props.queueSize, 0, 1000);
  const latencyInput = numberField('Latency (ms)', props.latencyMs, 0, 5000);
  const burstInput = numberField('Burst size', props.burstSize, 1, 1000);
  const fire = h('button', { type: 'button' }, 'Fire burst');
  const cancel = h('button', { type: 'button' }, 'Cancel burst');
  const slots = h('div', { class: 'slots', 'aria-label': 'Pool slots' });
  const queueFill = h('div', { class: 'fill' });
  const queueLabel = h('span', { class: 'caption' });
  const values = COUNTERS.map((name) => h('dd', { 'data-testid': `pool-${name}` }, '0'));
  const peak = h('dd', { 'data-testid': 'pool-peak-active' }, '0');
  const chart = h('div', { class: 'chart', 'aria-label': 'Active and queued over time' });
  const message = h('p', { class: 'message', role: 'alert' });
  const label = (text: string, input: HTMLInputElement) => h('label', {}, text, input);

  const element = h(
    'section',
    { class: 'widget pool-monitor' },
    h('header', {}, h('h3', {}, 'Pool monitor'), h('span', { class: 'caption' }, 'client.poolStats$')),
    h(
      'div',
      { class: 'controls' },
      label('Pool size', poolInput),
      label('Queue size', queueInput),
      label('Latency (ms)', latencyInput),
      label('Burst size', burstInput),
      fire,
      cancel,
    ),
    h('h4', {}, 'In flight'),
    slots,
    h('h4', {}, 'Queue ', queueLabel),
    h('div', { class: 'bar' }, queueFill),
    h(
      'dl',
      { class: 'counters' },
      ...COUNTERS.flatMap((name, i) => [h('dt', {}, name), values[i]!]),
      h('dt', {}, 'peak active'),
      peak,
    ),
    chart,
    message,
  );

  function render(stats: PoolStats): void {
    slots.replaceChildren(
      ...Array.from({ length: stats.poolSize }, (_, i) => h('span', { class: i < stats.active ? 'on' : '' })),
    );
    const max = stats.maxTaskQueueSize;
    queueFill.style.width = `${max === 0 ? 0 : Math.min(100, (100 * stats.queued) / max)}%`;
    queueLabel.textContent = `${stats.queued} / ${max} waiting`;
    COUNTERS.forEach((name, i) => (values[i]!.textContent = String(stats[name])));
    peak.textContent = String(peakActive);
  }

  function renderChart(): void {
    if (!latest) return;
    history.push({ active: latest.active, queued: latest.queued });
    if (history.length > HISTORY) history.shift();
    const top = Math.max(1, latest.poolSize, ...history.map((s) => Math.max(s.active, s.queued)));
    const line = (key: 'active' | 'queued') =>
      history.map((s, i) => `${(i / (HISTORY - 1)) * 100},${40 - (s[key] / top) * 38}`).join(' ');
    chart.innerHTML =
      `<svg viewBox="0 0 100 40" preserveAspectRatio="none">` +
      `<polyline class="queued" points="${line('queued')}"/><polyline class="active" points="${line('active')}"/></svg>` +
      `<span class="legend"><b class="active">active</b> <b class="queued">queued</b> (last 12 s)</span>`;
  }

  // Every call of the burst is one subscription; rejected ones error at once with QueueFullError.
  fire.addEventListener('click', () => {
    message.textContent = '';
    for (let i = 0; i < Number(burstInput.value); i++) {
      burst.add(
        ecs.describeInstances$({ MaxResults: 10 }).subscribe({
          error: (error: unknown) => (message.textContent ||= describeError(error)),
        }),
      );
    }
  });
  cancel.addEventListener('click', () => {
    burst.unsubscribe(); // queued calls leave the queue, in-flight ones are aborted
    burst = new Subscription();
  });
  const valid = (...inputs: HTMLInputElement[]) => inputs.every((i) => i.value !== '' && i.checkValidity());
  const applyLimits = () => {
    if (!valid(poolInput, queueInput)) return;
    try {
      ecs.enableAsync(Number(poolInput.value), Number(queueInput.value)); // the running pool, live
    } catch (error) {
      message.textContent = describeError(error);
    }
  };
  poolInput.addEventListener('input', applyLimits);
  queueInput.addEventListener('input', applyLimits);
  latencyInput.addEventListener(
    'input',
    () => valid(latencyInput) && props.setLatency(Number(latencyInput.value)),
  );

  subscriptions.add(
    ecs.poolStats$
      .pipe(
        tap((stats) => ((latest = stats), (peakActive = Math.max(peakActive, stats.active)))),
        auditTime(50), // render at most 20 times a second; the peak is taken from every value
      )
      .subscribe(render),
  );
  subscriptions.add(interval(100).subscribe(renderChart));

  return {
    element,
    destroy: () => {
      burst.unsubscribe();
      subscriptions.unsubscribe();
    },
  };
}
