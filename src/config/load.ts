/**
 * Config discovery and validation: `error-registry-guard.config.json` (JSON with comments) or the
 * `"error-registry-guard"` key of package.json, found from the working directory upwards.
 */
import path from 'node:path';
import type * as JsoncParser from 'jsonc-parser';
import { RULES } from '../checks/catalog.js';
import { codeFormat, CodeFormatError, type CodeFormatSetting } from '../checks/code-format.js';
import { UsageError } from '../errors.js';
import { lazyRequire } from '../lazy-require.js';
import type { Severity } from '../model.js';
import { schemaErrorText, validateConfig } from '../schemas.js';
import type { SourceConfig } from './sources.js';
import { findConfig, readConfigFile, rereadConfigFile } from './find.js';
import { generateTargets, type RawGenerateTarget } from './generate.js';
import {
  CONFIG_FILE,
  DEFAULT_REGISTRY,
  DEFAULT_SNAPSHOTS,
  PACKAGE_KEY,
  type AllowEntry,
  type Config,
} from './types.js';

export { CONFIG_FILE, DEFAULT_REGISTRY, DEFAULT_SNAPSHOTS, PACKAGE_KEY };
export type { AllowEntry, Config, RegistryConfig } from './types.js';

interface RawConfig {
  registry?: string;
  snapshots?: string;
  registries?: (string | { path: string; snapshots?: string })[];
  baseBranch?: string;
  codeFormat?: CodeFormatSetting;
  rules?: Record<string, Severity | 'off'>;
  allow?: AllowEntry[];
  sources?: SourceConfig[];
  generate?: RawGenerateTarget[];
}

const jsonc = lazyRequire<typeof JsoncParser>('jsonc-parser');

/** Keys that JavaScript gives meaning to: jsonc-parser makes `__proto__` an object's prototype, hiding what it holds. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How strictly a config is read. The head's config (the change's proposal) is strict: duplicate
 * keys (the last would silently win) and prototype keys are refused, and every allow entry but a
 * POLICY_CHANGED one names a code. The base's config was reviewed and merged already: it is read as
 * it was (lenient), so that a stricter release of this tool does not fail every pull request.
 */
export type Strictness = 'strict' | 'lenient';

/**
 * Refuses duplicate and prototype keys anywhere in the config (for package.json: under its
 * "error-registry-guard" key), naming the key's line.
 */
function refuseAmbiguousKeys(filepath: string, content: string, within?: string): void {
  const open: Set<string>[] = [];
  let problem: string | undefined;
  jsonc().visit(
    content,
    {
      onObjectBegin: () => {
        open.push(new Set());
      },
      onObjectEnd: () => {
        open.pop();
      },
      onObjectProperty: (key, _offset, _length, line, _character, pathSupplier) => {
        const keys = open.at(-1);
        if (!keys || problem) return;
        const at = pathSupplier();
        const ours = within === undefined || at[0] === within || (at.length === 0 && key === within);
        if (ours && FORBIDDEN_KEYS.has(key))
          problem = `${filepath}:${line + 1}: the key "${key}" is not allowed in the config: remove it`;
        else if (ours && keys.has(key))
          problem = `${filepath}:${line + 1}: duplicate key "${key}" (the last one would silently win): keep one`;
        keys.add(key);
      },
    },
    { allowTrailingComma: true },
  );
  if (problem) throw new UsageError(problem);
}

/** A string token of JSON text, and whether a `:` follows it (then it is a key). */
const JSON_STRING = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

/**
 * Plain JSON with no repeated and no prototype key, read without jsonc-parser, whose loading was a
 * tenth of a hook's `check` (docs/performance.md). Sound by counting, not by parsing: once JSON.parse
 * has accepted the text, every `"` outside a string opens one, so the strings followed by `:` are
 * exactly the keys written; when the parsed objects hold as many keys, none was repeated. Anything
 * else (comments, a repeated or prototype key anywhere) is left to refuseAmbiguousKeys and jsonc-parser.
 */
function plainJson(text: string): { value: unknown } | undefined {
  if (text.includes('__proto__')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  let written = 0;
  for (const match of text.matchAll(JSON_STRING)) if (match[1] !== undefined) written++;
  let held = 0;
  let forbidden = false;
  const count = (node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) count(item);
    else if (node !== null && typeof node === 'object')
      for (const [key, item] of Object.entries(node)) {
        held++;
        if (FORBIDDEN_KEYS.has(key)) forbidden = true;
        count(item);
      }
  };
  count(value);
  return written === held && !forbidden ? { value } : undefined;
}

