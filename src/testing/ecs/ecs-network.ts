import type { RegionSpec } from './ecs-catalog.js';
import { zoneIdsOf } from './ecs-catalog.js';
import type { Prng } from './prng.js';

/** A resource id as ECS writes them: `<kind>-<region prefix><17 chars of [a-z0-9]>`. */
export function resourceId(rng: Prng, kind: string, region: RegionSpec): string {
  return `${kind}-${region.idPrefix}${rng.chars(17)}`;
}

/**
 * The network of one region in the fake cloud: one VPC, a vSwitch per zone, a few security
 * groups, and allocators that hand out unique private (`172.16.x.y`) and public (`47.x.y.z`)
 * addresses in a fixed order.
 */
export class RegionNetwork {
  /** The region's VPC. */
  readonly vpcId: string;
  /** The vSwitch of each zone, by zone id. */
  readonly vSwitches: ReadonlyMap<string, string>;
  /** The region's security groups; the first is the default one. */
  readonly securityGroups: readonly string[];
  private nextPrivate = 0;
  private nextPublic = 0;
  private readonly publicBase: number;

  /**
   * @param region the region it belongs to.
   * @param rng the generator that draws its ids (the region's own seeded generator).
   * @param regionIndex the region's position in the catalog, to keep public ranges apart.
   */
  constructor(region: RegionSpec, rng: Prng, regionIndex: number) {
    this.vpcId = resourceId(rng, 'vpc', region);
    this.vSwitches = new Map(zoneIdsOf(region).map((zone) => [zone, resourceId(rng, 'vsw', region)]));
    this.securityGroups = [resourceId(rng, 'sg', region), resourceId(rng, 'sg', region)];
    this.publicBase = 96 + regionIndex;
  }

  /** The zone a vSwitch of this region lies in, or undefined when it is not one of them. */
  zoneOfVSwitch(vSwitchId: string): string | undefined {
    for (const [zone, id] of this.vSwitches) if (id === vSwitchId) return zone;
    return undefined;
  }

  /** The next unused private address of the region. */
  allocatePrivateIp(): string {
    const n = this.nextPrivate++;
    return `172.16.${Math.floor(n / 250) % 256}.${(n % 250) + 3}`;
  }

  /** The next unused public address of the region. */
  allocatePublicIp(): string {
    const n = this.nextPublic++;
    return `47.${this.publicBase}.${Math.floor(n / 250) % 256}.${(n % 250) + 2}`;
  }
}
