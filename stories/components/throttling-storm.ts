import { Subscription, catchError, from, interval, map, mergeMap, of, tap } from 'rxjs';
import type { EcsClient } from '../../src/index.js';
import { describeError, h, type Component } from '../support/dom.js';
import type { Attempt, AttemptRecorder } from '../support/attempt-recorder.js';

export interface ThrottlingStormProps {
  ecs: EcsClient;
  /** How many `DescribeInstanceStatus` calls to fire at once (one per instance). */
  calls: number;
  /** Sees every attempt on the wire, keyed by instance id. */
  recorder: AttemptRecorder;
}

interface Outcome {
  ok: boolean;
  text: string;
}

/**
 * A storm of calls against a cloud with a QPS limit. Each row is one logical call; each bar is one
 * attempt (red: throttled, green: answered, blue: on the wire), and the dotted gap between two bars
 * is the client's backoff (the server's `x-acs-retry-after` plus full jitter).
 */
export function createThrottlingStorm({ ecs, calls, recorder }: ThrottlingStormProps): Component {
  const subscriptions = new Subscription();
  let storm = new Subscription();
  let ids: string[] = [];
  let t0 = 0;
  let tEnd: number | undefined;
  let retries = 0; // of the client so far
  let retriesBefore = 0; // at the start of the storm
  const outcomes = new Map<string, Outcome>();

  const start = h('button', { type: 'button', disabled: true }, 'Start storm');
  const caption = h('span', { class: 'caption', role: 'status' }, 'Listing instances…');
  const timeline = h('div', { class: 'timeline', 'aria-label': 'Attempts per call' });
  const summary = h('p', { class: 'summary', 'data-testid': 'storm-summary' });
  const element = h(
    'section',
    { class: 'widget throttling-storm' },
    h('header', {}, h('h3', {}, 'Throttling storm'), start, caption),
    timeline,
    summary,
    h(
      'p',
      { class: 'legend' },
      h('b', { class: 'attempt ok' }, 'answered'),
      h('b', { class: 'attempt throttled' }, 'throttled'),
      h('b', { class: 'attempt open' }, 'on the wire'),
      h('b', { class: 'backoff' }, 'backoff'),
    ),
  );

  const position = (from: number, to: number, span: number) =>
    `left:${((from - t0) / span) * 100}%;width:${Math.max(0.4, ((to - from) / span) * 100)}%`;

  function bar(attempt: Attempt, previous: Attempt | undefined, span: number, now: number): HTMLElement[] {
    const end = attempt.end ?? now;
    const kind = attempt.end === undefined ? 'open' : attempt.outcome === 'OK' ? 'ok' : 'throttled';
    const parts: HTMLElement[] = [];
    if (previous?.end !== undefined) {
      const wait = Math.round(attempt.start - previous.end);
      const style = position(previous.end, attempt.start, span);
      parts.push(h('span', { class: 'backoff', style, title: `backoff ${wait} ms` }));
    }
    const after = attempt.retryAfter ? `, retry after ${attempt.retryAfter} s` : '';
    const title = `${attempt.outcome ?? 'in flight'} in ${Math.round(end - attempt.start)} ms${after}`;
    parts.push(h('span', { class: `attempt ${kind}`, style: position(attempt.start, end, span), title }));
    return parts;
  }

  function render(): void {
    const now = tEnd ?? performance.now();
    const span = Math.max(1000, now - t0);
    const ticks = Array.from({ length: Math.floor(span / 1000) + 1 }, (_, s) =>
      h('span', { class: 'tick', style: `left:${((s * 1000) / span) * 100}%` }, `${s}s`),
    );
    const rows = ids.map((id) => {
      const attempts = recorder.attempts.filter((a) => a.key === id);
      const outcome = outcomes.get(id);
      const bars = attempts.flatMap((a, i) => bar(a, attempts[i - 1], span, now));
      const tries = `${attempts.length} attempt${attempts.length > 1 ? 's' : ''}`;
      const text = outcome
        ? `${outcome.text} after ${tries}`
        : attempts.length
          ? `attempt ${attempts.length}…`
          : 'waiting';
      return h(
        'div',
        { class: 'row' },
        h('span', { class: 'call' }, id),
        h('div', { class: 'track' }, ...bars),
        h('span', { class: `outcome ${outcome ? (outcome.ok ? 'ok' : 'failed') : ''}` }, text),
      );
    });
    timeline.replaceChildren(h('div', { class: 'axis' }, ...ticks), ...rows);
    if (recorder.attempts.length === 0) return; // not started yet: no summary
    const done = [...outcomes.values()];
    const succeeded = done.filter((o) => o.ok).length;
    const throttled = recorder.attempts.filter((a) => a.outcome?.startsWith('Throttling')).length;
    summary.textContent =
      `${succeeded} of ${ids.length} succeeded · ${done.length - succeeded} failed · ` +
      `${recorder.attempts.length} attempts · ${throttled} throttled · ${retries - retriesBefore} retries · ` +
      `${((now - t0) / 1000).toFixed(1)} s`;
  }

  // Every call at once: the pool admits them, the cloud throttles, the client retries with backoff.
  start.addEventListener('click', () => {
    storm.unsubscribe();
    recorder.clear();
    outcomes.clear();
    t0 = performance.now();
    tEnd = undefined;
    retriesBefore = retries;
    const ticker = interval(100).subscribe(render);
    storm = from(ids)
      .pipe(
        mergeMap((id) =>
          ecs.describeInstanceStatus$({ InstanceId: [id] }).pipe(
            map((): [string, Outcome] => [id, { ok: true, text: 'OK' }]),
            catchError((error: unknown) =>
              of<[string, Outcome]>([id, { ok: false, text: describeError(error) }]),
            ),
          ),
        ),
        tap(([id, outcome]) => outcomes.set(id, outcome)),
      )
      .subscribe({ complete: () => ((tEnd = performance.now()), ticker.unsubscribe(), render()) });
    storm.add(ticker);
  });

  subscriptions.add(ecs.poolStats$.subscribe((stats) => (retries = stats.retries)));
  subscriptions.add(
    ecs.describeInstances$({ MaxResults: calls }).subscribe({
      next: (page) => {
        ids = page.Instances.Instance.map((i) => i.InstanceId);
        caption.textContent = `${ids.length} DescribeInstanceStatus calls, all at once`;
        start.disabled = false;
        t0 = tEnd = performance.now();
        render(); // one empty row per call, waiting for the storm
      },
      error: (error: unknown) => (caption.textContent = describeError(error)),
    }),
  );

  return {
    element,
    destroy: () => {
      storm.unsubscribe();
      subscriptions.unsubscribe();
    },
  };
}
