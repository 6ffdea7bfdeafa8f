import type { PoolStats } from '../../src/index.js';

/** A live one-line progress display on a TTY; silent elsewhere (CI logs stay clean). */
export class ProgressLine {
  private readonly tty = Boolean(process.stdout.isTTY);
  private last = '';

  constructor(private readonly phase: () => string) {}

  update(stats: PoolStats, throttled: number): void {
    if (!this.tty) return;
    const line =
      `${this.phase().padEnd(22)} done ${stats.completed + stats.failed}  active ${stats.active}/${stats.poolSize}` +
      `  queued ${stats.queued}  retries ${stats.retries}  throttled ${throttled}`;
    if (line === this.last) return;
    this.last = line;
    process.stdout.write(`\r\x1b[2K${line}`);
  }

  done(): void {
    if (this.tty && this.last) process.stdout.write('\n');
  }
}
