// `npm run example:observe`: what a client's calls do, seen three ways against the fake cloud:
// `events$` (typed events of every call and attempt), `Config.withLogger` (one JSON line per
// attempt) and a throttled call's story told from its events.
import { filter } from 'rxjs';
import { AccessKeyCredential, Config, EcsClient, type CallEvent } from 'alicloud-rx';
import { startFakeCloud } from 'alicloud-rx/testing/server';

const cloud = await startFakeCloud({ regions: ['cn-hangzhou'], faults: { throttleRate: 0.3 } });
const ecs = new EcsClient(
  'cn-hangzhou',
  new Config().withEnableAsync(true).withEndpoint(cloud.url).withLogger(console), // pino, winston or any { debug, info, warn, error } fit too
  new AccessKeyCredential('testid', 'testsecret'),
);

// Every step of every call: queued, started, attempt, response, throttled, retry, and the end.
const story = new Map<number, string[]>();
ecs.events$.subscribe((e: CallEvent) => {
  const steps = story.get(e.callId) ?? story.set(e.callId, []).get(e.callId)!;
  steps.push(e.type === 'response' ? `${e.type} ${e.status} ${e.requestId}` : e.type);
});
// Or only what matters to an operator: throttling, with the RequestId to give support.
ecs.events$
  .pipe(filter((e) => e.type === 'throttled'))
  .subscribe((e) => console.warn(`throttled: ${e.action} in ${e.regionId} (${e.code})`));

await Promise.all(Array.from({ length: 5 }, () => ecs.describeInstances({ RegionId: 'cn-hangzhou' })));
for (const [callId, steps] of story) console.warn(`call ${callId}: ${steps.join(' → ')}`);
await ecs.shutdown();
await cloud.close();
