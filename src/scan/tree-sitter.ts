/**
 * tree-sitter through web-tree-sitter (wasm: no native build), loaded only when Dart or Python
 * sources are scanned. The grammars come from tree-sitter-wasms 0.1.13 (web-tree-sitter 0.25 loads
 * them; 0.26 and later reject them): `npm run build` copies the two this package needs into
 * dist/grammars with their licences (scripts/copy-grammars.js), so the 50 MB package of every
 * grammar is not a dependency of the CLI.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';
import { UsageError } from '../errors.js';
import { readBounded } from '../files/read.js';
import { packageRoot } from '../package.js';

/** A grammar's wasm (Dart's is about 1 MB). */
const GRAMMAR_MAX_BYTES = 16 * 1024 * 1024;

export type TsNode = TreeSitter.Node;
export type GrammarName = 'dart' | 'python';

const require = createRequire(import.meta.url);

let runtime: Promise<typeof TreeSitter> | undefined;
const parsers = new Map<GrammarName, Promise<TreeSitter.Parser>>();

/** Where a grammar's wasm is: the package's copy, else the development dependency's. */
export function grammarFile(name: GrammarName): string {
  const copied = path.join(packageRoot(), 'dist/grammars', `tree-sitter-${name}.wasm`);
  if (existsSync(copied)) return copied;
  try {
    return require.resolve(`tree-sitter-wasms/out/tree-sitter-${name}.wasm`);
  } catch {
    throw new UsageError(`the ${name} grammar is missing (dist/grammars): reinstall error-registry-guard`);
  }
}

function loadRuntime(): Promise<typeof TreeSitter> {
  runtime ??= (async () => {
    const module = require('web-tree-sitter') as typeof TreeSitter;
    await module.Parser.init();
    return module;
  })();
  return runtime;
}

/** A parser for the grammar, made once per process. */
export function parserFor(name: GrammarName): Promise<TreeSitter.Parser> {
  let parser = parsers.get(name);
  if (!parser) {
    parser = (async () => {
      const { Parser, Language } = await loadRuntime();
      // Bytes, not a path: web-tree-sitter reads a path with import(), which the CLI's bundle
      // (compiled from V8's code cache, no ES module loader) cannot do.
      const file = grammarFile(name);
      const language = await Language.load(readBounded(file, { what: 'grammar', maxBytes: GRAMMAR_MAX_BYTES }));
      const made = new Parser();
      made.setLanguage(language);
      return made;
    })();
    parsers.set(name, parser);
  }
  return parser;
}

/** 1-based line and column of a node. */
export function placeOf(node: TsNode): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** Every node of the tree, depth first (a cursor: no child arrays are made). */
export function* walk(root: TsNode): Generator<TsNode> {
  const cursor = root.walk();
  let done = false;
  while (!done) {
    yield cursor.currentNode;
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
    }
  }
}
