import type { Locator, Page } from 'playwright-core';

/** What a browser test gets: the page showing its story, and a way to take the screenshot. */
export interface TestContext {
  page: Page;
  /** Saves the story's screenshot now (else the runner takes it when the test ends). */
  screenshot(): Promise<void>;
}

/** One test of one Storybook entry (a story, or a component's docs page), or of the Angular dashboard. */
export interface BrowserTest {
  /**
   * The Storybook entry id, e.g. `dashboard-poolmonitor--default` or `dashboard-poolmonitor--docs`;
   * for the dashboard, the name of its screenshot.
   */
  id: string;
  /** `'dashboard'`: the test opens the built Angular dashboard (`examples/angular-dashboard`) at `path`. */
  app?: 'dashboard';
  /** The dashboard page to open, with its query string. @default '/' */
  path?: string;
  name: string;
  run(context: TestContext): Promise<void>;
}

export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Retries `check` every 50 ms until it passes or `timeoutMs` runs out (then its last error). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The text a person sees in `locator`, trimmed. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/** The number a person sees in `locator`. */
export async function numberIn(locator: Locator): Promise<number> {
  const text = await textOf(locator);
  const value = Number(text);
  assert(text !== '' && Number.isFinite(value), `expected a number, saw ${JSON.stringify(text)}`);
  return value;
}

/** Waits until `locator` shows text matching `pattern`; returns that text. */
export async function seeText(locator: Locator, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  return eventually(async () => {
    const text = await textOf(locator);
    assert(pattern.test(text), `expected ${pattern} in ${JSON.stringify(text.slice(0, 300))}`);
    return text;
  }, timeoutMs);
}
