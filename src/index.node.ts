// 'alicloud-rx' as Node loads it (the `node` condition of package.json's exports): every export of
// the browser entry, with Node's fast parts as the defaults. Measured in `npm run bench`, a plain
// `new Config()` on ky over fetch with Web Crypto reached 0.27–0.28× raw node:http; on these it
// runs as the explicit opt-ins did. `withTransport(kyTransport())` or `withFetch(fetch)` still
// give ky in Node. Browsers, workers, Deno and Bun load index.ts and keep ky with Web Crypto.
import { installDefaultTransport } from './http/default-transport.js';
import { nodeHttpTransport } from './http/node-http-transport.js';
import { nodeCryptoBackend } from './signing/node-crypto-backend.js';
import { setHashBackend } from './signing/web-crypto.js';

setHashBackend(nodeCryptoBackend);
installDefaultTransport(() => nodeHttpTransport());

export * from './index.js';
