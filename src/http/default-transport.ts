import { kyTransport } from './ky-transport.js';
import type { FetchLike, Transport } from './transport.js';

// The runtime's default, made on first use: ky over the global fetch, unless an entry point
// installed another (Node's build of 'alicloud-rx' installs nodeHttpTransport()).
let makeDefault: () => Transport = () => kyTransport();
let runtimeDefault: Transport | undefined;
const byFetch = new WeakMap<FetchLike, Transport>();

/**
 * Makes `make()` the transport of every config without `withTransport` or `withFetch`, from the
 * next client built on. Called by an entry point at load, before any client exists.
 */
export function installDefaultTransport(make: () => Transport): void {
  makeDefault = make;
  runtimeDefault = undefined;
}

/**
 * The transport a Config without `withTransport` uses: ky over `fetchImpl` when given (one per
 * fetch function), else the runtime's default, shared by every client of the process.
 */
export function defaultTransport(fetchImpl: FetchLike | undefined): Transport {
  if (fetchImpl === undefined) return (runtimeDefault ??= makeDefault());
  let transport = byFetch.get(fetchImpl);
  if (transport === undefined) byFetch.set(fetchImpl, (transport = kyTransport(fetchImpl)));
  return transport;
}

/** The transport a config's calls go through: `withTransport`'s, else {@link defaultTransport}. */
export function transportOf(config: {
  readonly transport: Transport | undefined;
  readonly fetch: FetchLike | undefined;
}): Transport {
  return config.transport ?? defaultTransport(config.fetch);
}
