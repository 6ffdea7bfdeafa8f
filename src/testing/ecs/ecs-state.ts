import type { RegionSpec } from './ecs-catalog.js';
import { KNOWN_REGION_IDS, REGIONS, zoneIdsOf } from './ecs-catalog.js';
import type { EcsInstance, InstanceRecord } from './ecs-instance.js';
import { cloneInstance, settle } from './ecs-instance.js';
import { RegionNetwork, resourceId } from './ecs-network.js';
import { buildInstance, seedBlueprints } from './ecs-seed.js';
import type { InstanceBlueprint } from './ecs-seed.js';
import { Prng, fnv1a } from './prng.js';

/** The wire shapes of an instance, its status and its tags (see ./ecs-instance.ts). */
export type { EcsInstance, EcsInstanceStatus, EcsTag } from './ecs-instance.js';

/** How to build an {@link EcsState}; every field has a deterministic default. */
export interface EcsStateOptions {
  /** Seed of the generator that draws the instances (default 42). */
  seed?: number;
  /** How many instances each region starts with (default 100). */
  instancesPerRegion?: number;
  /** The regions to serve, a subset of the known region ids (default: all known). */
  regions?: readonly string[];
  /** The simulated clock, epoch ms (default `Date.now`). */
  now?: () => number;
  /** How long `Pending`, `Starting` and `Stopping` last, in ms (default 2000). */
  transitionMs?: number;
}

/** What a `RunInstances` call with a `ClientToken` answered, kept to answer its retries alike. */
export interface RunInstancesOutcome {
  readonly instanceIds: readonly string[];
  readonly orderId: string;
  readonly tradePrice: number;
}

/** One served region: its catalog entry and network. */
export interface RegionState {
  readonly spec: RegionSpec;
  readonly network: RegionNetwork;
  readonly zoneIds: readonly string[];
}

/**
 * The state of a fake ECS service: regions, zones, instances (by id, in creation order) and
 * the `ClientToken`s `RunInstances` has seen. Deterministic for a given seed; browser-safe;
 * time comes only from the injected `now()`, and transitional statuses settle lazily when read.
 */
export class EcsState {
  /** The simulated clock, epoch ms. */
  readonly now: () => number;
  /** How long transitional statuses last, in ms. */
  readonly transitionMs: number;
  /** The generator for resources created after construction (`RunInstances`). */
  readonly rng: Prng;
  private readonly regions = new Map<string, RegionState>();
  private readonly instances = new Map<string, InstanceRecord>();
  private readonly clientTokens = new Map<string, RunInstancesOutcome>();
  private seq = 0;

  /** @throws RangeError when an option is out of range or names an unknown region. */
  constructor(options: EcsStateOptions = {}) {
    const seed = options.seed ?? 42;
    const perRegion = options.instancesPerRegion ?? 100;
    this.now = options.now ?? (() => Date.now());
    this.transitionMs = options.transitionMs ?? 2000;
    if (!Number.isInteger(perRegion) || perRegion < 0)
      throw new RangeError(`instancesPerRegion must be a non-negative integer, got ${perRegion}`);
    if (!Number.isFinite(this.transitionMs) || this.transitionMs < 0)
      throw new RangeError(`transitionMs must be a non-negative number, got ${this.transitionMs}`);
    const wanted = new Set(options.regions ?? KNOWN_REGION_IDS);
    for (const id of wanted)
      if (!KNOWN_REGION_IDS.includes(id)) throw new RangeError(`Unknown region id "${id}"`);
    this.rng = new Prng(seed ^ 0x5eed);
    REGIONS.forEach((spec, index) => {
      if (!wanted.has(spec.id)) return;
      const rng = new Prng((seed ^ fnv1a(spec.id)) >>> 0);
      const network = new RegionNetwork(spec, rng, index);
      this.regions.set(spec.id, { spec, network, zoneIds: zoneIdsOf(spec) });
      const newId = () => this.unusedInstanceId(rng, spec);
      for (const blueprint of seedBlueprints(rng, spec, network, perRegion, newId)) this.add(blueprint);
    });
  }

  /** The ids of the regions this cloud serves, in catalog order. */
  regionIds(): string[] {
    return [...this.regions.keys()];
  }

  /** A served region, or undefined. */
  region(regionId: string): RegionState | undefined {
    return this.regions.get(regionId);
  }

  /** Copies of the instances (of one region, or all), in creation order, statuses settled. */
  listInstances(regionId?: string): EcsInstance[] {
    return this.records(regionId).map((r) => cloneInstance(r.data));
  }

  /** A copy of one instance with its status settled, or undefined. */
  getInstance(instanceId: string): EcsInstance | undefined {
    const record = this.record(instanceId);
    return record && cloneInstance(record.data);
  }

  /** The live records (of one region, or all), in creation order, statuses settled. For handlers. */
  records(regionId?: string): InstanceRecord[] {
    const now = this.now();
    const out: InstanceRecord[] = [];
    for (const record of this.instances.values())
      if (regionId === undefined || record.data.RegionId === regionId) out.push(settle(record, now));
    return out;
  }

  /** The live record of one instance, status settled, or undefined. For handlers. */
  record(instanceId: string): InstanceRecord | undefined {
    const record = this.instances.get(instanceId);
    return record && settle(record, this.now());
  }

  /** Adds the instance a blueprint describes, last in creation order; returns its record. */
  add(blueprint: InstanceBlueprint): InstanceRecord {
    const record: InstanceRecord = { seq: ++this.seq, data: buildInstance(blueprint) };
    this.instances.set(record.data.InstanceId, record);
    return record;
  }

  /** Removes an instance; true when it existed. */
  remove(instanceId: string): boolean {
    return this.instances.delete(instanceId);
  }

  /** A fresh instance id for a region, drawn from `rng` (default: the runtime generator). */
  unusedInstanceId(rng: Prng, region: RegionSpec): string {
    for (;;) {
      const id = resourceId(rng, 'i', region);
      if (!this.instances.has(id)) return id;
    }
  }

  /** What `RunInstances` answered for a client token, or undefined when it is new. */
  clientTokenOutcome(token: string): RunInstancesOutcome | undefined {
    return this.clientTokens.get(token);
  }

  /** Remembers what `RunInstances` answered for a client token. */
  rememberClientToken(token: string, outcome: RunInstancesOutcome): void {
    this.clientTokens.set(token, outcome);
  }
}
