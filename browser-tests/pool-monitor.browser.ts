import type { Page } from 'playwright-core';
import { assert, eventually, numberIn, seeText, type BrowserTest } from './support.js';

const counter = (page: Page, name: string) => numberIn(page.getByTestId(`pool-${name}`));

/**
 * Starts watching the gauge in the page (every 10 ms, as a person would) until `completed`
 * reaches `until`; the function returned waits for that and gives the highest `active` and
 * `queued` the gauge showed. (A string, so that no helper
 * the TypeScript transform adds to functions ends up in the page.)
 */
async function watchGauge(
  page: Page,
  until: number,
): Promise<() => Promise<{ active: number; queued: number }>> {
  await page.evaluate(`window.__gauge = new Promise((resolve, reject) => {
    const read = (name) => Number(document.querySelector('[data-testid="pool-' + name + '"]').textContent);
    const seen = { active: 0, queued: 0 };
    let samples = 0;
    const timer = setInterval(() => {
      seen.active = Math.max(seen.active, read('active'));
      seen.queued = Math.max(seen.queued, read('queued'));
      if (read('completed') >= ${until}) { clearInterval(timer); resolve(seen); }
      if (++samples > 2000) { clearInterval(timer); reject(new Error('the burst never drained')); }
    }, 10);
  })`);
  return async () => (await page.evaluate('window.__gauge')) as { active: number; queued: number };
}

export const tests: BrowserTest[] = [
  {
    id: 'dashboard-poolmonitor--default',
    name: 'PoolMonitor: a burst beyond the queue is rejected at once, active never exceeds poolSize',
    async run({ page, screenshot }) {
      const slots = page.getByLabel('Pool slots').locator('span');
      await eventually(async () => assert((await slots.count()) === 4, 'four slots for poolSize 4'));
      assert((await counter(page, 'completed')) === 0, 'nothing ran yet');

      // Pool 4 + queue 12 admit 16 of a burst of 30; 14 are refused at once.
      await page.getByRole('button', { name: 'Fire burst' }).click();
      const watching = await watchGauge(page, 16);
      await eventually(async () => assert((await counter(page, 'rejected')) === 14, 'rejected 14'), 1000);
      await seeText(page.getByRole('alert'), /SDK\.AsyncTaskQueueFull/);
      const seen = await watching();
      assert(seen.active === 4, `the gauge showed at most ${seen.active} active (poolSize 4)`);
      assert(seen.queued === 12, `the queue filled to ${seen.queued} of 12`);
      await eventually(async () => {
        assert((await counter(page, 'completed')) === 16, 'the 16 admitted calls completed');
        assert((await counter(page, 'active')) === 0 && (await counter(page, 'queued')) === 0, 'drained');
      });
      assert((await counter(page, 'peak-active')) === 4, 'peak active is poolSize');
      assert(
        (await numberIn(page.getByTestId('cloud-peakInFlight'))) <= 4,
        'the cloud never saw more than 4',
      );
      assert((await numberIn(page.getByTestId('cloud-requests'))) === 16, 'rejected calls were never sent');

      // Raise the pool to 8 while running (enableAsync), fire again, cancel the rest.
      await page.getByLabel('Pool size').fill('8');
      await eventually(async () => assert((await slots.count()) === 8, 'eight slots after the change'));
      await page.getByRole('button', { name: 'Fire burst' }).click();
      await eventually(
        async () => assert((await counter(page, 'rejected')) === 14 + 10, 'rejected 10 more'),
        1000,
      );
      await eventually(async () => {
        assert((await counter(page, 'active')) === 8, 'eight in flight');
        assert((await page.locator('.slots span.on').count()) === 8, 'eight slots lit');
      }, 2000);
      await page.waitForTimeout(300); // let the chart draw the second burst
      await screenshot();
      assert((await counter(page, 'peak-active')) <= 8, 'active never above the new poolSize');
      await page.getByRole('button', { name: 'Cancel burst' }).click();
      await eventually(async () => {
        assert((await counter(page, 'cancelled')) > 0, 'cancelling counts the unfinished calls');
        assert((await counter(page, 'active')) === 0 && (await counter(page, 'queued')) === 0, 'idle');
      });
    },
  },
];
