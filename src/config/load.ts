/**
 * Config discovery and validation: `error-registry-guard.config.json` (JSON with comments) or the
 * `"error-registry-guard"` key of package.json, found from the working directory upwards.
 */
import path from 'node:path';
import type * as JsoncParser from 'jsonc-parser';
import { RULES } from '../checks/catalog.js';
import { UsageError } from '../errors.js';
import { lazyRequire } from '../lazy-require.js';
import type { Severity } from '../model.js';
import { schemaErrorText, validateConfig } from '../schemas.js';
import { findConfig, readConfigFile, rereadConfigFile } from './find.js';
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
  rules?: Record<string, Severity | 'off'>;
  allow?: AllowEntry[];
}

// jsonc-parser only when plain JSON is not enough.
const jsonc = lazyRequire<typeof JsoncParser>('jsonc-parser');

function loadJsonc(filepath: string, content: string): unknown {
  // Most configs are plain JSON: JSON.parse reads them alike (bar `__proto__` keys, which it keeps as data).
  if (!content.includes('__proto__')) {
    try {
      return JSON.parse(content) as unknown;
    } catch {
      // Comments, trailing commas or a real error: jsonc-parser reads the first two and names the third.
    }
  }
  const errors: JsoncParser.ParseError[] = [];
  const value: unknown = jsonc().parse(content, errors, { allowTrailingComma: true });
  const first = errors[0];
  if (first) {
    const line = content.slice(0, first.offset).split('\n').length;
    throw new UsageError(
      `${filepath}:${line}: invalid JSON (${jsonc().printParseErrorCode(first.error)}): fix the config file`,
    );
  }
  return value;
}

/** Find and validate the config from `cwd` upwards. Throws UsageError on invalid config. */
export function loadConfig(cwd: string, explicitFile?: string): Config {
  let found: { config: unknown; filepath: string } | null;
  if (explicitFile) {
    const file = path.resolve(cwd, explicitFile);
    const content = readConfigFile(file, explicitFile);
    const parsed = loadJsonc(file, content);
    // An explicit package.json is read like a found one: only its "error-registry-guard" key.
    const config =
      path.basename(file) === 'package.json' ? (parsed as Record<string, unknown> | null)?.[PACKAGE_KEY] : parsed;
    if (config === undefined)
      throw new UsageError(`${explicitFile} has no "${PACKAGE_KEY}" key: add one, or point --config at ${CONFIG_FILE}`);
    found = { config, filepath: file };
  } else {
    found = findConfig(cwd, loadJsonc);
  }
  if (!found) return normalise({}, cwd);
  const raw = found.config ?? {};
  if (!validateConfig(raw)) {
    throw new UsageError(
      `${path.relative(cwd, found.filepath) || found.filepath}: ${schemaErrorText(validateConfig.errors)}`,
    );
  }
  const where = path.relative(cwd, found.filepath) || found.filepath;
  const typed = raw as RawConfig;
  // The schema cannot know the rule ids: a misspelt one would silently do nothing.
  for (const [key, ids] of [
    ['rules', Object.keys(typed.rules ?? {})],
    ['allow', (typed.allow ?? []).map((a) => a.rule)],
  ] as const) {
    const unknown = ids.find((id) => !RULES.has(id));
    if (unknown)
      throw new UsageError(`${where}: ${key} names unknown rule ${unknown}; rules are ${[...RULES.keys()].join(', ')}`);
  }
  const config = { ...normalise(typed, path.dirname(found.filepath)), file: found.filepath };
  if (config.allow.length > 0) config.allowLines = allowLines(found.filepath, config.allow.length);
  return config;
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
    rules: raw.rules ?? {},
    allow: raw.allow ?? [],
    allowLines: (raw.allow ?? []).map(() => 1),
  };
}

/** Where each allow entry starts in the file (config file or package.json key). */
function allowLines(file: string, count: number): number[] {
  try {
    const text = rereadConfigFile(file);
    const { parseTree, findNodeAtLocation } = jsonc();
    const tree = parseTree(text, [], { allowTrailingComma: true });
    const base = path.basename(file) === 'package.json' ? [PACKAGE_KEY, 'allow'] : ['allow'];
    return Array.from({ length: count }, (_, i) => {
      const node = tree ? findNodeAtLocation(tree, [...base, i]) : undefined;
      return node ? text.slice(0, node.offset).split('\n').length : 1;
    });
  } catch {
    return Array.from({ length: count }, () => 1);
  }
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
