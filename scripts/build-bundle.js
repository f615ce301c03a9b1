#!/usr/bin/env node
// Bundles the CLI (src/cli.ts and the modules it imports) into one CommonJS file, dist/cli.cjs, which
// dist/src/bin.cjs runs with V8's code cache. Run by `npm run build`, after tsc.
//
// Why: `check` runs on every commit. Node 20 resolves, loads and compiles each of the CLI's ES modules
// on every run and has no code cache for ES modules (Node 22's module.enableCompileCache has one); one
// CommonJS file can be compiled from a cache instead. Measured with `npm run bench`, see
// docs/performance.md. Dependencies stay outside the bundle: they are CommonJS packages, loaded when a
// command first needs them, and cached the same way.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = path.join(ROOT, 'dist/cli.cjs');

const result = await build({
  entryPoints: [path.join(ROOT, 'src/cli.ts')],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  // The sources find the package's files and dependencies from `import.meta.url`: in the bundle that
  // is the bundle's own URL (dist/cli.cjs), from which the same files and node_modules are found.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "'use strict';\nconst __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});

// Code compiled from the cache runs without an ES module loader behind it (dist/src/bin.cjs), where
// `import()` of a package throws: dependencies are required (createRequire), never imported.
const imports = Object.values(result.metafile.inputs).flatMap((input) =>
  input.imports.filter((i) => i.kind === 'dynamic-import' && i.external),
);
if (imports.length > 0) {
  console.error(
    `build-bundle: the CLI imports ${imports.map((i) => i.path).join(', ')} with import(): require it through createRequire instead`,
  );
  process.exit(1);
}
