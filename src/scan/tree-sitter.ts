/**
 * tree-sitter through web-tree-sitter (wasm: no native build), loaded only when sources are
 * scanned. The grammars come from tree-sitter-wasms 0.1.13 (web-tree-sitter 0.25 loads them; 0.26
 * and later reject them): `npm run build` copies the four this package needs into dist/grammars
 * with their licences (scripts/copy-grammars.js), so the 50 MB package of every grammar is not a
 * dependency of the CLI.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type * as TreeSitter from 'web-tree-sitter';
import { UsageError } from '../errors.js';
import { readBounded } from '../files/read.js';
import { packageRoot } from '../package.js';
import type { SourceRole } from '../config/sources.js';
import { Collector } from './collect.js';
import type { ExtractOptions, FileScan, Language } from './model.js';

/** A grammar's wasm (Dart's is about 1 MB). */
const GRAMMAR_MAX_BYTES = 16 * 1024 * 1024;

export type TsNode = TreeSitter.Node;
export type GrammarName = 'dart' | 'python' | 'typescript' | 'tsx';

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
    // V8's optimising compiler spends a second on a grammar's lexer (one huge function) as soon as
    // it is hot: loading the TypeScript grammar and parsing a few files cost 1.3 s of CPU, against
    // 0.1 s with the baseline compiler only. Its code parses about half as fast, which a scan (the
    // files that can match, not the tree) never makes up for. This process runs no other wasm.
    setFlagsFromString('--liftoff-only');
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

/** The grammar that reads a file: TSX for JSX, which any `.js` may hold; TypeScript's for `.ts`, whose `<T>x` casts TSX cannot read. */
export function grammarOf(language: Language, file: string): GrammarName {
  if (language !== 'typescript') return language;
  return /\.[mc]?ts$/.test(file) ? 'typescript' : 'tsx';
}

/**
 * Parses `text` with the grammar and hands its root to `read`, which records what it finds in the
 * file's Collector; the tree is freed (it lives in the wasm's memory) whatever `read` does.
 */
export async function readTree(
  grammar: GrammarName,
  text: string,
  file: { path: string; language: Language; role: SourceRole; options: ExtractOptions },
  read: (root: TsNode, out: Collector) => void,
): Promise<FileScan> {
  const tree = (await parserFor(grammar)).parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${file.path}`);
  const out = new Collector(file.path, file.language, file.role, file.options);
  try {
    read(tree.rootNode, out);
  } finally {
    tree.delete();
  }
  return out.result();
}

/** 1-based line and column of a node. */
export function placeOf(node: TsNode): { line: number; column: number } {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

export interface TreeVisitor {
  /** Nodes handed over before any other, in the order of the file (tables a lookup above them uses). */
  first?: { types: ReadonlySet<string>; node(node: TsNode): void };
  /** The node types `node` is called for; every other node is passed through unread (no JS object is made for it). */
  types: ReadonlySet<string>;
  /** Reads a node of one of `types`; false when its subtree must not be read. */
  node(node: TsNode): boolean;
  /** `parent` is called once for each node with a child of one of these types (Dart's selectors). */
  childTypes?: ReadonlySet<string>;
  parent?(node: TsNode): void;
}

/**
 * Hands the visitor the nodes it asks for, in the order of the file: tree-sitter finds them inside
 * the wasm (descendantsOfType), and JS objects are made only for them; a file is mostly nodes no
 * rule reads, and a cursor stepping through each of them from JS cost twice as much.
 */
export function walkTree(root: TsNode, visitor: TreeVisitor): void {
  const wanted = [...visitor.types, ...(visitor.childTypes ?? []), ...(visitor.first?.types ?? [])];
  const nodes = root.descendantsOfType(wanted).filter((node): node is TsNode => node !== null);
  if (visitor.first) for (const node of nodes) if (visitor.first.types.has(node.type)) visitor.first.node(node);
  // Where a subtree the visitor declined ends: the nodes before it are inside it.
  let skipUntil = -1;
  const parents = new Set<number>();
  for (const node of nodes) {
    if (node.startIndex < skipUntil) continue;
    const type = node.type;
    if (visitor.types.has(type) && !visitor.node(node)) skipUntil = Math.max(skipUntil, node.endIndex);
    if (visitor.childTypes?.has(type)) {
      const parent = node.parent;
      if (parent && !parents.has(parent.id)) {
        parents.add(parent.id);
        visitor.parent?.(parent);
      }
    }
  }
}
