/**
 * What events and instrumentation cost per call: N calls (64 in flight, pool 16) through one
 * RpcClient whose transport answers at once in memory, in one process, with (a) nobody listening,
 * (b) one `client.events$` subscriber that does nothing, (c) `Config.withLogger` with a logger that
 * does nothing, and (d) `instrument()` from src/otel with a tracer provider that drops its spans and
 * a meter provider with no reader (only when src/otel/index.ts exists). Prints CPU µs per call
 * (process.cpuUsage, user + system, over the N calls of a round; median over the rounds, rounds
 * alternating variant by variant after one warm-up round each), its min–max over the rounds, and
 * the ratio to (a). Never asserts timers.
 * Usage: node --import tsx bench/events/index.ts [--calls N] [--rounds R]   (add --expose-gc to
 * collect garbage before each round)
 */
import { existsSync } from 'node:fs';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { lastValueFrom, mergeMap, range, reduce } from 'rxjs';
import { AccessKeyCredential, Config, RpcClient, type Logger, type Transport } from '../../src/index.node.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const CALLS = option('--calls', 20_000);
const ROUNDS = option('--rounds', 7);
const IN_FLIGHT = 64;
const POOL = 16;

// Answers every request at once: what is left to measure is the SDK's own work.
const headers = new Headers({ 'x-acs-request-id': 'R' });
const stub: Transport = () => Promise.resolve({ status: 200, headers, text: '{"RequestId":"R"}' });
const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const client = (config = new Config()): RpcClient =>
  new RpcClient({
    product: 'ecs',
    version: '2014-05-26',
    regionId: 'cn-hangzhou',
    config: config
      .withEnableAsync(true)
      .withPoolSize(POOL)
      .withMaxTaskQueueSize(IN_FLIGHT)
      .withEndpoint('http://bench.local')
      .withTransport(stub),
    credential: new AccessKeyCredential('testid', 'testsecret'),
  });

const variants: { name: string; client: RpcClient }[] = [{ name: '(a) nobody listens', client: client() }];
const listened = client();
listened.events$.subscribe(() => {});
variants.push({ name: '(b) one events$ subscriber, does nothing', client: listened });
variants.push({
  name: '(c) withLogger, four no-op methods',
  client: client(new Config().withLogger(silent)),
});

const otel = new URL('../../src/otel/index.ts', import.meta.url);
if (existsSync(otel)) {
  // A path held in a variable: this file type-checks before src/otel exists.
  const path = '../../src/otel/index.js';
  const { instrument } = (await import(path)) as {
    instrument: (client: RpcClient, options: { tracerProvider: unknown; meterProvider: unknown }) => unknown;
  };
  const { BasicTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { MeterProvider } = await import('@opentelemetry/sdk-metrics');
  // Every span ended is handed to this exporter at once, and dropped (0: ExportResultCode.SUCCESS).
  const drop: SpanExporter = {
    export: (_spans, done) => done({ code: 0 }),
    shutdown: () => Promise.resolve(),
  };
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(drop)] });
  const instrumented = client();
  instrument(instrumented, { tracerProvider, meterProvider: new MeterProvider() });
  variants.push({ name: '(d) instrument(), spans dropped, no reader', client: instrumented });
} else {
  console.log('(d) skipped: no src/otel/index.ts');
}

/** CPU µs per call over one round of CALLS calls. */
async function round(rpc: RpcClient): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.cpuUsage();
  const done = await lastValueFrom(
    range(0, CALLS).pipe(
      mergeMap(() => rpc.request$('DescribeRegions', {}), IN_FLIGHT),
      reduce((n) => n + 1, 0),
    ),
  );
  const cpu = process.cpuUsage(before);
  if (done !== CALLS) throw new Error(`${done} of ${CALLS} calls answered`);
  return (cpu.user + cpu.system) / CALLS;
}

const samples = variants.map(() => [] as number[]);
for (const v of variants) await round(v.client); // warm-up
for (let r = 0; r < ROUNDS; r++)
  for (const [i, v] of variants.entries()) samples[i]!.push(await round(v.client));
await Promise.all(variants.map((v) => v.client.shutdown()));

const median = (values: number[]): number => {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const base = median(samples[0]!);
console.log(
  `${CALLS} calls × ${ROUNDS} rounds per variant, ${IN_FLIGHT} in flight, pool ${POOL}, in-memory answers; ` +
    `CPU µs per call (user + system), median of the rounds`,
);
console.log('| variant | µs per call | min–max | × (a) | − (a), µs |');
console.log('| --- | --- | --- | --- | --- |');
for (const [i, v] of variants.entries()) {
  const us = median(samples[i]!);
  const spread = `${Math.min(...samples[i]!).toFixed(2)}–${Math.max(...samples[i]!).toFixed(2)}`;
  console.log(
    `| ${v.name} | ${us.toFixed(2)} | ${spread} | ${(us / base).toFixed(2)} | ${(us - base).toFixed(2)} |`,
  );
}
