import { Observable, type Subscriber } from 'rxjs';

/**
 * The pool's "room may have appeared" event: a set of listeners told only when a waiter's
 * `hasRoom()` may have turned from false to true, so a waiter re-checks then and never on the
 * pool's other changes. It completes when the pool shuts down: nobody should wait any longer.
 */
export class RoomSignal {
  private readonly listeners = new Set<Subscriber<void>>();
  private ended = false;

  /**
   * Emits each time room may have appeared; emits once more and completes at shutdown. Subscribed
   * after shutdown, it emits and completes at once.
   */
  readonly room$: Observable<void> = new Observable<void>((subscriber) => {
    if (this.ended) {
      subscriber.next();
      subscriber.complete();
      return;
    }
    this.listeners.add(subscriber);
    return () => this.listeners.delete(subscriber);
  });

  /** Tells every listener present now (not one that subscribes while they are told). */
  fire(): void {
    if (this.listeners.size === 0) return;
    for (const listener of Array.from(this.listeners)) listener.next();
  }

  /** Tells every listener one last time and completes them. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.fire();
    const listeners = Array.from(this.listeners);
    this.listeners.clear();
    for (const listener of listeners) listener.complete();
  }
}
