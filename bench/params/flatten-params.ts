// ns per flattenParams call for a typical 7-parameter call with a Tag list (9 pairs).
// Run: node --import tsx bench/params/flatten-params.ts [module ...]
// With module paths (each exporting flattenParams, e.g. an older copy of src/call/rpc-params.ts),
// their rounds alternate with src's in one process, so a busy machine slows every contender alike.
import { pathToFileURL } from 'node:url';
import { flattenParams, type RpcParams } from '../../src/call/rpc-params.js';

type Flatten = typeof flattenParams;

const contenders: [string, Flatten][] = [['src/call/rpc-params.ts', flattenParams]];
for (const path of process.argv.slice(2)) {
  const module = (await import(pathToFileURL(path).href)) as { flattenParams: Flatten };
  contenders.push([path, module.flattenParams]);
}

const params: RpcParams = {
  RegionId: 'cn-hangzhou',
  InstanceType: 'ecs.g7.large',
  VSwitchId: 'vsw-bp1s5fnvk4gn2tws03624',
  MaxResults: 100,
  DryRun: false,
  NextToken: undefined,
  Tag: [
    { Key: 'env', Value: 'prod' },
    { Key: 'team', Value: 'payments' },
  ],
};

const CALLS = 500_000;
const ROUNDS = 21;

/** ns per call over CALLS calls. */
function round(flatten: Flatten): number {
  let pairs = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) pairs += flatten(params).length;
  const ns = Number(process.hrtime.bigint() - start) / CALLS;
  if (pairs !== CALLS * 9) throw new Error(`expected 9 pairs per call, got ${pairs / CALLS}`);
  return ns;
}

for (const [, flatten] of contenders) round(flatten); // warm-up: let the JIT settle
const times = contenders.map((): number[] => []);
for (let r = 0; r < ROUNDS; r++) contenders.forEach(([, flatten], i) => times[i]!.push(round(flatten)));

console.log(`flattenParams, 7 parameters (9 pairs incl. a 2-tag list), ${ROUNDS} rounds of ${CALLS} calls:`);
contenders.forEach(([name], i) => {
  const sorted = times[i]!.sort((a, b) => a - b);
  const median = sorted[ROUNDS >> 1]!;
  console.log(`  ${name}: median ${median.toFixed(0)} ns/call, min ${sorted[0]!.toFixed(0)}`);
});
