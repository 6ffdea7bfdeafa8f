/** Every transport a hostile spec runs over: its name, and the Config that selects it. */
import { kyTransport } from '../../../src/http/ky-transport.js';
import { nodeHttpTransport } from '../../../src/http/node-http-transport.js';
import { Config } from '../../../src/config.js';

export const TRANSPORTS: readonly (readonly [string, () => Config])[] = [
  ['ky over fetch', () => new Config()],
  ['ky over a custom fetch', () => new Config().withFetch((input, init) => fetch(input, init))],
  ['nodeHttpTransport', () => new Config().withTransport(nodeHttpTransport())],
  ['kyTransport() given explicitly', () => new Config().withTransport(kyTransport())],
];
