import { count, lastValueFrom, take, toArray, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { Config } from '../../src/config.js';
import { EcsClient } from '../../src/clients/ecs/ecs-client.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { paginate, paginateItems, type Page, type PagedRequest } from '../../src/operators/paginate.js';
import { startFakeCloud, type RunningFakeCloud } from '../../src/testing/server.js';

interface TestPage extends Page {
  Items: { Item: string[] };
}

type Helpers = Parameters<Parameters<TestScheduler['run']>[0]>[0];
/** A cold Observable of the TestScheduler, with its subscription log. */
type ColdObservable<T> = Observable<T> & Pick<ReturnType<Helpers['cold']>, 'subscriptions'>;

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** `n` item names starting at `from`: ['x1', 'x2', …]. */
const items = (from: number, n: number) => Array.from({ length: n }, (_, i) => `x${from + i}`);

/**
 * A fake `call$`: one cold Observable per distinct request (keyed by NextToken or PageNumber),
 * made up front so the test can read its subscriptions; `requests` logs every call.
 */
function fakeCall(
  helpers: Helpers,
  pages: Record<string, TestPage | Error>,
  marble = '--(a|)',
): {
  call$: (req: PagedRequest) => Observable<TestPage>;
  colds: Record<string, ColdObservable<TestPage>>;
  requests: PagedRequest[];
} {
  const colds: Record<string, ColdObservable<TestPage>> = {};
  for (const [key, page] of Object.entries(pages)) {
    colds[key] =
      page instanceof Error
        ? helpers.cold<TestPage>(marble.replace('(a|)', '#'), undefined, page)
        : helpers.cold(marble, { a: page });
  }
  const requests: PagedRequest[] = [];
  const call$ = (req: PagedRequest) => {
    requests.push(req);
    const key = String(req.NextToken ?? req.PageNumber ?? 'first');
    const cold = colds[key];
    if (!cold) throw new Error(`no page scripted for ${key}`);
    return cold;
  };
  return { call$, colds, requests };
}

const tokenPage = (next: string | undefined, from: number, n = 2): TestPage => ({
  NextToken: next,
  TotalCount: 99,
  Items: { Item: items(from, n) },
});
const numberPage = (page: number, size: number, total: number, n = size): TestPage => ({
  PageNumber: page,
  PageSize: size,
  TotalCount: total,
  Items: { Item: items((page - 1) * size + 1, n) },
});

describe('paginate timing (marbles)', () => {
  it('pages by NextToken, one request after the other, and stops at an empty NextToken', () => {
    scheduler().run((helpers) => {
      const a = tokenPage('t1', 1);
      const b = tokenPage('t2', 3);
      const c = tokenPage('', 5);
      const { call$, colds, requests } = fakeCall(helpers, { first: a, t1: b, t2: c, '': a });
      helpers.expectObservable(paginate(call$, { MaxResults: 2 })).toBe('--a-b-(c|)', { a, b, c });
      helpers.expectSubscriptions(colds.first!.subscriptions).toBe('^-!');
      helpers.expectSubscriptions(colds.t1!.subscriptions).toBe('--^-!');
      helpers.expectSubscriptions(colds.t2!.subscriptions).toBe('----^-!');
      helpers.flush();
      expect(requests).toEqual([
        { MaxResults: 2 },
        { MaxResults: 2, NextToken: 't1' },
        { MaxResults: 2, NextToken: 't2' },
      ]);
    });
  });

  it('stops in token mode when the NextToken is missing from the page', () => {
    scheduler().run((helpers) => {
      const a = tokenPage(undefined, 1);
      const { call$ } = fakeCall(helpers, { t0: a });
      helpers.expectObservable(paginate(call$, { NextToken: 't0' })).toBe('--(a|)', { a });
    });
  });

  it('pages by PageNumber and stops when PageNumber × PageSize reaches TotalCount', () => {
    scheduler().run((helpers) => {
      const [a, b, c] = [numberPage(1, 2, 6), numberPage(2, 2, 6), numberPage(3, 2, 6)];
      const { call$, requests } = fakeCall(helpers, { first: a, 2: b, 3: c, 4: numberPage(4, 2, 6, 0) });
      helpers.expectObservable(paginate(call$, { PageSize: 2 })).toBe('--a-b-(c|)', { a, b, c });
      helpers.flush();
      expect(requests.map((r) => r.PageNumber)).toEqual([undefined, 2, 3]);
    });
  });

  it('stops in page-number mode on a short page even when TotalCount promises more', () => {
    scheduler().run((helpers) => {
      const [a, b] = [numberPage(1, 3, 100), numberPage(2, 3, 100, 1)];
      const { call$, requests } = fakeCall(helpers, { 1: a, 2: b, 3: numberPage(3, 3, 100) });
      helpers.expectObservable(paginate(call$, { PageNumber: 1, PageSize: 3 })).toBe('--a-(b|)', { a, b });
      helpers.flush();
      expect(requests).toHaveLength(2);
    });
  });

  it('sends exactly 3 requests for take(3) of an endless listing', () => {
    scheduler().run((helpers) => {
      const pages: Record<string, TestPage> = { first: tokenPage('t1', 1) };
      for (let i = 1; i < 10; i++) pages[`t${i}`] = tokenPage(`t${i + 1}`, 2 * i + 1);
      const { call$, colds } = fakeCall(helpers, pages);
      helpers.expectObservable(paginate(call$, { MaxResults: 2 }).pipe(take(3))).toBe('--a-b-(c|)', {
        a: pages.first,
        b: pages.t1,
        c: pages.t2,
      });
      helpers.flush();
      const subscriptions = Object.values(colds).reduce((n, cold) => n + cold.subscriptions.length, 0);
      expect(subscriptions).toBe(3);
    });
  });

  it('sends one request when paginateItems(...).pipe(take(5)) is served 10 items a page', () => {
    scheduler().run((helpers) => {
      const { call$, colds } = fakeCall(helpers, {
        first: tokenPage('t1', 1, 10),
        t1: tokenPage('', 11, 10),
      });
      const five = paginateItems(call$, { MaxResults: 10 }, (p) => p.Items.Item).pipe(take(5));
      helpers.expectObservable(five).toBe('--(abcde|)', { a: 'x1', b: 'x2', c: 'x3', d: 'x4', e: 'x5' });
      helpers.flush();
      expect(colds.first!.subscriptions).toHaveLength(1);
      expect(colds.t1!.subscriptions).toHaveLength(0);
    });
  });

  it('requests the next page only after the previous one was emitted, however slow each call is', () => {
    scheduler().run((helpers) => {
      const a = tokenPage('t1', 1);
      const b = tokenPage('', 3);
      const { call$, colds } = fakeCall(helpers, { first: a, t1: b }, '-----(a|)');
      helpers.expectObservable(paginate(call$, { MaxResults: 2 })).toBe('-----a----(b|)', { a, b });
      helpers.expectSubscriptions(colds.first!.subscriptions).toBe('^----!');
      helpers.expectSubscriptions(colds.t1!.subscriptions).toBe('-----^----!');
    });
  });

  it('delivers page 1 and then the error of page 2, requesting nothing after it', () => {
    scheduler().run((helpers) => {
      const a = tokenPage('t1', 1);
      const failure = new Error('page 2 failed');
      const { call$, colds } = fakeCall(helpers, { first: a, t1: failure, t2: tokenPage('', 5) });
      helpers.expectObservable(paginate(call$, { MaxResults: 2 })).toBe('--a-#', { a }, failure);
      helpers.expectSubscriptions(colds.t2!.subscriptions).toBe([]);
    });
  });

  it('stops when a page repeats the NextToken it was asked with', () => {
    scheduler().run((helpers) => {
      const a = tokenPage('t1', 1);
      const b = tokenPage('t1', 3);
      const { call$, requests } = fakeCall(helpers, { first: a, t1: b });
      helpers.expectObservable(paginate(call$, { MaxResults: 2 })).toBe('--a-(b|)', { a, b });
      helpers.flush();
      expect(requests).toHaveLength(2);
    });
  });

  it('stops when a NextToken comes back that an earlier page already gave (a cycle)', () => {
    scheduler().run((helpers) => {
      const [a, b, c] = [tokenPage('t1', 1), tokenPage('t2', 3), tokenPage('t1', 5)];
      const { call$, requests } = fakeCall(helpers, { first: a, t1: b, t2: c });
      const pages$ = paginate(call$, { MaxResults: 2 }).pipe(take(10));
      helpers.expectObservable(pages$).toBe('--a-b-(c|)', { a, b, c });
      helpers.flush();
      expect(requests).toHaveLength(3);
    });
  });

  it('is cold: nothing is requested until subscription, and each subscription pages again', () => {
    scheduler().run((helpers) => {
      const a = tokenPage('', 1);
      const { call$, colds, requests } = fakeCall(helpers, { first: a });
      const pages$ = paginate(call$, { MaxResults: 2 });
      expect(requests).toHaveLength(0);
      helpers.expectObservable(pages$).toBe('--(a|)', { a });
      helpers.expectObservable(pages$, '---^').toBe('-----(a|)', { a });
      helpers.expectSubscriptions(colds.first!.subscriptions).toBe(['^-!', '---^-!']);
    });
  });

  it('cancels the request in flight when the consumer unsubscribes, and requests nothing after it', () => {
    scheduler().run((helpers) => {
      const a = tokenPage('t1', 1);
      const { call$, colds } = fakeCall(
        helpers,
        { first: a, t1: tokenPage('t2', 3), t2: tokenPage('', 5) },
        '---(a|)',
      );
      helpers.expectObservable(paginate(call$, { MaxResults: 2 }), '^----!').toBe('---a-', { a });
      helpers.expectSubscriptions(colds.first!.subscriptions).toBe('^--!');
      helpers.expectSubscriptions(colds.t1!.subscriptions).toBe('---^-!');
      helpers.expectSubscriptions(colds.t2!.subscriptions).toBe([]);
    });
  });

  it('requests the next page when the call for the previous one completes, not at its value', () => {
    scheduler().run((helpers) => {
      const a = tokenPage('t1', 1);
      const b = tokenPage('', 3);
      const { call$, colds } = fakeCall(helpers, { first: a, t1: b }, '--a--|');
      helpers.expectObservable(paginate(call$, { MaxResults: 2 })).toBe('--a----b--|', { a, b });
      helpers.expectSubscriptions(colds.first!.subscriptions).toBe('^----!');
      helpers.expectSubscriptions(colds.t1!.subscriptions).toBe('-----^----!');
    });
  });

  it('completes when a call completes without a page', () => {
    scheduler().run((helpers) => {
      const a = tokenPage('t1', 1);
      const { call$, colds } = fakeCall(helpers, { first: a });
      colds.t1 = helpers.cold<TestPage>('--|');
      const pages$ = paginate((req: PagedRequest) => (req.NextToken === 't1' ? colds.t1! : call$(req)), {
        MaxResults: 2,
      });
      helpers.expectObservable(pages$).toBe('--a-|', { a });
    });
  });

  it('errors at once when the page function throws for page 2', () => {
    scheduler().run((helpers) => {
      const a = tokenPage('t1', 1);
      const { call$, requests } = fakeCall(helpers, { first: a });
      helpers
        .expectObservable(paginate(call$, { MaxResults: 2 }))
        .toBe('--(a#)', { a }, new Error('no page scripted for t1'));
      helpers.flush();
      expect(requests).toHaveLength(2);
    });
  });

  it('requests each page as soon as the previous one arrived when every call answers synchronously', () => {
    scheduler().run((helpers) => {
      const [a, b, c] = [tokenPage('t1', 1), tokenPage('t2', 3), tokenPage('', 5)];
      const { call$, requests } = fakeCall(helpers, { first: a, t1: b, t2: c }, '(a|)');
      helpers.expectObservable(paginate(call$, { MaxResults: 2 }).pipe(take(2))).toBe('(ab|)', { a, b });
      helpers.flush();
      expect(requests).toHaveLength(2);
    });
  });
});

describe('paginate over loopback HTTP', () => {
  let server: RunningFakeCloud | undefined;
  let ecs: EcsClient | undefined;

  afterEach(async () => {
    await ecs?.shutdown();
    await server?.close();
  });

  it('sees each of 1,000 instances exactly once in 10 pages of MaxResults 100', async () => {
    server = await startFakeCloud({ regions: ['cn-hangzhou'], instancesPerRegion: 1000 });
    const config = new Config().withEndpoint(server.url).withEnableAsync(true);
    ecs = new EcsClient('cn-hangzhou', config, new AccessKeyCredential('testid', 'testsecret'));

    const pages = await lastValueFrom(paginate(ecs.describeInstances$, { MaxResults: 100 }).pipe(toArray()));

    expect(pages).toHaveLength(10);
    expect(pages.map((p) => p.Instances.Instance.length)).toEqual(Array(10).fill(100));
    expect(pages.at(-1)?.NextToken).toBe('');
    const ids = pages.flatMap((p) => p.Instances.Instance.map((i) => i.InstanceId));
    expect(new Set(ids).size).toBe(1000);
    expect(new Set(ids)).toEqual(new Set(server.cloud.state.listInstances().map((i) => i.InstanceId)));
    expect(server.cloud.stats.requests).toBe(10);

    const items = paginateItems(ecs.describeInstances$, { MaxResults: 100 }, (p) => p.Instances.Instance);
    expect(await lastValueFrom(items.pipe(take(150), count()))).toBe(150);
    expect(server.cloud.stats.requests).toBe(12);
  });
});
