// The fake cloud's CloudMonitor (2019-01-01): ECS CPU for a dashboard, over real loopback HTTP
// with real signatures, from an RpcClient as a user would call it (the typed CmsClient comes with
// the generator).
import { Config } from '../../src/config.js';
import { RpcClient } from '../../src/clients/rpc-client.js';
import { AccessKeyCredential } from '../../src/credentials/access-key-credential.js';
import { ServerError } from '../../src/errors/server-error.js';
import { startFakeCloud, type RunningFakeCloud } from '../../src/testing/server.js';
import { rejectionOf } from '../helpers/test-account.js';

const NOW = Date.parse('2030-01-01T12:00:30Z');
const CPU = { Namespace: 'acs_ecs_dashboard', MetricName: 'CPUUtilization' };

interface Point {
  timestamp: number;
  instanceId: string;
  Minimum: number;
  Average: number;
  Maximum: number;
}
interface MetricAnswer {
  Code: string;
  Period: string;
  Datapoints: string;
  NextToken?: string;
}

describe('fake CloudMonitor: DescribeMetricList / DescribeMetricLast for ECS CPU (loopback)', () => {
  let fake: RunningFakeCloud;
  let cms: RpcClient;
  beforeEach(async () => {
    fake = await startFakeCloud({
      seed: 3,
      instancesPerRegion: 6,
      regions: ['cn-hangzhou'],
      now: () => NOW,
      checkClock: false,
    });
    cms = new RpcClient({
      product: 'cms',
      version: '2019-01-01',
      regionId: 'cn-hangzhou',
      config: new Config().withEndpoint(fake.url),
      credential: new AccessKeyCredential('testid', 'testsecret'),
    });
  });
  afterEach(async () => {
    await cms.shutdown();
    await fake.close();
  });

  const running = () => fake.cloud.state.listInstances('cn-hangzhou').filter((i) => i.Status === 'Running');
  const pointsOf = (answer: MetricAnswer) => JSON.parse(answer.Datapoints) as Point[];

  it('DescribeMetricLast gives one point per running instance, the last whole period, in 0–100 with Min ≤ Avg ≤ Max', async () => {
    const answer = await cms.request<MetricAnswer>('DescribeMetricLast', { ...CPU, RegionId: 'cn-hangzhou' });
    expect(answer).toMatchObject({ Code: '200', Period: '60' });
    const points = pointsOf(answer);
    expect(points.map((p) => p.instanceId).sort()).toEqual(
      running()
        .map((i) => i.InstanceId)
        .sort(),
    );
    expect(running().length).toBeGreaterThan(0);
    for (const p of points) {
      expect(p.timestamp).toBe(Date.parse('2030-01-01T11:59:00Z'));
      expect(0 <= p.Minimum && p.Minimum <= p.Average && p.Average <= p.Maximum && p.Maximum <= 100).toBe(
        true,
      );
    }
  });

  it('DescribeMetricList gives a series per instance (Dimensions), stable from call to call, paged by Length and NextToken', async () => {
    const [a, b] = running();
    const request = {
      ...CPU,
      Dimensions: JSON.stringify([{ instanceId: a!.InstanceId }, { instanceId: b!.InstanceId }]),
      StartTime: String(NOW - 30 * 60_000),
      EndTime: String(NOW),
      Period: '300',
    };
    const whole = pointsOf(await cms.request<MetricAnswer>('DescribeMetricList', request));
    expect(whole).toHaveLength(2 * 6); // 11:35 … 12:00 every 5 minutes, for two instances
    expect(new Set(whole.map((p) => p.instanceId))).toEqual(new Set([a!.InstanceId, b!.InstanceId]));
    expect(pointsOf(await cms.request<MetricAnswer>('DescribeMetricList', request))).toEqual(whole);
    // Not one flat line: the series moves.
    expect(
      new Set(whole.filter((p) => p.instanceId === a!.InstanceId).map((p) => p.Average)).size,
    ).toBeGreaterThan(1);

    const paged: Point[] = [];
    let token: string | undefined;
    do {
      const page = await cms.request<MetricAnswer>('DescribeMetricList', {
        ...request,
        Length: '5',
        ...(token ? { NextToken: token } : {}),
      });
      paged.push(...pointsOf(page));
      token = page.NextToken;
    } while (token);
    expect(paged).toEqual(whole);
  });

  it('an instance stopping or stopped reports nothing; other metrics, bad periods and unknown actions are service errors', async () => {
    const [a] = running();
    // Stopped through the ECS API, as a user would.
    const ecs = new RpcClient({
      product: 'ecs',
      version: '2014-05-26',
      regionId: 'cn-hangzhou',
      config: new Config().withEndpoint(fake.url),
      credential: new AccessKeyCredential('testid', 'testsecret'),
    });
    await ecs.request('StopInstance', { InstanceId: a!.InstanceId, ForceStop: true });
    await ecs.shutdown();
    const dims = JSON.stringify([{ instanceId: a!.InstanceId }]);
    expect(
      pointsOf(await cms.request<MetricAnswer>('DescribeMetricLast', { ...CPU, Dimensions: dims })),
    ).toEqual([]);

    const other = await rejectionOf(
      cms.request('DescribeMetricLast', { ...CPU, MetricName: 'memory_usedutilization' }),
    );
    expect(other).toBeInstanceOf(ServerError);
    expect(other).toMatchObject({ code: 'ResourceNotFound', statusCode: 404 });
    expect(await rejectionOf(cms.request('DescribeMetricList', { ...CPU, Period: '7' }))).toMatchObject({
      code: 'InvalidParameter',
    });
    expect(await rejectionOf(cms.request('DescribeMetricTop', CPU))).toMatchObject({
      code: 'InvalidAction.NotFound',
      statusCode: 404,
    });
    expect(
      await rejectionOf(cms.request('DescribeMetricLast', { MetricName: 'CPUUtilization' })),
    ).toMatchObject({ code: 'MissingParameter' });
  });
});