/** Parses a config file's text (JSON with comments; a leading BOM is fine). */
function loadJsonc(filepath: string, content: string, strictness: Strictness = 'strict'): unknown {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (strictness === 'strict') {
    const plain = plainJson(text);
    if (plain) return plain.value;
    refuseAmbiguousKeys(filepath, text, path.basename(filepath) === 'package.json' ? PACKAGE_KEY : undefined);
  }
  // Most configs are plain JSON: JSON.parse reads them alike (bar `__proto__` keys, which it keeps as data).
  if (!text.includes('__proto__')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Comments, trailing commas or a real error: jsonc-parser reads the first two and names the third.
    }
  }
  const errors: JsoncParser.ParseError[] = [];
  const value: unknown = jsonc().parse(text, errors, { allowTrailingComma: true });
  const first = errors[0];
  if (first) {
    const line = text.slice(0, first.offset).split('\n').length;
    throw new UsageError(
      `${filepath}:${line}: invalid JSON (${jsonc().printParseErrorCode(first.error)}): fix the config file`,
    );
  }
  return value;
}

/** The config inside a parsed file: the whole file, or package.json's "error-registry-guard" key. */
function configIn(file: string, parsed: unknown): unknown {
  return path.basename(file) === 'package.json' ? (parsed as Record<string, unknown> | null)?.[PACKAGE_KEY] : parsed;
}

/** Find and validate the config from `cwd` upwards. Throws UsageError on invalid config. */
export function loadConfig(cwd: string, explicitFile?: string): Config {
  let found: { config: unknown; filepath: string } | null;
  if (explicitFile) {
    const file = path.resolve(cwd, explicitFile);
    const content = readConfigFile(file, explicitFile);
    // An explicit package.json is read like a found one: only its "error-registry-guard" key.
    const config = configIn(file, loadJsonc(file, content));
    if (config === undefined)
      throw new UsageError(`${explicitFile} has no "${PACKAGE_KEY}" key: add one, or point --config at ${CONFIG_FILE}`);
    found = { config, filepath: file };
  } else {
    found = findConfig(cwd, (file, content) => loadJsonc(file, content));
  }
  if (!found) return defaultConfig(cwd);
  const config = validated(found.config ?? {}, path.relative(cwd, found.filepath) || found.filepath, 'strict');
  const where = path.relative(cwd, found.filepath) || found.filepath;
  const result = { ...normaliseAt(config, path.dirname(found.filepath), where, found.filepath), file: found.filepath };
  if (result.allow.length > 0) result.allowLines = allowLines(found.filepath, result.allow.length);
  return result;
}

/**
 * The config in a file's text as it was at some revision (read from git): `file` is where it would
 * be on disk (a config file or a package.json), `root` the project root. Undefined when a
 * package.json there has no "error-registry-guard" key.
 */
export function configFromText(
  file: string,
  content: string,
  root: string,
  strictness: Strictness,
): Config | undefined {
  const where = path.relative(root, file) || file;
  const config = configIn(file, loadJsonc(where, content, strictness));
  if (config === undefined) return undefined;
  const result = { ...normaliseAt(validated(config, where, strictness), root, where, file), file };
  if (result.allow.length > 0) result.allowLines = allowLinesIn(content, file, result.allow.length);
  return result;
}

