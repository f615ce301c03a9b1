#!/usr/bin/env node
// Copies the four tree-sitter grammars `scan` uses (Dart, Python, TypeScript, TSX) from the
// tree-sitter-wasms development dependency into dist/grammars, with the licences they come under
// (the grammars' MIT licence texts are kept in scripts/grammar-licences, taken from each grammar's
// repository): the package ships 6 MB of grammars instead of depending on 50 MB of every grammar.
// Run by `npm run build`.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist/grammars');
const require = createRequire(import.meta.url);
const pkg = path.dirname(require.resolve('tree-sitter-wasms/package.json'));

mkdirSync(OUT, { recursive: true });
for (const name of ['dart', 'python', 'typescript', 'tsx']) {
  copyFileSync(path.join(pkg, 'out', `tree-sitter-${name}.wasm`), path.join(OUT, `tree-sitter-${name}.wasm`));
}
copyFileSync(path.join(pkg, 'LICENSE'), path.join(OUT, 'LICENSE.tree-sitter-wasms'));
for (const grammar of ['tree-sitter-dart', 'tree-sitter-python', 'tree-sitter-typescript']) {
  copyFileSync(path.join(ROOT, 'scripts/grammar-licences', `${grammar}.LICENSE`), path.join(OUT, `LICENSE.${grammar}`));
}
writeFileSync(
  path.join(OUT, 'NOTICE.md'),
  `# Grammars

Compiled by tree-sitter-wasms ${require('tree-sitter-wasms/package.json').version} (Unlicense, LICENSE.tree-sitter-wasms) from:

- tree-sitter-dart.wasm: tree-sitter-dart (github.com/UserNobody14/tree-sitter-dart), MIT licence (LICENSE.tree-sitter-dart)
- tree-sitter-python.wasm: tree-sitter-python 0.21 (github.com/tree-sitter/tree-sitter-python), MIT licence (LICENSE.tree-sitter-python)
- tree-sitter-typescript.wasm, tree-sitter-tsx.wasm: tree-sitter-typescript 0.20 (github.com/tree-sitter/tree-sitter-typescript), MIT licence (LICENSE.tree-sitter-typescript)
`,
);
