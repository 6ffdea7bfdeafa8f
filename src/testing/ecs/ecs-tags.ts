import { EcsApiError, invalidParameter, missingParameter } from './ecs-api-error.js';
import type { InstanceRecord } from './ecs-instance.js';
import type { EcsParams } from './ecs-params.js';
import { bool, repeated, required, requireRegion, tagsToSet } from './ecs-params.js';
import type { EcsState } from './ecs-state.js';

/** The most tags one instance can carry. */
export const MAX_TAGS_PER_RESOURCE = 20;

/** The instances `ResourceType=instance` + `ResourceId.N` (1–50) name in `RegionId`. */
function resources(state: EcsState, params: EcsParams): InstanceRecord[] {
  const region = requireRegion(state, params);
  const type = required(params, 'ResourceType');
  if (type.toLowerCase() !== 'instance')
    throw invalidParameter('ResourceType', 'The fake cloud only tags instances (ResourceType=instance).');
  const ids = repeated(params, 'ResourceId', 50);
  if (ids.length === 0) throw missingParameter('ResourceId.N');
  return ids.map((id) => {
    const record = state.record(id);
    if (!record || record.data.RegionId !== region.spec.id)
      throw new EcsApiError(
        'InvalidResourceId.NotFound',
        `The specified ResourceIds are not found in our records. ("${id}")`,
        404,
      );
    return record;
  });
}

/**
 * `TagResources` (`RegionId`, `ResourceType=instance`, `ResourceId.N`, `Tag.N.Key/Value`): adds
 * the tags to each instance, replacing the value of a key it already has.
 */
export function tagResources(state: EcsState, params: EcsParams): Record<string, unknown> {
  const records = resources(state, params);
  const tags = tagsToSet(params);
  if (tags.length === 0) throw missingParameter('Tag.N.Key');
  for (const record of records) {
    const keys = new Set([...record.data.Tags.Tag.map((t) => t.TagKey), ...tags.map((t) => t.TagKey)]);
    if (keys.size > MAX_TAGS_PER_RESOURCE)
      throw invalidParameter('Tag.N.Key', `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags.`);
  }
  for (const record of records) {
    for (const tag of tags) {
      const existing = record.data.Tags.Tag.find((t) => t.TagKey === tag.TagKey);
      if (existing) existing.TagValue = tag.TagValue;
      else record.data.Tags.Tag.push({ ...tag });
    }
  }
  return {};
}

/**
 * `UntagResources` (`RegionId`, `ResourceType=instance`, `ResourceId.N`, `TagKey.N` up to 20,
 * `All`): removes the named keys, or every tag with `All=true` and no `TagKey.N`.
 */
export function untagResources(state: EcsState, params: EcsParams): Record<string, unknown> {
  const records = resources(state, params);
  const keys = repeated(params, 'TagKey', 20);
  const all = bool(params, 'All');
  for (const record of records) {
    if (keys.length > 0) record.data.Tags.Tag = record.data.Tags.Tag.filter((t) => !keys.includes(t.TagKey));
    else if (all) record.data.Tags.Tag = [];
  }
  return {};
}
