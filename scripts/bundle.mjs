/**
 * Bundles the CLI into dist/cli/: main.js (the bin, with its shebang) and the chunks its lazy
 * `await import()`s load, so a command loads a few files instead of some three hundred and
 * lazy imports stay lazy. The AWS SDK, the CDK's specification database and graphviz stay
 * packages of their own (loaded from node_modules, by the commands that use them). Source maps
 * are written for `--debug`. The validator that finds every problem of a compose file
 * (src/parser/generated/compose-errors.cjs) is required at run time, only for a file that has one:
 * it is copied next to the chunk that requires it.
 */
import { chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The chunks of an earlier bundle have other hashes: start from an empty folder.
rmSync(path.join(ROOT, 'dist/cli'), { recursive: true, force: true });

const { metafile } = await build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'cli/main.ts' },
  outdir: 'dist/cli',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Whitespace only (names stay, and `--debug` maps stack traces to the sources): indented, the
  // deeply nested code of the schema validator is more than twice its size, and node parses every byte.
  minifyWhitespace: true,
  external: ['@aws-sdk/*', '@smithy/*', '@aws-cdk/*', '@viz-js/viz'],
  // Bundled CommonJS packages (lodash's methods, commander's siblings) call require() for node's own modules.
  banner: { js: "import { createRequire as __composeXRequire } from 'node:module'; const require = __composeXRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});
const ERRORS = 'src/parser/generated/compose-errors.cjs';
const requiring = Object.entries(metafile.outputs).filter(([, { inputs }]) => 'src/parser/validate.ts' in inputs);
if (requiring.length === 0) throw new Error('no chunk of the bundle holds src/parser/validate.ts: update scripts/bundle.mjs');
for (const [output] of requiring) {
  const target = path.join(ROOT, path.dirname(output), 'generated');
  mkdirSync(target, { recursive: true });
  copyFileSync(path.join(ROOT, ERRORS), path.join(target, path.basename(ERRORS)));
}
chmodSync(path.join(ROOT, 'dist/cli/main.js'), 0o755);
