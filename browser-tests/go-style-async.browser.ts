import type { Page } from 'playwright-core';
import { seeText, type BrowserTest } from './support.js';

const output = (page: Page, form: string) => page.getByLabel(`${form} output`);
// The four regions the stories' fake cloud serves, in the order it lists them.
const REGIONS = /4 regions \(cn-beijing, cn-hangzhou, cn-shanghai, ap-southeast-1\)/;

async function runAll(page: Page) {
  await page.getByRole('button', { name: 'Run all three' }).click();
}

export const tests: BrowserTest[] = [
  {
    id: 'dashboard-gostyleasync--async-enabled',
    name: 'GoStyleAsync (async on): foo$, fooWithChan and fooWithCallback all answer',
    async run({ page }) {
      await seeText(page.locator('.go-style-async header'), /async on \(pool 5\)/);
      await runAll(page);
      await seeText(output(page, 'describeRegions$'), new RegExp(`^next: ${REGIONS.source}.*complete`));
      await seeText(output(page, 'describeRegionsWithChan'), new RegExp(`response → ${REGIONS.source}`));
      await seeText(output(page, 'describeRegionsWithChan'), /error → undefined/);
      await seeText(
        output(page, 'describeRegionsWithCallback'),
        new RegExp(`callback\\(res, err\\): ${REGIONS.source}`),
      );
      await seeText(output(page, 'describeRegionsWithCallback'), /blocker → 1/);
    },
  },
  {
    id: 'dashboard-gostyleasync--async-disabled',
    name: 'GoStyleAsync (async off): foo$ answers, the Go forms report SDK.AsyncFunctionNotEnabled',
    async run({ page }) {
      await seeText(page.locator('.go-style-async header'), /async off/);
      await runAll(page);
      await seeText(output(page, 'describeRegions$'), new RegExp(`^next: ${REGIONS.source}`));
      await seeText(output(page, 'describeRegionsWithChan'), /response → undefined/);
      await seeText(output(page, 'describeRegionsWithChan'), /error → SDK\.AsyncFunctionNotEnabled/);
      await seeText(
        output(page, 'describeRegionsWithCallback'),
        /callback\(res, err\): SDK\.AsyncFunctionNotEnabled/,
      );
      await seeText(output(page, 'describeRegionsWithCallback'), /blocker → 0/);
    },
  },
  {
    id: 'dashboard-gostyleasync--server-errors',
    name: 'GoStyleAsync (503s, no retries): each form reports ServiceUnavailable its own way',
    async run({ page }) {
      await page.getByRole('button', { name: 'Run describeRegions$' }).click();
      await seeText(output(page, 'describeRegions$'), /^error: ServiceUnavailable/);
      await runAll(page);
      await seeText(output(page, 'describeRegionsWithChan'), /response → undefined/);
      await seeText(output(page, 'describeRegionsWithChan'), /error → ServiceUnavailable/);
      await seeText(output(page, 'describeRegionsWithCallback'), /callback\(res, err\): ServiceUnavailable/);
      await seeText(output(page, 'describeRegionsWithCallback'), /blocker → 0/);
    },
  },
];
