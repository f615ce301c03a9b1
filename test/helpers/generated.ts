/**
 * Checks of generated source: TypeScript through the compiler API (strict), Python through python3
 * (compiled, then imported and asked for its members), Dart, Kotlin and Swift through their
 * tree-sitter grammars (web-tree-sitter 0.25.9, tree-sitter-wasms 0.1.13; no compiler for them here).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { Language as TreeSitterLanguage, Parser, type Node } from 'web-tree-sitter';
import { codeFormat, type CodeFormatSetting } from '../../src/checks/code-format.js';
import { expectedSource } from '../../src/checks/stale-generated.js';
import type { GenerateTarget } from '../../src/config/types.js';
import type { Language } from '../../src/generate/shared.js';
import type { ParsedRegistry } from '../../src/model.js';
import { parse } from '../../src/parse/parse.js';

const require = createRequire(import.meta.url);

export const EXTENSIONS: Record<Language, string> = {
  ts: 'ts',
  dart: 'dart',
  python: 'py',
  kotlin: 'kt',
  swift: 'swift',
};

/** The file `generate` writes for a registry's markdown (throws when the registry cannot be generated from). */
export function generated(
  markdown: string | ParsedRegistry,
  language: Language,
  options: { typeName?: string; package?: string; codeFormat?: CodeFormatSetting; registry?: string } = {},
): string {
  const parsed = typeof markdown === 'string' ? parse(markdown) : markdown;
  const target: GenerateTarget = {
    language,
    path: `gen/codes.${EXTENSIONS[language]}`,
    registry: options.registry ?? 'docs/errors.md',
    typeName: options.typeName ?? 'ErrorCode',
    ...(options.package ? { package: options.package } : {}),
  };
  const expected = expectedSource(target, parsed, { codeFormat: codeFormat(options.codeFormat) });
  if ('blocked' in expected) throw new Error(`cannot generate: ${expected.blocked.message}`);
  return expected.text;
}

/** Strict TypeScript diagnostics of files (name → text) compiled together, as `file:line: message`. */
export function typeScriptErrors(files: Record<string, string>): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
    noUnusedLocals: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
  };
  // Real files in a scratch folder: module resolution then works as in a project.
  const dir = mkdtempSync(path.join(tmpdir(), 'erg-generated-ts-'));
  const names = Object.entries(files).map(([name, text]) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  });
  const program = ts.createProgram(names, options);
  const errors = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  rmSync(dir, { recursive: true, force: true });
  return errors;
}

/** The values of the `const` object a generated TypeScript file exports, by running its JavaScript. */
export function typeScriptCodes(
  source: string,
  typeName = 'ErrorCode',
): { codes: string[]; status: Record<string, number>; guard: (v: unknown) => boolean } {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const exports: Record<string, unknown> = {};
  // Run in a fresh context: the generated module only defines values.
  runInNewContext(js, { exports });
  return {
    codes: Object.values(exports[typeName] as Record<string, string>),
    status: exports[`${typeName}Status`] as Record<string, number>,
    guard: exports[`is${typeName}`] as (v: unknown) => boolean,
  };
}

/** Whether python3 3.11+ (StrEnum) is here: the Python checks need it. */
export const PYTHON =
  spawnSync('python3', ['-c', 'import sys; assert sys.version_info >= (3, 11)'], { stdio: 'ignore' }).status === 0;

export interface PythonModuleReport {
  members: { name: string; value: string; status: number }[];
  unknown: (string | null)[];
}

/**
 * Compiles each module with `python3 -m py_compile`, then imports it and reports its members and what
 * `from_code` gives for values that are not codes: one python3 process for them all.
 */
