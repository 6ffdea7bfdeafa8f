import { Observable, type Subscriber } from 'rxjs';
import { reportUnhandledError } from '../errors/report-unhandled-error.js';
import type { AttemptEvent, CallEvent } from './call-event.js';

/** Headers to add to one attempt's request (after signing: they are not signed). */
export type AttemptHeaders = (event: AttemptEvent) => Readonly<Record<string, string>> | undefined;

/**
 * Where the calls of one pool tell what they do: `events$` for anyone, plus the sinks the SDK
 * adds itself (a config's logger, OpenTelemetry's header hook). A call is traced only while
 * someone listens ({@link EventHub.listening}): without a listener a call makes no event object
 * and reads no clock.
 *
 * @example
 * const hub = new EventHub();
 * hub.events$.subscribe((e) => console.log(e.type, e.action));
 */
export class EventHub {
  readonly #listeners = new Set<Subscriber<CallEvent>>();
  // The listeners as an event finds them (as a Subject does): one added while an event is being
  // told hears the next one, not that one. Made again only after a change.
  #current: Subscriber<CallEvent>[] | undefined;
  #currentSinks: ((event: CallEvent) => void)[] | undefined;
  readonly #sinks = new Map<object, (event: CallEvent) => void>();
  readonly #headers = new Set<AttemptHeaders>();
  #listening = false;

  /** Every event of every call made while subscribed; hot, never completes. */
  readonly events$: Observable<CallEvent> = new Observable<CallEvent>((subscriber) => {
    this.#listeners.add(subscriber);
    this.#current = undefined;
    this.#changed();
    return () => {
      this.#listeners.delete(subscriber);
      this.#current = undefined;
      this.#changed();
    };
  });

  /** True while anyone listens: a call subscribed now is traced. */
  get listening(): boolean {
    return this.#listening;
  }

  /** Tells every listener and sink; one that throws is reported as RxJS reports errors, never to the call. */
  emit(event: CallEvent): void {
    if (this.#listeners.size > 0) {
      const listeners = (this.#current ??= [...this.#listeners]);
      for (const listener of listeners) listener.next(event);
    }
    if (this.#sinks.size > 0) {
      const sinks = (this.#currentSinks ??= [...this.#sinks.values()]);
      for (const sink of sinks) {
        try {
          sink(event);
        } catch (error) {
          reportUnhandledError(error);
        }
      }
    }
  }

  /**
   * Adds `sink` under `key` (once per key: a second add with the same key is ignored, so sibling
   * clients sharing a pool and a logger log each event once). Returns the removal.
   */
  addSink(key: object, sink: (event: CallEvent) => void): () => void {
    if (!this.#sinks.has(key)) {
      this.#sinks.set(key, sink);
      this.#currentSinks = undefined;
      this.#changed();
    }
    return () => {
      if (this.#sinks.get(key) !== sink || !this.#sinks.delete(key)) return;
      this.#currentSinks = undefined;
      this.#changed();
    };
  }

  /** Adds a source of extra headers for every attempt; returns the removal. */
  addAttemptHeaders(headers: AttemptHeaders): () => void {
    this.#headers.add(headers);
    this.#changed();
    return () => {
      if (this.#headers.delete(headers)) this.#changed();
    };
  }

  /** The extra headers for one attempt, or `undefined` when no hook adds any. */
  attemptHeaders(event: AttemptEvent): Record<string, string> | undefined {
    let all: Record<string, string> | undefined;
    for (const hook of this.#headers) {
      try {
        const headers = hook(event);
        if (headers) all = { ...all, ...headers };
      } catch (error) {
        reportUnhandledError(error);
      }
    }
    return all;
  }

  #changed(): void {
    this.#listening = this.#listeners.size > 0 || this.#sinks.size > 0 || this.#headers.size > 0;
  }
}
