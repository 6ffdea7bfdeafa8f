import type { EcsClient } from '../../src/index.js';

/** `--trace`: placeholder until the OpenTelemetry entry lands. */
export function startTrace(_ecs: EcsClient): { summary(): string } {
  return { summary: () => 'trace: not available yet' };
}
