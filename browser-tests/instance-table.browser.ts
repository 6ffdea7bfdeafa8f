import type { Page } from 'playwright-core';
import { assert, eventually, numberIn, seeText, textOf, type BrowserTest } from './support.js';

const caption = (page: Page) => page.getByRole('status');
const rows = (page: Page) => page.locator('.instance-table tbody tr');
const cloud = (page: Page, key: string) => page.getByTestId(`cloud-${key}`);

async function namesShown(page: Page): Promise<string[]> {
  return rows(page).locator('td:nth-child(2)').allTextContents();
}

/** Clicks the row's button and waits for its badge to settle at `target`, seeing the transition on the way. */
async function toggle(page: Page, from: 'Running' | 'Stopped', target: 'Running' | 'Stopped') {
  const first = rows(page)
    .filter({ has: page.locator('.badge', { hasText: from }) })
    .first();
  const id = await textOf(first.locator('td').first());
  const row = rows(page).filter({ hasText: id });
  const verb = from === 'Running' ? 'Stop' : 'Start';
  const button = row.getByRole('button');
  await seeText(button, new RegExp(`^${verb}$`));
  await button.click();
  await seeText(row.locator('.badge'), from === 'Running' ? /^Stopping$/ : /^Starting$/, 5000);
  assert(await button.isDisabled(), `${verb} stays disabled while ${id} is in transition`);
  await seeText(row.locator('.badge'), new RegExp(`^${target}$`), 8000);
  await seeText(button, new RegExp(`^${target === 'Stopped' ? 'Start' : 'Stop'}$`));
  assert(await button.isEnabled(), `the button of ${id} is enabled again once it is ${target}`);
}

export const tests: BrowserTest[] = [
  {
    id: 'dashboard-instancetable--default',
    name: 'InstanceTable: pages in 100 rows, the filter cancels stale requests, Stop and Start settle',
    async run({ page, screenshot }) {
      // paginate: 5 pages of 20, appended as they come.
      await seeText(caption(page), /^100 of 100 instances · 5 pages$/);
      assert((await rows(page).count()) === 100, 'one row per instance');
      const badges = await page.locator('.instance-table .badge').allTextContents();
      assert(badges.includes('Running') && badges.includes('Stopped'), `badges show both states: ${badges}`);

      // Typing fast: each keystroke's switchMap unsubscribes the listing on the wire.
      const abortedBefore = await numberIn(cloud(page, 'aborted'));
      await page.getByLabel('Filter by name').pressSequentially('web', { delay: 40 });
      await seeText(caption(page), /^\d+ of \d+ instances · 1 page$/);
      const names = await namesShown(page);
      assert(names.length > 0, 'some instances are named web-…');
      assert(
        names.every((n) => n.includes('web')),
        `only matches of the last term: ${names}`,
      );
      const aborted = await eventually(async () => {
        const n = (await numberIn(cloud(page, 'aborted'))) - abortedBefore;
        assert(n >= 2, `the fake cloud saw the stale requests aborted (aborted +${n})`);
        return n;
      }, 3000);
      assert(aborted <= 3, `at most the stale terms were aborted (+${aborted})`);

      await toggle(page, 'Running', 'Stopped');
      await toggle(page, 'Stopped', 'Running');
      await page.getByLabel('Filter by name').fill('');
      await seeText(caption(page), /^100 of 100 instances · 5 pages$/);
      await toggle(page, 'Running', 'Stopped');
      await screenshot();
    },
  },
  {
    id: 'dashboard-instancetable--slow-cloud-debounced',
    name: 'InstanceTable (debounced, slow cloud): one search request for a typed word, none aborted',
    async run({ page }) {
      await seeText(caption(page), /^100 of 100 instances · 2 pages$/, 15_000);
      const requests = await numberIn(cloud(page, 'requests'));
      const aborted = await numberIn(cloud(page, 'aborted'));
      await page.getByLabel('Filter by name').pressSequentially('db', { delay: 40 });
      await seeText(caption(page), /^Searching “db”…$/);
      await seeText(caption(page), /^\d+ of \d+ instances · 1 page$/, 10_000);
      const names = await namesShown(page);
      assert(names.length > 0 && names.every((n) => n.startsWith('db-')), `only db-… rows: ${names}`);
      assert((await numberIn(cloud(page, 'requests'))) === requests + 1, 'one request for the whole word');
      assert((await numberIn(cloud(page, 'aborted'))) === aborted, 'nothing to cancel');
    },
  },
];
