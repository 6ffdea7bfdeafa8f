import type { ActionShapes, ActionSpec, ActionTable } from './service-client.js';

/** The actions `G` (generated) with the types of those in `R` (written by hand) taking their place. */
export type RefinedActions<G extends ActionShapes, R extends ActionShapes> = Omit<G, keyof R> & R;

/**
 * A generated table with some rows narrowed by hand: each row of `refinements` is laid over the
 * generated row of its action (e.g. `json: ['InstanceIds']` to take a list where the official
 * model takes its JSON text). An action must exist in `generated`.
 *
 * @example
 * export const ECS_ACTIONS = refineActions(GENERATED, { DescribeInstances: { json: ['InstanceIds'] } });
 */
export function refineActions<G extends ActionShapes, R extends ActionShapes>(
  generated: ActionTable<G>,
  refinements: { readonly [K in keyof R]: ActionSpec },
): ActionTable<RefinedActions<G, R>> {
  const table: Record<string, ActionSpec> = { ...(generated as Record<string, ActionSpec>) };
  for (const [action, row] of Object.entries(refinements as Record<string, ActionSpec>)) {
    const base = table[action];
    if (!base) throw new Error(`refineActions: ${action} is not an action of the generated table`);
    table[action] = { ...base, ...row };
  }
  return table as unknown as ActionTable<RefinedActions<G, R>>;
}
