/** Tasks for the pool specs: ones that never end (counting their starts), and a microtask turn. */
import { Observable } from 'rxjs';

/** Tasks that never end, counting how many were started (subscribed). */
export function neverEnding(): { task: Observable<never>; started: () => number } {
  let started = 0;
  const task = new Observable<never>(() => {
    started++;
  });
  return { task, started: () => started };
}

/** One turn of the microtask queue: a hand-on deferred by a cancel has run by then. */
export const microtask = (): Promise<void> => Promise.resolve();
