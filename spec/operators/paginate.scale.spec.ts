/**
 * paginate at scale: listings of any length end (complete or error) with every item once, send
 * one request per page the consumer wanted and no more, and run at the same stack depth on page
 * 100,000 as on page 1 — over a synchronous page function, one that answers on a microtask, and
 * 3,000 one-instance pages of the in-process fake cloud through a real EcsClient.
 */
import { count, lastValueFrom, Observable, Subject, take, takeUntil, throwError, toArray } from 'rxjs';
import { Config } from '../../src/config.js';
import { EcsClient } from '../../src/clients/ecs/ecs-client.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { paginate, paginateItems, type Page, type PagedRequest } from '../../src/operators/paginate.js';
import { createFakeCloud } from '../../src/testing/fake-cloud.js';

interface TestPage extends Page {
  Items: { Item: number[] };
}

const PAGES = 100_000;
/** The pages whose stack depth is measured. */
const PROBED = new Set([1, 2, 3, 1_000, 50_000, PAGES]);

type Answer = 'sync' | 'microtask';

/**
 * A page function over `total` one-item pages (item n on page n), paged by NextToken (`t<n>` asks
 * for page n) or by PageNumber. `depths` holds the stack depth at which the pages in PROBED were
 * requested; `nesting` the most page subscriptions that were ever on the stack at once.
 */
function stubListing(total: number, answer: Answer) {
  const probe = { requests: 0, nesting: 0, depths: new Map<number, number>() };
  let onStack = 0;
  const call$ = (req: PagedRequest): Observable<TestPage> =>
    new Observable<TestPage>((subscriber) => {
      const n = req.NextToken ? Number(req.NextToken.slice(1)) : (req.PageNumber ?? 1);
      probe.requests++;
      onStack++;
      probe.nesting = Math.max(probe.nesting, onStack);
      if (PROBED.has(n)) probe.depths.set(n, stackDepth());
      const page: TestPage = {
        NextToken: n < total ? `t${n + 1}` : '',
        PageNumber: n,
        PageSize: 1,
        TotalCount: total,
        Items: { Item: n <= total ? [n] : [] },
      };
      const deliver = () => {
        subscriber.next(page);
        subscriber.complete();
      };
      if (answer === 'sync') deliver();
      else queueMicrotask(deliver);
      onStack--;
    });
  return { call$, probe };
}

