import type { RegionScoped, TagInput } from './common.js';

/** `TagResources` request (`ResourceId.N`, `Tag.N.Key` on the wire). */
export interface TagResourcesRequest extends RegionScoped {
  ResourceType: 'instance' | 'disk' | 'snapshot' | 'image' | 'securitygroup';
  ResourceId: string[];
  Tag: (TagInput & { Value: string })[];
}

/** `UntagResources` request (`ResourceId.N`, `TagKey.N` on the wire). */
export interface UntagResourcesRequest extends RegionScoped {
  ResourceType: 'instance' | 'disk' | 'snapshot' | 'image' | 'securitygroup';
  ResourceId: string[];
  TagKey?: string[];
  All?: boolean;
}
