/**
 * The parameters a typed client fills in when the request leaves them out, by the names the
 * APIs spell them: the region (RPC's `RegionId`, or `regionId` in a few ECS actions; ROA's path
 * and body spellings) and the idempotency token. The generator makes the same names optional in
 * the request types (src/generate/emit-product.ts).
 *
 * @example
 * REGION_NAMES.includes('region_id'); // true
 */
export const REGION_NAMES: readonly string[] = ['RegionId', 'regionId', 'region_id'];

/** How the idempotency token is spelled: RPC's `ClientToken`, and ROA's body spellings. */
export const TOKEN_NAMES: readonly string[] = ['ClientToken', 'clientToken', 'client_token'];