/** Schema, rule ids, and (strict) allow entries that name their code. */
function validated(raw: unknown, where: string, strictness: Strictness): RawConfig {
  let value = raw;
  if (strictness === 'lenient' && isObject(value) && Array.isArray(value.allow)) {
    // An allow entry without a code was valid before 0.2; at the base it accepts nothing now.
    value = {
      ...value,
      allow: value.allow.filter((a) => !isObject(a) || a.rule === 'POLICY_CHANGED' || a.code !== undefined),
    };
  }
  if (!validateConfig(value)) throw new UsageError(`${where}: ${schemaErrorText(validateConfig.errors)}`);
  const typed = value as RawConfig;
  // The schema cannot know the rule ids: a misspelt one would silently do nothing.
  for (const [key, ids] of [
    ['rules', Object.keys(typed.rules ?? {})],
    ['allow', (typed.allow ?? []).map((a) => a.rule)],
  ] as const) {
    const unknown = ids.find((id) => !RULES.has(id));
    if (unknown)
      throw new UsageError(`${where}: ${key} names unknown rule ${unknown}; rules are ${[...RULES.keys()].join(', ')}`);
  }
  return typed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** normalise, with a bad `codeFormat` pattern as a one-line error naming the file. */
function normaliseAt(raw: RawConfig, root: string, where: string, file?: string): Config {
  try {
    const config = normalise(raw, root);
    if (raw.generate === undefined) return config;
    return { ...config, generate: generateTargets(raw.generate, config.registries, file, root, where) };
  } catch (error) {
    if (error instanceof CodeFormatError) throw new UsageError(`${where}: ${error.message}`);
    throw error;
  }
}

function normalise(raw: RawConfig, root: string): Config {
  const several = raw.registries !== undefined;
  const base = raw.snapshots ?? DEFAULT_SNAPSHOTS;
  const list = raw.registries ?? [raw.registry ?? DEFAULT_REGISTRY];
  const paths = list.map((item) => toPosix(typeof item === 'string' ? item : item.path));
  const stem = (p: string) => path.posix.basename(p, path.posix.extname(p));
  const registries = list.map((item, i) => {
    const p = paths[i]!;
    const own = typeof item === 'string' ? undefined : item.snapshots;
    // One subfolder per registry when there are several: named after the file, or after its whole
    // path when two registries share a file name.
    const shared = paths.filter((q) => stem(q) === stem(p)).length > 1;
    const sub = shared ? p.slice(0, p.length - path.posix.extname(p).length) : stem(p);
    const snapshots = own ?? (several && list.length > 1 ? `${base}/${sub}` : base);
    return { path: p, snapshots: toPosix(snapshots) };
  });
  const folders = registries.map((r) => r.snapshots);
  const clash = folders.find((f, i) => folders.indexOf(f) !== i);
  if (clash) throw new UsageError(`two registries share the snapshots folder ${clash}: give each its own "snapshots"`);
  return {
    root,
    registries,
    snapshots: toPosix(base),
    baseBranch: raw.baseBranch ?? 'main',
    codeFormat: codeFormat(raw.codeFormat),
    rules: raw.rules ?? {},
    allow: raw.allow ?? [],
    allowLines: (raw.allow ?? []).map(() => 1),
    ...(raw.sources ? { sources: raw.sources.map((source) => ({ ...source, path: toPosix(source.path) })) } : {}),
  };
}

/** Where each allow entry starts in the file (config file or package.json key). */
function allowLines(file: string, count: number): number[] {
  try {
    return allowLinesIn(rereadConfigFile(file), file, count);
  } catch {
    return Array.from({ length: count }, () => 1);
  }
}

function allowLinesIn(text: string, file: string, count: number): number[] {
  const { parseTree, findNodeAtLocation } = jsonc();
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const base = path.basename(file) === 'package.json' ? [PACKAGE_KEY, 'allow'] : ['allow'];
  return Array.from({ length: count }, (_, i) => {
    const node = tree ? findNodeAtLocation(tree, [...base, i]) : undefined;
    return node ? text.slice(0, node.offset).split('\n').length : 1;
  });
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/').replace(/^\.\//, '');
}

/**
 * The registry path a tool should use when it is given none: the first configured registry,
 * resolved against the config's root. Never throws (an invalid config falls back to the default).
 */
export function resolveRegistryPath(cwd: string): string {
  return resolveRegistryPaths(cwd)[0]!;
}

/**
 * Every configured registry, resolved against the config's root (at least one: the default when
 * none is configured). Never throws (an invalid config falls back to the default).
 */
export function resolveRegistryPaths(cwd: string): string[] {
  try {
    const config = loadConfig(cwd);
    const paths = config.registries.map((r) => path.resolve(config.root, r.path));
    return paths.length > 0 ? paths : [path.resolve(config.root, DEFAULT_REGISTRY)];
  } catch {
    return [path.resolve(cwd, DEFAULT_REGISTRY)];
  }
}

/** The config a project without a config file has. */
export function defaultConfig(root: string): Config {
  return normalise({}, root);
}