/** Frames on the stack here, counted without V8's default limit of 10. */
function stackDepth(): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  try {
    return (new Error().stack ?? '').split('\n').length;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** True when `items` is 1, 2, …, n. */
function isOneToN(items: readonly number[], n: number): boolean {
  return items.length === n && items.every((item, i) => item === i + 1);
}

describe(`paginate over ${PAGES.toLocaleString('en')} pages`, () => {
  const modes: [string, PagedRequest][] = [
    ['NextToken', { MaxResults: 1 }],
    ['PageNumber', { PageSize: 1 }],
  ];

  for (const [mode, request] of modes) {
    it(`completes with every item exactly once, by ${mode}, when each page is answered synchronously`, async () => {
      const { call$, probe } = stubListing(PAGES, 'sync');
      const items = await lastValueFrom(paginateItems(call$, request, (p) => p.Items.Item).pipe(toArray()));
      expect(isOneToN(items, PAGES)).toBe(true);
      expect(probe.requests).toBe(PAGES);
    });
  }

  it('completes with every item exactly once when each page is answered on a microtask', async () => {
    const { call$, probe } = stubListing(PAGES, 'microtask');
    const items = await lastValueFrom(
      paginateItems(call$, { MaxResults: 1 }, (p) => p.Items.Item).pipe(toArray()),
    );
    expect(isOneToN(items, PAGES)).toBe(true);
    expect(probe.requests).toBe(PAGES);
  });

  it('requests page 100,000 from the same stack depth as page 1, never inside another page, when pages are synchronous', async () => {
    const { call$, probe } = stubListing(PAGES, 'sync');
    await lastValueFrom(paginate(call$, { MaxResults: 1 }).pipe(count()));
    expect(probe.nesting).toBe(1);
    const first = probe.depths.get(1);
    expect([...probe.depths.values()]).toEqual(Array(PROBED.size).fill(first));
  });

  it('requests every later page from the same stack depth as page 2 when pages answer on a microtask', async () => {
    const { call$, probe } = stubListing(PAGES, 'microtask');
    await lastValueFrom(paginate(call$, { MaxResults: 1 }).pipe(count()));
    expect(probe.nesting).toBe(1);
    // Page 1 is requested from the subscriber's own stack (here: Jest's); every later one from the
    // microtask that delivered its predecessor.
    const second = probe.depths.get(2)!;
    expect(second).toBeLessThanOrEqual(probe.depths.get(1)!);
    expect([...probe.depths].filter(([n]) => n > 1)).toEqual(
      [...PROBED].filter((n) => n > 1).map((n) => [n, second]),
    );
  });

  const failing: [string, (failure: Error) => Observable<TestPage>][] = [
    ['errors', (failure) => throwError(() => failure)],
    [
      'throws',
      (failure) => {
        throw failure;
      },
    ],
  ];
  for (const [how, fail] of failing) {
    it(`ends with the error of page 50,000 (its request ${how}) after the 49,999 pages before it`, async () => {
      const { call$: pages$, probe } = stubListing(PAGES, 'sync');
      const failure = new Error('page 50,000 failed');
      const call$ = (req: PagedRequest) => (req.NextToken === 't50000' ? fail(failure) : pages$(req));
      let delivered = 0;
      const outcome = await new Promise((resolve) =>
        paginate(call$, { MaxResults: 1 }).subscribe({
          next: () => delivered++,
          error: resolve,
          complete: () => resolve('completed'),
        }),
      );
      expect(outcome).toBe(failure);
      expect(delivered).toBe(49_999);
      expect(probe.requests).toBe(49_999);
    });
  }
});

describe('paginate sends only the requests the consumer wanted', () => {
  for (const answer of ['sync', 'microtask'] as const) {
    it(`sends exactly 3 requests for take(3) when pages are answered ${answer === 'sync' ? 'synchronously' : 'on a microtask'}`, async () => {
      const { call$, probe } = stubListing(PAGES, answer);
      const pages = await lastValueFrom(paginate(call$, { MaxResults: 1 }).pipe(take(3), toArray()));
      expect(pages.map((p) => p.Items.Item)).toEqual([[1], [2], [3]]);
      expect(probe.requests).toBe(3);
    });

    it(`sends exactly 5 requests for paginateItems(...).pipe(take(5)) over one-item pages answered ${answer === 'sync' ? 'synchronously' : 'on a microtask'}`, async () => {
      const { call$, probe } = stubListing(PAGES, answer);
      const items = await lastValueFrom(
        paginateItems(call$, { PageSize: 1 }, (p) => p.Items.Item).pipe(take(5), toArray()),
      );
      expect(items).toEqual([1, 2, 3, 4, 5]);
      expect(probe.requests).toBe(5);
    });
  }

  it('requests nothing more once a synchronous consumer unsubscribes from inside its next handler', () => {
    const { call$, probe } = stubListing(PAGES, 'sync');
    const seen: number[] = [];
    const stop$ = new Subject<void>();
    paginate(call$, { MaxResults: 1 })
      .pipe(takeUntil(stop$))
      .subscribe((page) => {
        seen.push(...page.Items.Item);
        if (seen.length === 4) stop$.next();
      });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(probe.requests).toBe(4);
  });
});

describe('paginate over the in-process fake cloud', () => {
  let ecs: EcsClient | undefined;
  afterEach(async () => {
    await ecs?.shutdown();
    ecs = undefined;
  });

  function client(instances: number) {
    const cloud = createFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: instances });
    const config = new Config()
      .withEndpoint('http://ecs.fake.local')
      .withFetch(cloud.fetch)
      .withEnableAsync(true);
    ecs = new EcsClient('cn-hangzhou', config, new AccessKeyCredential('testid', 'testsecret'));
    return { cloud, ecs };
  }

  it('lists 3,000 instances in 3,000 pages of MaxResults 1, each instance exactly once, and completes', async () => {
    const { cloud, ecs } = client(3_000);
    const ids = await lastValueFrom(
      paginateItems(ecs.describeInstances$, { MaxResults: 1 }, (p) => p.Instances.Instance).pipe(toArray()),
    ).then((instances) => instances.map((i) => i.InstanceId));
    expect(ids).toHaveLength(3_000);
    expect(new Set(ids)).toEqual(new Set(cloud.state.listInstances().map((i) => i.InstanceId)));
    expect(cloud.stats.requests).toBe(3_000);
  });

  it('sends exactly 3 DescribeInstances requests for take(3) of a 3,000-page listing', async () => {
    const { cloud, ecs } = client(3_000);
    const pages = await lastValueFrom(
      paginate(ecs.describeInstances$, { MaxResults: 1 }).pipe(take(3), toArray()),
    );
    expect(pages).toHaveLength(3);
    expect(cloud.stats.requests).toBe(3);
  });

  it('lists by PageNumber with PageSize 1 and stops at TotalCount', async () => {
    const { cloud, ecs } = client(300);
    const ids = await lastValueFrom(
      paginateItems(ecs.describeInstances$, { PageSize: 1 }, (p) => p.Instances.Instance).pipe(toArray()),
    ).then((instances) => instances.map((i) => i.InstanceId));
    expect(new Set(ids).size).toBe(300);
    expect(ids).toHaveLength(300);
    expect(cloud.stats.requests).toBe(300);
  });
});
