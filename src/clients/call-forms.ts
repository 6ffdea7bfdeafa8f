import type { Observable } from 'rxjs';
import { SdkError } from '../errors/sdk-error.js';
import { reportUnhandledError } from '../errors/report-unhandled-error.js';

/**
 * The callback of a `…WithCallback` call: exactly one of `response` and `error` is defined.
 *
 * @example
 * const cb: CallCallback<DescribeRegionsResponse> = (res, err) => (err ? console.error(err.message) : render(res));
 */
export type CallCallback<T> = (response: T | undefined, error: Error | undefined) => void;

/** 1 when the call succeeded, 0 when it failed (the callback has run by then, once). */
export type CallbackResult = 0 | 1;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new SdkError('SDK.UnknownError', String(error));
}

function noValue(): Error {
  return new SdkError('SDK.EmptyResponse', 'The call completed without a response.');
}

// Subscribes now and reports the call's end exactly once: its response, or an error.
function settleOnce<T>(
  call$: Observable<T>,
  settle: (response: T | undefined, error: Error | undefined) => void,
): void {
  let has = false;
  let last: T | undefined;
  call$.subscribe({
    next: (value) => {
      has = true;
      last = value;
    },
    error: (e: unknown) => settle(undefined, asError(e)),
    complete: () => (has ? settle(last, undefined) : settle(undefined, noValue())),
  });
}

/** Subscribes now and settles each of the two promises exactly once; neither ever rejects. */
export function toChan<T>(call$: Observable<T>): [Promise<T | undefined>, Promise<Error | undefined>] {
  let resolveResponse!: (value: T | undefined) => void;
  let resolveError!: (error: Error | undefined) => void;
  const response = new Promise<T | undefined>((resolve) => (resolveResponse = resolve));
  const error = new Promise<Error | undefined>((resolve) => (resolveError = resolve));
  settleOnce(call$, (res, err) => {
    resolveResponse(res);
    resolveError(err);
  });
  return [response, error];
}

/** Subscribes now; calls `callback` exactly once, then resolves 1 (success) or 0 (failure). */
export function toCallback<T>(call$: Observable<T>, callback: CallCallback<T>): Promise<CallbackResult> {
  return new Promise<CallbackResult>((resolve) =>
    settleOnce(call$, (response, error) => {
      try {
        callback(response, error);
      } catch (thrown) {
        reportUnhandledError(thrown);
      }
      resolve(error ? 0 : 1);
    }),
  );
}
