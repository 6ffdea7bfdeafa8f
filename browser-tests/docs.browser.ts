import { assert, eventually, seeText, type BrowserTest } from './support.js';

// Each component's docs page: its description, and its stories rendered inline with their controls.
const DOCS: [id: string, description: RegExp, widget: string, stories: number][] = [
  ['dashboard-instancetable--docs', /The instances of a region, listed with paginate/, '.instance-table', 2],
  ['dashboard-poolmonitor--docs', /A live gauge of client\.poolStats\$/, '.pool-monitor', 1],
  ['dashboard-throttlingstorm--docs', /A storm of DescribeInstanceStatus calls/, '.throttling-storm', 1],
  ['dashboard-gostyleasync--docs', /For users coming from the Go SDK/, '.go-style-async', 3],
];

export const tests: BrowserTest[] = DOCS.map(([id, description, widget, stories]) => ({
  id,
  name: `Docs page ${id}: description, controls and ${stories} live stor${stories > 1 ? 'ies' : 'y'}`,
  async run({ page }) {
    await seeText(page.locator('#storybook-docs'), description, 15_000);
    // The primary story on top, then (when there are several) every story again under "Stories".
    const expected = stories > 1 ? stories + 1 : 1;
    await eventually(async () => {
      const shown = await page.locator(`#storybook-docs ${widget}`).count();
      assert(shown === expected, `${expected} ${widget} widgets on the page, saw ${shown}`);
    }, 15_000);
    assert((await page.locator('#storybook-docs table.docblock-argstable').count()) > 0, 'an args table');
    // The live stories load their data like the story pages do (the tables fill up).
    const captions = page.locator('#storybook-docs .instance-table [role="status"]');
    await eventually(async () => {
      const texts = await captions.allTextContents();
      assert(
        texts.every((t) => /^100 of 100 instances/.test(t)),
        `tables loaded: ${texts}`,
      );
    }, 15_000);
  },
}));
