/**
 * What `Config.withLogger` takes: any object with these four methods, each given one line of
 * JSON. `console`, pino and winston loggers fit as they are.
 *
 * @example
 * import type { Logger } from 'alicloud-rx';
 * const lines: string[] = [];
 * const logger: Logger = { debug: (l) => lines.push(l), info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) };
 */
export interface Logger {
  debug(line: string): void;
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}
