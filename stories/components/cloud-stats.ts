import { interval, startWith } from 'rxjs';
import type { FakeCloud } from '../../src/testing/index.js';
import { h, type Component } from '../support/dom.js';

const FIELDS = [
  ['requests', 'requests'],
  ['inFlight', 'in flight'],
  ['peakInFlight', 'peak in flight'],
  ['aborted', 'aborted'],
  ['throttled', 'throttled'],
] as const;

/**
 * What the fake cloud saw, as a strip of counters refreshed every `everyMs`: the server's side of
 * the story (requests aborted by `switchMap`, throttled attempts, peak concurrency).
 */
export function createCloudStats(cloud: FakeCloud, everyMs = 100): Component {
  const values = FIELDS.map(([key]) => h('dd', { 'data-testid': `cloud-${key}` }, '0'));
  const element = h(
    'aside',
    { class: 'cloud-stats', 'aria-label': 'Fake cloud' },
    h('strong', {}, 'Fake cloud saw'),
    h('dl', {}, ...FIELDS.flatMap(([, label], i) => [h('dt', {}, label), values[i]!])),
  );
  const subscription = interval(everyMs)
    .pipe(startWith(0))
    .subscribe(() => {
      const stats = cloud.stats;
      FIELDS.forEach(([key], i) => (values[i]!.textContent = String(stats[key])));
    });
  return { element, destroy: () => subscription.unsubscribe() };
}
