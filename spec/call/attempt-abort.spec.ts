import { AttemptAbort } from '../../src/call/attempt-abort.js';

describe('AttemptAbort', () => {
  it('makes no AbortSignal until one is asked for, and aborts it once it exists', () => {
    const abort = new AttemptAbort();
    expect(abort.aborted).toBe(false);
    const signal = abort.signal;
    expect(abort.signal).toBe(signal); // one signal per attempt
    expect(signal.aborted).toBe(false);
    abort.abort('why');
    expect([abort.aborted, abort.reason, signal.aborted, signal.reason]).toEqual([true, 'why', true, 'why']);
  });

  it('hands out an already aborted signal when asked after the abort (a transport that reads it late)', () => {
    const abort = new AttemptAbort();
    abort.abort('timeout');
    const signal = abort.signal;
    expect([signal.aborted, signal.reason]).toEqual([true, 'timeout']);
  });

  it('keeps the first reason: a later abort (the timeout after the caller) changes nothing', () => {
    const abort = new AttemptAbort();
    const signal = abort.signal;
    let events = 0;
    signal.addEventListener('abort', () => (events += 1));
    abort.abort('caller');
    abort.abort('timeout');
    expect([abort.reason, signal.reason, events]).toEqual(['caller', 'caller', 1]);
  });
});
