/** What to do on the first and on a second SIGINT / SIGTERM. */
export interface InterruptHandlers {
  first(signal: NodeJS.Signals): void;
  second(signal: NodeJS.Signals): void;
}

/**
 * Takes Ctrl-C (SIGINT) and SIGTERM as a batch tool should: the first stops the run gracefully,
 * a second one aborts it. One keypress can arrive twice (the terminal sends SIGINT to the whole
 * process group, and `npm` and `tsx` relay it to their child as well), so a repeat within
 * `sameWithinMs` of the first counts as the same one. Returns the removal of the listeners.
 */
export function onInterrupt(handlers: InterruptHandlers, sameWithinMs = 250): () => void {
  let firstAt: number | undefined;
  const on = (signal: NodeJS.Signals) => {
    const now = performance.now();
    if (firstAt === undefined) {
      firstAt = now;
      handlers.first(signal);
    } else if (now - firstAt >= sameWithinMs) handlers.second(signal);
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return () => {
    process.off('SIGINT', on);
    process.off('SIGTERM', on);
  };
}
