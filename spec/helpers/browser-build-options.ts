import type { BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** The repository's root, where the bundle specs resolve from. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * How the bundle specs build for a browser, as an application's bundler would: esbuild, ESM,
 * ES2022, minified, in memory (nothing written; `outdir` only names the outputs), with a metafile.
 */
export const BROWSER_BUILD: BuildOptions = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  write: false,
  metafile: true,
  outdir: 'browser-bundle',
  logLevel: 'silent',
};
