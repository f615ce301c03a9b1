/**
 * The registry as the `known-code` rule sees it: the set of codes, parsed once per process with the
 * package's own parser and re-read when the file changes (an editor's ESLint server runs for hours).
 */
import { statSync } from 'node:fs';
import { parse } from '../../src/parse/parse.js';
import { resolveRegistryPaths } from '../../src/config/load.js';
import { readBounded, ReadError } from '../../src/files/read.js';
import { REGISTRY_MAX_BYTES } from '../../src/limits.js';

export interface CodeInfo {
  /** True when every row for the code is deprecated (struck through, or a `deprecated` cell). */
  deprecated: boolean;
  /** 1-based line of the code's first row. */
  line: number;
  /** The registry file of that row, when several registries are read as one (see loadRegistries). */
  file?: string;
}

export type RegistryCodes = { ok: true; codes: ReadonlyMap<string, CodeInfo> } | { ok: false; reason: string };

interface CacheEntry {
  mtimeMs: number;
  size: number;
  result: RegistryCodes;
  /** When the file was last stat'ed (Date.now()). */
  checkedAt: number;
}

/**
 * How long a registry's last stat is trusted. A lint run over many files then stats it a few times
 * a second instead of once per file (most of the rule's cost on a 2,000-file run), while a person
 * who saves the registry and goes back to the code takes far longer than this to get there.
 */
export const RECHECK_MS = 100;

/** Parsed registries by absolute path. */
const cache = new Map<string, CacheEntry>();

/**
 * The registry at `file`: a `statSync` at most every RECHECK_MS, a read and parse only when the file
 * is new or its mtime or size changed. Never throws: a missing or unusable file gives `ok: false`
 * and why (and is checked again on the next call).
 */
export function loadRegistry(file: string): RegistryCodes {
  const now = Date.now();
  const cached = cache.get(file);
  // A clock that went backwards does not keep a stale registry: it re-checks.
  if (cached && now >= cached.checkedAt && now - cached.checkedAt < RECHECK_MS) return cached.result;
  let stat;
  try {
    stat = statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    return { ok: false, reason: `cannot be read (${errorCode(error)})` };
  }
  if (!stat) {
    cache.delete(file);
    return { ok: false, reason: 'does not exist' };
  }
  if (!stat.isFile()) return { ok: false, reason: 'is not a file' };
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
    cached.checkedAt = now;
    return cached.result;
  }

  let result: RegistryCodes;
  try {
    // Bounded: a file that became a FIFO or a device since the stat, or a huge one, is refused unread.
    result = fromMarkdown(readBounded(file, { what: 'registry', maxBytes: REGISTRY_MAX_BYTES }));
  } catch (error) {
    result = { ok: false, reason: error instanceof ReadError ? error.reason : `cannot be read (${errorCode(error)})` };
  }
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, result, checkedAt: now });
  return result;
}

function fromMarkdown(bytes: Uint8Array): RegistryCodes {
  const parsed = parse(bytes);
  const unreadable = parsed.problems.find((p) => p.unreadable);
  if (unreadable) return { ok: false, reason: `cannot be parsed (line ${unreadable.line}: ${unreadable.message})` };
  if (parsed.entries.length === 0) {
    const first = parsed.problems[0];
    return { ok: false, reason: `has no error codes${first ? ` (line ${first.line}: ${first.message})` : ''}` };
  }
  const codes = new Map<string, CodeInfo>();
  for (const entry of parsed.entries) {
    const seen = codes.get(entry.code);
    // A code listed twice is deprecated only if every row says so.
    if (seen) seen.deprecated &&= entry.deprecated;
    else codes.set(entry.code, { deprecated: entry.deprecated, line: entry.line });
  }
  return { ok: true, codes };
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}

/** Several registries read as one: the codes of all, or the first that cannot be used. */
export type RegistrySet =
  { ok: true; codes: ReadonlyMap<string, CodeInfo> } | { ok: false; reason: string; file: string };

/** The last merge of each list of files, and the parsed registries it was made from. */
const merged = new WeakMap<readonly string[], { parts: RegistryCodes[]; result: RegistrySet }>();

/**
 * The registries at `files` as one (a frontend that talks to several services knows the codes of
 * all): a code is known when any of them lists it, and deprecated only when every one that lists it
 * says so. Each file is loaded as by loadRegistry; the merge is redone only when one of them
 * changed. The first registry that cannot be used makes the set unusable, naming it.
 */
export function loadRegistries(files: readonly string[]): RegistrySet {
  const parts = files.map(loadRegistry);
  const failed = parts.findIndex((p) => !p.ok);
  if (failed !== -1) return { ...(parts[failed] as { ok: false; reason: string }), file: files[failed]! };
  const last = merged.get(files);
  if (last && last.parts.every((p, i) => p === parts[i])) return last.result;
  let result: RegistrySet;
  if (files.length === 1) {
    result = parts[0] as RegistrySet;
  } else {
    const codes = new Map<string, CodeInfo>();
    for (const [i, part] of parts.entries()) {
      if (!part.ok) continue;
      for (const [code, info] of part.codes) {
        const seen = codes.get(code);
        // Where a code is still live somewhere, that registry is the one to name.
        if (!seen || (seen.deprecated && !info.deprecated)) codes.set(code, { ...info, file: files[i]! });
      }
    }
    result = { ok: true, codes };
  }
  merged.set(files, { parts, result });
  return result;
}

/** Registry paths from the checker's config by working directory: config discovery runs once per cwd. */
const configured = new Map<string, string[]>();

/** Every registry the checker's config names (else the default registry), as absolute paths. */
export function configuredRegistryPaths(cwd: string): string[] {
  let files = configured.get(cwd);
  if (files === undefined) {
    files = resolveRegistryPaths(cwd);
    configured.set(cwd, files);
  }
  return files;
}
