import { Subscription } from 'rxjs';
import type { DescribeRegionsResponse, EcsClient } from '../../src/index.js';
import { describeError, h, type Component } from '../support/dom.js';

export interface GoStyleAsyncProps {
  ecs: EcsClient;
}

interface Form {
  title: string;
  note: string;
  code: string;
  /** Runs the call; `log` prints a line of what came back. */
  run: (log: (line: string, ok?: boolean) => void) => void;
}

const regions = (res: DescribeRegionsResponse | undefined) =>
  res
    ? `${res.Regions.Region.length} regions (${res.Regions.Region.map((r) => r.RegionId).join(', ')})`
    : 'undefined';
const errorText = (error: unknown) => (error ? describeError(error) : 'undefined');

/**
 * The same `DescribeRegions` call in three styles, side by side: the cold Observable (`foo$`), and
 * the Go SDK's two async forms, `fooWithChan` (two promises, exactly one holds a value) and
 * `fooWithCallback` (a callback called once, and a blocker that resolves to 1 or 0).
 */
export function createGoStyleAsync({ ecs }: GoStyleAsyncProps): Component {
  const subscriptions = new Subscription();
  let destroyed = false;

  const forms: Form[] = [
    {
      title: 'describeRegions$',
      note: 'Cold Observable: sent on subscribe, cancelled on unsubscribe. Works with async on or off.',
      code: `ecs.describeRegions$({}).subscribe({\n  next: (res) => show(res),\n  error: (err) => show(err),\n});`,
      run: (log) =>
        subscriptions.add(
          ecs.describeRegions$({}).subscribe({
            next: (res) => log(`next: ${regions(res)}`, true),
            error: (error: unknown) => log(`error: ${errorText(error)}`, false),
            complete: () => log('complete'),
          }),
        ),
    },
    {
      title: 'describeRegionsWithChan',
      note: "Go's FooWithChan: sent at once; neither promise rejects.",
      code: `const [response, error] =\n  ecs.describeRegionsWithChan({});\nconst err = await error;\nconst res = await response;`,
      run: (log) => {
        const [response, error] = ecs.describeRegionsWithChan({});
        void Promise.all([response, error]).then(([res, err]) => {
          log(`response → ${regions(res)}`, res !== undefined);
          log(`error → ${errorText(err)}`, err === undefined);
        });
      },
    },
    {
      title: 'describeRegionsWithCallback',
      note: "Go's FooWithCallback: the callback runs once; the blocker is 1 (ok) or 0 (failed).",
      code: `const blocker = ecs.describeRegionsWithCallback(\n  {}, (res, err) => show(res, err));\nconst ok = await blocker; // 1 or 0`,
      run: (log) => {
        const blocker = ecs.describeRegionsWithCallback({}, (res, err) =>
          log(`callback(res, err): ${err ? errorText(err) : regions(res)}`, !err),
        );
        void blocker.then((ok) => log(`blocker → ${ok}`, ok === 1));
      },
    },
  ];

  const cards = forms.map((form) => {
    const output = h('ol', { class: 'output', 'aria-label': `${form.title} output` });
    const button = h('button', { type: 'button', 'aria-label': `Run ${form.title}` }, 'Run');
    const run = () => {
      output.replaceChildren();
      const t0 = performance.now();
      form.run((line, ok) => {
        if (destroyed) return;
        const ms = `${Math.round(performance.now() - t0)} ms`;
        const state = ok === undefined ? '' : ok ? 'ok' : 'failed';
        output.append(h('li', { class: state }, line, h('small', {}, ` · ${ms}`)));
      });
    };
    button.addEventListener('click', run);
    const card = h(
      'article',
      { class: 'card' },
      h('h4', {}, h('code', {}, form.title), button),
      h('p', { class: 'caption' }, form.note),
      h('pre', {}, form.code),
      output,
    );
    return { card, run };
  });

  const runAll = h('button', { type: 'button' }, 'Run all three');
  runAll.addEventListener('click', () => cards.forEach((c) => c.run()));
  const mode = ecs.asyncEnabled ? `async on (pool ${ecs.poolLimits?.poolSize})` : 'async off (the default)';
  const element = h(
    'section',
    { class: 'widget go-style-async' },
    h('header', {}, h('h3', {}, 'Go-style async forms'), runAll, h('span', { class: 'caption' }, mode)),
    h('div', { class: 'cards' }, ...cards.map((c) => c.card)),
  );

  return {
    element,
    destroy: () => {
      destroyed = true; // WithChan and WithCallback calls are hot: their answers are just ignored
      subscriptions.unsubscribe();
    },
  };
}
