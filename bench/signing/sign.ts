// µs per ACS3-HMAC-SHA256 sign call: the client's hot path (`buildRpcRequest`, a DescribeInstances
// with 6 parameters) and the generic `signAcs3`, with each hashing backend (Web Crypto, node:crypto).
// Run: node --import tsx bench/signing/sign.ts [--n <calls>] [<src dir> ...]
// Each extra <src dir> is another copy of src/ (e.g. `git show`n from an older commit into /tmp): its
// rounds alternate with this tree's in one process, so a busy machine slows every contender alike.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { buildRpcRequest as BuildRpcRequest } from '../../src/call/build-rpc-request.js';
import type { signAcs3 as SignAcs3 } from '../../src/signing/acs3.js';
import type { HashBackend } from '../../src/signing/web-crypto.js';

interface Contender {
  name: string;
  buildRpcRequest: typeof BuildRpcRequest;
  signAcs3: typeof SignAcs3;
  setHashBackend: (backend: HashBackend) => void;
  webCryptoBackend: HashBackend;
  nodeCryptoBackend: HashBackend;
}

const args = process.argv.slice(2);
const nAt = args.indexOf('--n');
const CALLS = nAt >= 0 ? Number(args[nAt + 1]) : 100_000;
const roots = args.filter((_, i) => nAt < 0 || (i !== nAt && i !== nAt + 1));
const ROUNDS = 5;

async function load(root: string, name: string): Promise<Contender> {
  const at = (path: string) => pathToFileURL(resolve(root, path)).href;
  const build = (await import(at('call/build-rpc-request.ts'))) as {
    buildRpcRequest: typeof BuildRpcRequest;
  };
  const acs3 = (await import(at('signing/acs3.ts'))) as { signAcs3: typeof SignAcs3 };
  const web = (await import(at('signing/web-crypto.ts'))) as {
    setHashBackend: (backend: HashBackend) => void;
    webCryptoBackend: HashBackend;
  };
  const node = (await import(at('signing/node-crypto-backend.ts'))) as { nodeCryptoBackend: HashBackend };
  return {
    name,
    buildRpcRequest: build.buildRpcRequest,
    signAcs3: acs3.signAcs3,
    setHashBackend: web.setHashBackend,
    webCryptoBackend: web.webCryptoBackend,
    nodeCryptoBackend: node.nodeCryptoBackend,
  };
}

const here = resolve(new URL('../../src', import.meta.url).pathname);
const contenders = [await load(here, 'src')];
for (const root of roots) contenders.push(await load(root, root));

const credential = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };
const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
const nonce = '0123456789abcdef0123456789abcdef';
const params: [string, string][] = [
  ['RegionId', 'cn-hangzhou'],
  ['MaxResults', '100'],
  ['Status', 'Running'],
  ['InstanceIds', '["i-bp1abc","i-bp1def"]'],
  ['Tag.1.Key', 'env'],
  ['Tag.1.Value', 'prod'],
];

type Kind = 'buildRpcRequest' | 'signAcs3';

/** The one RPC request every contender builds and signs. */
const RPC_INPUT = {
  endpoint: 'https://ecs.cn-hangzhou.aliyuncs.com',
  method: 'POST',
  action: 'DescribeInstances',
  version: '2014-05-26',
  params,
  algorithm: 'ACS3-HMAC-SHA256',
  userAgent: 'alicloud-rx/bench',
  credential,
  date,
  nonce,
} as const;

/** µs per call over CALLS sequential calls. */
async function round(c: Contender, kind: Kind): Promise<number> {
  let length = 0;
  const start = process.hrtime.bigint();
  if (kind === 'buildRpcRequest') {
    for (let i = 0; i < CALLS; i++) {
      const signed = await c.buildRpcRequest(RPC_INPUT);
      length += signed.signature.length;
    }
  } else {
    const request = {
      method: 'POST',
      host: 'ecs.cn-hangzhou.aliyuncs.com',
      path: '/',
      query: params,
      headers: {
        'x-acs-action': 'DescribeInstances',
        'x-acs-version': '2014-05-26',
        'x-acs-date': '2026-01-02T03:04:05Z',
        'x-acs-signature-nonce': nonce,
        'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      },
      contentSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    };
    for (let i = 0; i < CALLS; i++) length += (await c.signAcs3(request, credential)).length;
  }
  const us = Number(process.hrtime.bigint() - start) / 1000 / CALLS;
  if (length === 0) throw new Error('nothing signed');
  return us;
}

// Every contender must sign the same bytes, or the comparison means nothing.
const signatures = new Set<string>();
for (const c of contenders) {
  c.setHashBackend(c.webCryptoBackend);
  const signed = await c.buildRpcRequest(RPC_INPUT);
  signatures.add(signed.signature);
}
if (signatures.size !== 1) throw new Error(`contenders sign differently: ${[...signatures].join(', ')}`);

console.log(`ACS3 sign calls, median of ${ROUNDS} rounds of ${CALLS.toLocaleString('en')} sequential calls:`);
for (const backend of ['webCryptoBackend', 'nodeCryptoBackend'] as const) {
  for (const kind of ['buildRpcRequest', 'signAcs3'] as const) {
    const times = contenders.map((): number[] => []);
    for (const c of contenders) {
      c.setHashBackend(c[backend]);
      await round(c, kind); // warm-up
    }
    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, c] of contenders.entries()) {
        c.setHashBackend(c[backend]);
        times[i]!.push(await round(c, kind));
      }
    }
    for (const [i, c] of contenders.entries()) {
      const sorted = times[i]!.sort((a, b) => a - b);
      console.log(
        `  ${c[backend].name.padEnd(11)} ${kind.padEnd(15)} ${c.name}: ` +
          `median ${sorted[ROUNDS >> 1]!.toFixed(2)} µs/call (min ${sorted[0]!.toFixed(2)})`,
      );
    }
  }
}
