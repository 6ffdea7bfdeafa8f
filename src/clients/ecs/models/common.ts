/** Every response carries the id of the request, for support tickets. */
export interface EcsResponse {
  RequestId: string;
}

/** A tag in a request (`Tag.N.Key` / `Tag.N.Value` on the wire). */
export interface TagInput {
  Key: string;
  Value?: string;
}

/** A tag as ECS returns it. */
export interface Tag {
  TagKey: string;
  TagValue: string;
}

/** Instance statuses. */
export type InstanceStatus = 'Pending' | 'Running' | 'Starting' | 'Stopping' | 'Stopped';

/** The region, filled from the client when left out. */
export interface RegionScoped {
  /** @default the client's region */
  RegionId?: string;
}
