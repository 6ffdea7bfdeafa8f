import { assert, eventually, numberIn, seeText, type BrowserTest } from './support.js';

export const tests: BrowserTest[] = [
  {
    id: 'dashboard-throttlingstorm--default',
    name: 'ThrottlingStorm: throttled attempts are retried after a backoff until every call succeeds',
    async run({ page }) {
      const start = page.getByRole('button', { name: 'Start storm' });
      await seeText(page.getByRole('status'), /^16 DescribeInstanceStatus calls, all at once$/);
      await start.click();
      const summary = page.getByTestId('storm-summary');
      const text = await seeText(summary, /^16 of 16 succeeded · 0 failed · /, 30_000);
      const [, attempts, throttled, retries] =
        /(\d+) attempts · (\d+) throttled · (\d+) retries/.exec(text) ?? [];
      assert(Number(throttled) > 0, `the cloud throttled some attempts: ${text}`);
      assert(Number(retries) === Number(throttled), `each throttled attempt was retried: ${text}`);
      assert(Number(attempts) === 16 + Number(retries), `16 first attempts plus the retries: ${text}`);
      assert((await numberIn(page.getByTestId('cloud-throttled'))) === Number(throttled), 'the cloud agrees');

      const timeline = page.getByLabel('Attempts per call');
      assert((await timeline.locator('.row').count()) === 16, 'one timeline row per call');
      assert((await timeline.locator('.attempt.ok').count()) === 16, 'one green (answered) bar per call');
      assert((await timeline.locator('.attempt.throttled').count()) === Number(throttled), 'red bars');
      assert(
        (await timeline.locator('.backoff').count()) === Number(retries),
        'a backoff gap before each retry',
      );
      assert((await timeline.locator('.outcome.ok').count()) === 16, 'every row ends in OK');
      const gap = await timeline.locator('.backoff').first().getAttribute('title');
      assert(/^backoff \d+ ms$/.test(gap ?? ''), `the gap tells its length: ${gap}`);
      await eventually(async () =>
        assert((await timeline.locator('.attempt.open').count()) === 0, 'nothing left on the wire'),
      );
    },
  },
];
