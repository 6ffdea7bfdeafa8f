import { Config } from '../../src/config.js';
import type { Logger } from '../../src/events/logger.js';
import { expectNoSecretIn, ok, serviceError, sibling, stsToken, useWire } from '../clients/wire.js';
import { clientErrorOf } from '../helpers/client-error-of.js';

type Line = Record<string, unknown> & { level: string; msg: string };

/** A logger that keeps every line with the method it came through. */
function capture(): { logger: Logger; lines: { method: string; text: string }[]; parsed: () => Line[] } {
  const lines: { method: string; text: string }[] = [];
  const at = (method: string) => (text: string) => void lines.push({ method, text });
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    lines,
    parsed: () => lines.map((l) => JSON.parse(l.text) as Line),
  };
}

describe('Config.withLogger', () => {
  const wire = useWire();

  it('refuses what is not a logger, naming the option and what it takes', () => {
    for (const bad of [null, 'console', {}, { debug() {}, info() {}, warn() {} }]) {
      const error = clientErrorOf(() => new Config().withLogger(bad as unknown as Logger));
      expect(error.code).toBe('SDK.InvalidParam');
      expect(error.message).toMatch(/logger/);
      expect(error.message).toMatch(/debug, info, warn and error/);
    }
    expect(new Config().withLogger(console).logger).toBe(console);
    expect(new Config({ logger: console }).logger).toBe(console);
  });

  it('logs one line per attempt with the template fields: throttled (warn), then answered (debug)', async () => {
    wire.server.reply(serviceError(400, 'Throttling.User'), ok());
    const log = capture();
    const client = wire.client({ config: (c) => c.withLogger(log.logger) });

    await client.request('DescribeInstances', {});

    expect(log.lines.map((l) => l.method)).toEqual(['warn', 'debug']);
    const [first, second] = log.parsed();
    expect(first).toMatchObject({
      level: 'warn',
      msg: 'alicloud-rx attempt',
      action: 'DescribeInstances',
      product: 'ecs',
      regionId: 'cn-hangzhou',
      attempt: 1,
      retries: 0,
      status: 400,
      requestId: 'REQ-Throttling.User',
      code: 'Throttling.User',
    });
    expect(second).toMatchObject({
      level: 'debug',
      attempt: 2,
      retries: 1,
      status: 200,
      requestId: 'REQ-OK',
    });
    expect(second).not.toHaveProperty('code');
    expect(second!.callId).toBe(first!.callId);
    expect(typeof second!.latency).toBe('number');
    expect(second!.latency as number).toBeGreaterThanOrEqual(0);
  });

  it('logs attempts that got no answer (status null) and a failed call once more at error', async () => {
    wire.server.reply({ reset: true }, { reset: true });
    const log = capture();
    const client = wire.client({ config: (c) => c.withLogger(log.logger).withMaxRetryTime(1) });

    await expect(client.request('DescribeInstances', {})).rejects.toMatchObject({ code: 'SDK.NetworkError' });

    expect(log.lines.map((l) => l.method)).toEqual(['warn', 'warn', 'error']);
    const lines = log.parsed();
    expect(lines.slice(0, 2)).toEqual([
      expect.objectContaining({
        attempt: 1,
        retries: 0,
        status: null,
        code: 'SDK.NetworkError',
        requestId: null,
      }),
      expect.objectContaining({ attempt: 2, retries: 1, status: null, code: 'SDK.NetworkError' }),
    ]);
    expect(lines[2]).toMatchObject({
      level: 'error',
      msg: 'alicloud-rx call failed',
      attempts: 2,
      retries: 1,
      code: 'SDK.NetworkError',
      message: expect.stringContaining('DescribeInstances'),
    });
  });

  it('writes JSON with no % in it, even when the server answers with format specifiers', async () => {
    wire.server.reply(serviceError(400, 'InvalidParameter', 'Bad value %s for %d (100%)'));
    const log = capture();
    const client = wire.client({ config: (c) => c.withLogger(log.logger) });

    await client.request('DescribeInstances', {}).catch(() => undefined);

    expect(log.lines).toHaveLength(2);
    for (const { text } of log.lines) expect(text).not.toContain('%');
    expect(log.parsed()[1]!.message).toContain('Bad value %s for %d (100%)');
  });

  it('never logs the secret, the security token, a signature or a parameter value', async () => {
    wire.server.reply(
      serviceError(503, 'ServiceUnavailable'),
      serviceError(403, 'InvalidSecurityToken.Expired'),
    );
    const log = capture();
    const credential = stsToken();
    const client = wire.client({ credential, config: (c) => c.withLogger(log.logger) });

    await client.request('DescribeInstances', { Password: 'p4ss-w0rd-value' }).catch(() => undefined);

    const all = log.lines.map((l) => l.text).join('\n');
    expect(log.lines).toHaveLength(3);
    await expectNoSecretIn(all, credential, wire.server, ['p4ss-w0rd-value']);
    expect(all).not.toMatch(/authorization/i);
  });

  it('clients sharing a pool and a logger log each attempt once; console fits as it is', async () => {
    wire.server.setHandler(() => ok());
    const log = capture();
    const client = wire.client({ config: (c) => c.withEnableAsync(true).withLogger(log.logger) });
    const beijing = sibling(client, 'cn-beijing');
    await Promise.all([client.request('DescribeRegions', {}), beijing.request('DescribeZones', {})]);
    expect(log.parsed().map((l) => `${l.regionId} ${l.action}`)).toEqual(
      expect.arrayContaining(['cn-hangzhou DescribeRegions', 'cn-beijing DescribeZones']),
    );
    expect(log.lines).toHaveLength(2);

    const printed: unknown[][] = [];
    const terminal = globalThis.console;
    const original = terminal.debug;
    terminal.debug = (...args: unknown[]) => void printed.push(args);
    try {
      const withConsole = wire.client({ config: (c) => c.withLogger(terminal) });
      await withConsole.request('DescribeRegions', {});
    } finally {
      terminal.debug = original;
    }
    expect(printed).toHaveLength(1);
    expect(printed[0]).toHaveLength(1);
    expect(JSON.parse(printed[0]![0] as string)).toMatchObject({ action: 'DescribeRegions', status: 200 });
  });
});
