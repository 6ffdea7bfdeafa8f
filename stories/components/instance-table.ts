import {
  EMPTY,
  Subscription,
  catchError,
  debounceTime,
  defer,
  distinctUntilChanged,
  exhaustMap,
  fromEvent,
  identity,
  map,
  startWith,
  switchMap,
  takeWhile,
  tap,
  timer,
} from 'rxjs';
import { paginate, type EcsClient, type Instance, type InstanceStatus } from '../../src/index.js';
import { describeError, h, type Component } from '../support/dom.js';

export interface InstanceTableProps {
  ecs: EcsClient;
  /** `MaxResults` of each page. */
  pageSize: number;
  /** Wait this long after the last keystroke before searching (0: search on every keystroke). */
  debounceMs: number;
  /** How often Start/Stop poll `DescribeInstanceStatus` until the instance settles. */
  pollMs: number;
}

interface Row {
  readonly instance: Instance;
  readonly badge: HTMLElement;
  readonly button: HTMLButtonElement;
  status: InstanceStatus;
}

const SETTLED: readonly string[] = ['Running', 'Stopped'];

/**
 * The instances of the client's region, listed with `paginate` (rows appear page by page), a
 * filter box whose `switchMap` cancels the listing it replaces, status badges, and Start/Stop
 * buttons that poll `DescribeInstanceStatus` until the instance is `Running` or `Stopped`.
 */
export function createInstanceTable({ ecs, pageSize, debounceMs, pollMs }: InstanceTableProps): Component {
  const subscriptions = new Subscription();
  const rows = new Map<string, Row>();

  const filter = h('input', {
    type: 'search',
    placeholder: 'Filter by name, e.g. web',
    'aria-label': 'Filter by name',
  });
  const caption = h('span', { class: 'caption', role: 'status' }, 'Loading…');
  const body = h('tbody');
  const message = h('p', { class: 'message', role: 'alert' });
  const headings = ['Instance', 'Name', 'Type', 'Zone', 'Status', 'Action'];
  const element = h(
    'section',
    { class: 'widget instance-table' },
    h('header', {}, h('h3', {}, `Instances in ${ecs.regionId}`), filter, caption),
    h(
      'div',
      { class: 'scroll' },
      h('table', {}, h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', {}, t)))), body),
    ),
    message,
  );

  function show(row: Row, status: InstanceStatus): void {
    row.status = status;
    row.badge.textContent = status;
    row.badge.className = `badge ${status.toLowerCase()}`;
    const verb = status === 'Stopped' ? 'Start' : 'Stop';
    row.button.textContent = verb;
    row.button.setAttribute('aria-label', `${verb} ${row.instance.InstanceName}`);
    row.button.disabled = !SETTLED.includes(status);
  }

  // Start or Stop, then poll the status until it settles; the badge follows every answer.
  function toggle(row: Row): void {
    const id = row.instance.InstanceId;
    const command$ =
      row.status === 'Stopped'
        ? ecs.startInstance$({ InstanceId: id })
        : ecs.stopInstance$({ InstanceId: id });
    row.button.disabled = true;
    message.textContent = '';
    const poll$ = timer(0, pollMs).pipe(
      exhaustMap(() => ecs.describeInstanceStatus$({ InstanceId: [id] })),
      map((res) => res.InstanceStatuses.InstanceStatus[0]?.Status ?? row.status),
      takeWhile((status) => !SETTLED.includes(status), true),
    );
    subscriptions.add(
      command$.pipe(switchMap(() => poll$)).subscribe({
        next: (status) => show(row, status),
        error: (error: unknown) => {
          message.textContent = describeError(error);
          show(row, row.status);
        },
      }),
    );
  }

  function addRow(instance: Instance): void {
    const badge = h('span', { class: 'badge' });
    const button = h('button', { type: 'button' });
    const row: Row = { instance, badge, button, status: instance.Status };
    button.addEventListener('click', () => toggle(row));
    const cells = [instance.InstanceId, instance.InstanceName, instance.InstanceType, instance.ZoneId];
    body.append(h('tr', {}, ...cells.map((c) => h('td', {}, c)), h('td', {}, badge), h('td', {}, button)));
    rows.set(instance.InstanceId, row);
    show(row, instance.Status);
  }

  // One listing per search term: every page of the region that matches, appended as it arrives.
  const list$ = (term: string) =>
    defer(() => {
      rows.clear();
      body.replaceChildren();
      message.textContent = '';
      caption.textContent = term ? `Searching “${term}”…` : 'Loading…';
      let pages = 0;
      const request = { MaxResults: pageSize, ...(term ? { InstanceName: `*${term}*` } : {}) };
      return paginate(ecs.describeInstances$, request).pipe(
        tap({
          next: (page) => {
            pages++;
            page.Instances.Instance.forEach(addRow);
            caption.textContent = `${rows.size} of ${page.TotalCount} instances · ${pages} page${pages > 1 ? 's' : ''}`;
          },
          complete: () => {
            if (rows.size === 0) body.append(h('tr', {}, h('td', { colspan: 6 }, 'No instance matches.')));
          },
        }),
        catchError((error: unknown) => {
          message.textContent = describeError(error);
          return EMPTY;
        }),
      );
    });

  subscriptions.add(
    fromEvent(filter, 'input')
      .pipe(
        map(() => filter.value.trim()),
        debounceMs > 0 ? debounceTime(debounceMs) : identity,
        startWith(''),
        distinctUntilChanged(),
        switchMap(list$), // a new term unsubscribes the old listing: its request is aborted
      )
      .subscribe(),
  );

  return { element, destroy: () => subscriptions.unsubscribe() };
}
