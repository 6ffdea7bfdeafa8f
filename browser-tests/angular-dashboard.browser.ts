/**
 * The Angular 21 dashboard (`examples/angular-dashboard`, built by `ng build`) in Chromium, on the
 * fake cloud inside the page: it renders, a stale listing is aborted when the region changes, the
 * pool gauge stays within the pool, the batch stop completes, the CPU chart draws, and a service
 * error reads as a message.
 */
import type { Page } from 'playwright-core';
import { assert, eventually, numberIn, seeText, textOf, type BrowserTest } from './support.js';

const POOL_SIZE = 4;

const rows = (page: Page) => page.locator('[data-testid="instance-row"]');

async function regionsOfRows(page: Page): Promise<string[]> {
  return rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-region') ?? ''));
}

/** Waits until the table shows rows of `region` only, and no listing is loading. */
async function listed(page: Page, region: string): Promise<number> {
  return eventually(async () => {
    assert((await page.locator('[data-testid="loading"]').count()) === 0, 'still loading');
    const regions = await regionsOfRows(page);
    assert(regions.length > 0, 'no rows yet');
    assert(
      regions.every((r) => r === region),
      `rows of ${[...new Set(regions)].join(', ')}, expected only ${region}`,
    );
    return regions.length;
  }, 15_000);
}

/** Records, in the page, the largest number the pool gauge shows as active from now on. */
async function watchPoolActive(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const target = document.querySelector('[data-testid="pool-active"]')!;
    const w = window as unknown as { maxActive: number };
    w.maxActive = Number(target.textContent);
    new MutationObserver(() => {
      w.maxActive = Math.max(w.maxActive, Number(target.textContent));
    }).observe(target, { characterData: true, childList: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { maxActive: number }).maxActive);
}

export const tests: BrowserTest[] = [
  {
    id: 'angular-dashboard--default',
    name: 'Angular dashboard: renders with Angular 21, lists the home region and draws a CPU chart',
    app: 'dashboard',
    async run({ page, screenshot }) {
      const version = (await page.locator('app-root').getAttribute('ng-version')) ?? '';
      assert(version.startsWith('21.'), `ng-version ${JSON.stringify(version)}, expected 21.x`);
      const count = await listed(page, 'cn-hangzhou');
      assert(count === 24, `24 instances in cn-hangzhou, saw ${count}`);
      await rows(page).locator('[data-testid="status"]', { hasText: 'Running' }).first().click();
      const chart = page.locator('[data-testid="cpu-chart"]');
      await chart.waitFor({ timeout: 10_000 });
      const points = Number(await chart.getAttribute('data-points'));
      assert(points >= 20, `a CPU series of the last 30 minutes, saw ${points} points`);
      assert((await numberIn(page.locator('[data-testid="cloud-requests"]'))) > 0, 'the cloud strip counts');
      await screenshot();
    },
  },
  {
    id: 'angular-dashboard--region-switch',
    name: 'Angular dashboard: switching the region twice while listing aborts the stale request; only the last region remains',
    app: 'dashboard',
    async run({ page, screenshot }) {
      await listed(page, 'cn-hangzhou');
      const abortedBefore = await numberIn(page.locator('[data-testid="cloud-aborted"]'));
      const select = page.locator('[data-testid="region-select"]');
      await select.selectOption('cn-shanghai');
      await page.locator('[data-testid="loading"]').waitFor();
      await select.selectOption('cn-beijing');
      await listed(page, 'cn-beijing');
      const aborted = await eventually(async () => {
        const n = await numberIn(page.locator('[data-testid="cloud-aborted"]'));
        assert(n > abortedBefore, `aborted ${n}, expected more than ${abortedBefore}`);
        return n;
      });
      assert(aborted >= abortedBefore + 1, 'the shanghai listing was aborted');
      await screenshot();
    },
  },
  {
    id: 'angular-dashboard--batch-stop',
    name: 'Angular dashboard: the batch stop (every region) reaches 100 % with every targeted row Stopped, the pool gauge never above poolSize',
    app: 'dashboard',
    async run({ page, screenshot }) {
      await listed(page, 'cn-hangzhou');
      const targets = await page
        .locator('[data-testid="instance-row"][data-auto-stop="true"][data-status="Running"]')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-instance-id') ?? ''));
      assert(targets.length > 0, 'the seed tags some running instance auto-stop=true');
      const maxActive = await watchPoolActive(page);
      await page.locator('[data-testid="batch-stop"]').click();
      const progress = page.locator('[data-testid="batch-progress"]');
      await eventually(async () => {
        const value = await progress.getAttribute('aria-valuenow');
        assert(value === '100', `progress ${value}`);
      }, 15_000);
      await seeText(progress, /100 %/);
      for (const id of targets) {
        const row = page.locator(`[data-testid="instance-row"][data-instance-id="${id}"]`);
        await eventually(async () => {
          const status = await row.getAttribute('data-status');
          assert(status === 'Stopped', `${id} is ${status}`);
        }, 15_000);
      }
      const max = await maxActive();
      assert(max <= POOL_SIZE, `the gauge showed ${max} active, more than the pool's ${POOL_SIZE}`);
      assert(max > 1, `the batch ran calls side by side (the gauge showed at most ${max})`);
      await screenshot();
    },
  },
  {
    id: 'angular-dashboard--service-error',
    name: 'Angular dashboard: a wrong secret shows the service error as a readable message, not a blank table',
    app: 'dashboard',
    path: '/?secret=wrong',
    async run({ page, screenshot }) {
      const error = page.locator('[data-testid="error"]');
      const text = await seeText(error, /SignatureDoesNotMatch/, 15_000);
      assert(!text.includes('wrong'), 'the secret is not shown');
      assert((await rows(page).count()) === 0, 'no rows');
      assert((await textOf(page.locator('[data-testid="pool-active"]'))) === '0', 'nothing left in flight');
      await screenshot();
    },
  },
];
