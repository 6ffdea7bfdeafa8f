import { concatMap, defer, from, Observable, type Subscription } from 'rxjs';

/** The paging fields a request may carry. */
export interface PagedRequest {
  MaxResults?: number;
  NextToken?: string;
  PageNumber?: number;
  PageSize?: number;
}

/** The paging fields a page may carry. */
export interface Page {
  NextToken?: string;
  TotalCount?: number;
  PageNumber?: number;
  PageSize?: number;
}

/**
 * The items of a page: the first property whose value is an object holding exactly one array
 * (`Instances.Instance`, `InstanceStatuses.InstanceStatus`, `Regions.Region`).
 */
export function pageItems<I = unknown>(page: object): I[] {
  for (const value of Object.values(page)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const inner = Object.values(value as Record<string, unknown>);
    if (inner.length === 1 && Array.isArray(inner[0])) return inner[0] as I[];
  }
  return [];
}

// `seen` holds every NextToken of this listing so far: a token that comes back (a cycle, or a
// page repeating the token it was asked with) ends the listing instead of paging forever.
function nextRequest<Req extends PagedRequest>(request: Req, page: Page, seen: Set<string>): Req | undefined {
  if (request.MaxResults !== undefined || request.NextToken !== undefined) {
    const token = page.NextToken;
    if (!token || seen.has(token)) return undefined;
    seen.add(token);
    return { ...request, NextToken: token };
  }
  const number = request.PageNumber ?? page.PageNumber ?? 1;
  const size = page.PageSize ?? request.PageSize ?? 10;
  const short = pageItems(page).length < size;
  const done = short || (page.TotalCount !== undefined && number * size >= page.TotalCount);
  return done ? undefined : { ...request, PageNumber: number + 1 };
}

/**
 * A lazy stream of pages. Token paging (`MaxResults` or `NextToken` in the request) stops at an
 * empty `NextToken`, or at one this listing has already seen; otherwise `PageNumber`/`PageSize`
 * paging stops when `PageNumber × PageSize ≥ TotalCount` or a page comes back short. One request
 * is in flight at a time: the next page is requested once the previous call completed, and only
 * if the consumer took its page and is still subscribed (`take(3)` sends exactly three requests).
 * Unsubscribing cancels the request in flight. Listings of any length keep a flat stack.
 *
 * @example
 * import { paginate } from 'alicloud-rx';
 * paginate(ecs.describeInstances$, { MaxResults: 100 }).subscribe((page) => render(page.Instances.Instance));
 */
export function paginate<Req extends PagedRequest, Res extends Page>(
  call$: (request: Req) => Observable<Res>,
  request: Req,
): Observable<Res> {
  return new Observable<Res>((subscriber) => {
    const seen = new Set<string>(request.NextToken ? [request.NextToken] : []);
    let queued: Req | undefined = request; // what the loop sends next
    let looping = false;
    let inFlight: Subscription | undefined;

    // A trampoline, not recursion: a call that completes while the loop runs (synchronously)
    // leaves the next request in `queued` for the loop's next turn; one that completes later
    // restarts the loop from its own callback, with nothing of the earlier pages on the stack.
    const loop = (): void => {
      looping = true;
      while (queued !== undefined && !subscriber.closed) {
        const sent: Req = queued;
        queued = undefined;
        let following: Req | undefined;
        const call = defer(() => call$(sent)).subscribe({
          next: (page) => {
            try {
              following = nextRequest(sent, page, seen);
            } catch (error) {
              subscriber.error(error);
              return;
            }
            subscriber.next(page);
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            inFlight = undefined;
            if (following === undefined) return subscriber.complete();
            queued = following;
            if (!looping) loop();
          },
        });
        // The consumer may have left while the call was being subscribed (a synchronous page).
        if (subscriber.closed) call.unsubscribe();
        else if (!call.closed) inFlight = call;
      }
      looping = false;
    };
    loop();

    return () => {
      queued = undefined;
      inFlight?.unsubscribe();
    };
  });
}

/**
 * The items of every page, lazily: `take(5)` on the items stops paging once five arrived.
 * `itemsOf` picks the list out of a page (default: {@link pageItems}).
 *
 * @example
 * import { paginateItems } from 'alicloud-rx';
 * paginateItems(ecs.describeInstances$, { MaxResults: 100 }, (p) => p.Instances.Instance)
 *   .pipe(filter((i) => i.Status === 'Running'))
 *   .subscribe((instance) => console.log(instance.InstanceId));
 */
export function paginateItems<Req extends PagedRequest, Res extends Page, Item = unknown>(
  call$: (request: Req) => Observable<Res>,
  request: Req,
  itemsOf: (page: Res) => readonly Item[] = (page) => pageItems<Item>(page),
): Observable<Item> {
  return paginate(call$, request).pipe(concatMap((page) => from(itemsOf(page))));
}
