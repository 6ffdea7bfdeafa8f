import { contenders } from '../contenders.js';
const mm = contenders[3]!;
for (const n of [10_000, 10_000, 100_000, 1_000_000]) {
  const t0 = performance.now();
  const ok = await mm.run(n, Infinity);
  console.log(n, ok, ((performance.now() - t0) / 1000).toFixed(2), 's');
}
