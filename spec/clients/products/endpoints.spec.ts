// Every shipped product's endpoint resolves exactly as its official SDK resolves it: for every
// region of the official map, and for ordinary regions (the regional or central rule).
import { Config } from '../../../src/config.js';
import { AccessKeyCredential } from '../../../src/credentials/access-key-credential.js';
import { REGIONS } from '../../../src/testing/ecs/ecs-catalog.js';
import { officialClient, PRODUCTS } from './official-sdks.js';

const credential = new AccessKeyCredential('a', 'b');

describe.each(PRODUCTS.map((p) => [p.name, p] as const))('%s endpoints', (_name, product) => {
  const mapped = Object.keys(product.endpoints.map ?? {});
  // A region no map knows yet too: the rule alone decides it.
  const regions = [...new Set([...mapped, ...REGIONS.map((r) => r.id), 'ap-newregion-1'])];

  it(`equal the official SDK's for every region of its map and the catalog's ${REGIONS.length} and a new one`, () => {
    const ours = regions.map((regionId) => [
      regionId,
      new product.ours(regionId, new Config(), credential).endpoint,
    ]);
    const official = regions.map((regionId) => [
      regionId,
      `https://${(officialClient(product, regionId) as { _endpoint: string })._endpoint}`,
    ]);
    expect(ours).toEqual(official);
    expect(regions.length).toBeGreaterThan(mapped.length);
  });
});
