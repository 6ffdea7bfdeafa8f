// The `alicloud-rx-fake-cloud` bin, run as a child process the way a user would run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { RpcClient } from '../../src/clients/rpc-client.js';
import { Config } from '../../src/config.js';
import { createFakeCloud } from '../../src/testing/fake-cloud.js';
import type { EcsInstance } from '../../src/testing/ecs/ecs-state.js';
import { ecsClient } from './fake-cloud-helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface RunningCli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The exit code (null when killed by a signal it did not handle). */
  exited: Promise<number | null>;
  /** Resolves with the first match of `pattern` in stdout; rejects if the process exits first. */
  printed: (pattern: RegExp) => Promise<RegExpExecArray>;
}

const started: ChildProcess[] = [];
const clients: RpcClient[] = [];

function runCli(args: string[]): RunningCli {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/testing/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const printed = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(out);
        if (!match) return;
        child.stdout?.off('data', check);
        resolve(match);
      };
      child.stdout?.on('data', check);
      check();
      void exited.then(() => reject(new Error(`the bin exited before printing ${pattern}:\n${out}\n${err}`)));
    });
  return { child, stdout: () => out, stderr: () => err, exited, printed };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
  for (const child of started.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const gone = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGKILL');
    await gone;
  }
});

describe('the alicloud-rx-fake-cloud bin', () => {
  it('serves the fake cloud on the URL it prints and exits with 0 on SIGTERM', async () => {
    const cli = runCli(['--port', '0', '--seed', '7', '--instances', '20', '--throttle-qps', '100']);
    const [, url = ''] = await cli.printed(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
    await cli.printed(/^try: .*$/m);
    expect(cli.stdout()).toContain('AccessKeyId=testid AccessKeySecret=testsecret');
    expect(cli.stdout()).toContain(`new Config().withEndpoint('${url}')`);

    const ecs = ecsClient(new Config().withEndpoint(url));
    clients.push(ecs);
    const regions = await ecs.request<{ Regions: { Region: { RegionId: string }[] } }>('DescribeRegions');
    expect(regions.Regions.Region.map((r) => r.RegionId)).toContain('cn-hangzhou');
    const page = await ecs.request<{ TotalCount: number; Instances: { Instance: EcsInstance[] } }>(
      'DescribeInstances',
      { RegionId: 'cn-hangzhou', MaxResults: 100 },
    );
    // --instances and --seed reach the state: the same instances as an in-process cloud of seed 7.
    const expected = createFakeCloud({ seed: 7, instancesPerRegion: 20, regions: ['cn-hangzhou'] });
    expect(page.TotalCount).toBe(20);
    expect(page.Instances.Instance.map((i) => i.InstanceId)).toEqual(
      expected.state.listInstances('cn-hangzhou').map((i) => i.InstanceId),
    );

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toContain('SIGTERM: 2 requests served; stopping.');
  });

  it.each([
    [['--port', 'abc'], '--port must be an integer from 0 to 65535, got "abc"'],
    [['--port', '70000'], '--port must be an integer from 0 to 65535, got "70000"'],
    [['--port', '0', '--throttle-qps', '0'], '--throttle-qps must be an integer >= 1, got "0"'],
    [['--port', '0', '--no-such-flag'], "Unknown option '--no-such-flag'"],
  ])('exits with 2 and the usage on stderr for %j', async (args, complaint) => {
    const cli = runCli(args);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain(complaint);
    expect(cli.stderr()).toContain('Usage: alicloud-rx-fake-cloud');
    expect(cli.stdout()).toBe('');
  });

  it('exits with 1 and one line on stderr, no stack trace, when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve, reject) => {
      blocker.once('error', reject);
      blocker.listen(0, '127.0.0.1', resolve);
    });
    try {
      const { port } = blocker.address() as AddressInfo;
      const cli = runCli(['--port', String(port)]);
      expect(await cli.exited).toBe(1);
      expect(cli.stderr()).toBe(
        `alicloud-rx-fake-cloud: port ${port} on 127.0.0.1 is in use (EADDRINUSE); pass --port <n> or --port 0\n`,
      );
      expect(cli.stdout()).toBe('');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('prints the usage on stdout and exits with 0 for --help', async () => {
    const cli = runCli(['--help']);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toContain('Usage: alicloud-rx-fake-cloud');
    expect(cli.stderr()).toBe('');
  });
});