export function pythonModules(dir: string, modules: Record<string, string>): PythonModuleReport[] {
  mkdirSync(dir, { recursive: true });
  const names = Object.keys(modules);
  for (const name of names) writeFileSync(path.join(dir, `${name}.py`), modules[name]!);
  execFileSync('python3', ['-m', 'py_compile', ...names.map((n) => path.join(dir, `${n}.py`))], { stdio: 'pipe' });
  const script = `
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
out = []
for name in sys.argv[2:]:
    module = importlib.import_module(name)
    enum = module.ErrorCode
    members = [{"name": m.name, "value": m.value, "status": m.status} for m in enum]
    unknown = [enum.from_code(v) for v in ["", "NOT_A_CODE_AT_ALL", None, 42, ["x"]]]
    out.append({"members": members, "unknown": [None if u is None else str(u) for u in unknown]})
print(json.dumps(out))
`;
  const printed = execFileSync('python3', ['-c', script, dir, ...names], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(printed) as PythonModuleReport[];
}

const grammars = new Map<string, TreeSitterLanguage>();
let ready: Promise<void> | undefined;

/** A tree-sitter grammar of tree-sitter-wasms (dart, kotlin, swift, python, typescript). */
export async function grammar(name: string): Promise<TreeSitterLanguage> {
  ready ??= Parser.init();
  await ready;
  let language = grammars.get(name);
  if (!language) {
    language = await TreeSitterLanguage.load(require.resolve(`tree-sitter-wasms/out/tree-sitter-${name}.wasm`));
    grammars.set(name, language);
  }
  return language;
}

/** The ERROR and missing nodes tree-sitter finds in a source, as `line: text`. */
export async function syntaxErrors(name: string, source: string): Promise<string[]> {
  const language = await grammar(name);
  const parser = new Parser();
  parser.setLanguage(language);
  const tree = parser.parse(source)!;
  const errors: string[] = [];
  const walk = (node: Node) => {
    if (node.type === 'ERROR' || node.isMissing)
      errors.push(`${node.startPosition.row + 1}: ${node.text.slice(0, 80)}`);
    for (const child of node.children) if (child) walk(child);
  };
  walk(tree.rootNode);
  tree.delete();
  parser.delete();
  return errors;
}

/** The string literal values of the enum members of generated Dart, Kotlin or Swift, in order, escapes decoded. */
export async function enumCodes(name: 'dart' | 'kotlin' | 'swift', source: string): Promise<string[]> {
  const language = await grammar(name);
  const parser = new Parser();
  parser.setLanguage(language);
  const tree = parser.parse(source)!;
  const out: string[] = [];
  const entryType = name === 'dart' ? 'enum_constant' : 'enum_entry';
  const walk = (node: Node) => {
    if (node.type === entryType) {
      const literal = lastString(node, name);
      if (literal !== undefined) out.push(literal);
      return;
    }
    for (const child of node.children) if (child) walk(child);
  };
  walk(tree.rootNode);
  tree.delete();
  parser.delete();
  return out;
}

/** The last string literal in an entry: its wire value (a deprecation annotation's message comes before it). */
function lastString(node: Node, name: string): string | undefined {
  const type = name === 'swift' ? 'line_string_literal' : 'string_literal';
  if (node.type === type) return unescape(node.text.slice(1, -1));
  let found: string | undefined;
  for (const child of node.children) {
    const inner = child ? lastString(child, name) : undefined;
    if (inner !== undefined) found = inner;
  }
  return found;
}

/** Decodes the escapes the generators write: `\\`, `\"`, `\'`, `\$`, `\uXXXX` (UTF-16), `\u{X…}`. */
function unescape(text: string): string {
  return text.replace(
    /((?:\\u[0-9a-f]{4})+)|\\u\{([0-9a-f]+)\}|\\(.)/g,
    (_, units: string | undefined, point: string | undefined, char: string | undefined) => {
      if (units)
        return String.fromCharCode(
          ...units
            .split('\\u')
            .filter(Boolean)
            .map((u) => parseInt(u, 16)),
        );
      if (point) return String.fromCodePoint(parseInt(point, 16));
      return char!;
    },
  );
}
