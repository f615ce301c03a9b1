/**
 * Where a registry revision comes from: a markdown file, a snapshot JSON file, a git object
 * (`REF:PATH`, `:PATH` for the index). Every source becomes a registry model.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { readBounded } from '../files/read.js';
import type { GitRepo } from '../git/repo.js';
import { snapshotEntries, type Snapshot } from '../ledger.js';
import type { ParsedRegistry, RegistryModel } from '../model.js';
import { DEFAULT_MAX_BYTES, parse } from '../parse/parse.js';
import { parseIncremental } from '../parse/incremental.js';
import { relativePosix } from '../paths.js';
import { readSnapshot } from './ledger-files.js';

export interface LoadedRegistry {
  /** Label used in reports and in findings' `against` (e.g. `file:old.md`, `git:HEAD@abc1234`). */
  label: string;
  /** Path shown on findings. */
  path: string;
  model: RegistryModel;
  /** Present for markdown sources: lint runs on it. */
  parsed?: ParsedRegistry;
  snapshot?: Snapshot;
}

/** Parse bytes; input that is not a registry at all (binary, not UTF-8, too big) is a UsageError. */
export function parseOrFail(
  bytes: Uint8Array | string,
  where: string,
  maxBytes = DEFAULT_MAX_BYTES,
  previous?: ParsedRegistry,
): ParsedRegistry {
  // Given a parse of a related revision, only what changed is parsed anew (the same result).
  const parsed = previous ? parseIncremental(bytes, previous, { maxBytes }) : parse(bytes, { maxBytes });
  const fatal = parsed.problems.find((p) => p.unreadable);
  if (fatal) throw new UsageError(`${where}:${fatal.line}: ${fatal.message}`);
  return parsed;
}

/**
 * Read a file for use as a registry (bounded: see files/read.ts), with one-line errors for everything
 * that can go wrong. With `root`, the file must resolve inside it.
 */
export function readRegistryFile(
  file: string,
  display: string,
  options: { maxBytes?: number; root?: string } = {},
): Buffer {
  return readBounded(file, {
    what: 'registry',
    display,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    ...(options.root !== undefined ? { root: options.root, strictRoot: true } : {}),
    fix: {
      missing: 'pass its path, or set "registry" in error-registry-guard.config.json',
      directory: 'pass the markdown file inside it',
      special: options.root !== undefined ? 'point "registry" at the markdown file' : 'pass the markdown file',
      outside: 'point "registry" at a file inside it',
    },
  });
}

export function loadMarkdownFile(
  file: string,
  display: string,
  options: { maxBytes?: number; root?: string } = {},
): LoadedRegistry {
  const parsed = parseOrFail(readRegistryFile(file, display, options), display, options.maxBytes);
  return { label: `file:${display}`, path: display, model: parsed, parsed };
}

export function loadSnapshotFile(file: string, display: string): LoadedRegistry {
  const snapshot = readSnapshot(file, undefined, undefined, display);
  return {
    label: `snapshot:${snapshot.version}`,
    path: snapshot.registry,
    model: { entries: snapshotEntries(snapshot) },
    snapshot,
  };
}

const GIT_OBJECT = /^([^:]*):(.+)$/;

/** Is this `diff` argument a git object (`REF:PATH` or `:PATH`) rather than a file? */
export function isGitSpec(spec: string, cwd: string): boolean {
  return GIT_OBJECT.test(spec) && !existsSync(path.resolve(cwd, spec)) && !/^[A-Za-z]:[\\/]/.test(spec);
}

/** Shared by the two sides of a diff: the first parse done, for the other to start from. */
export interface ParseLink {
  parsed?: ParsedRegistry;
}

/**
 * Load a `diff` argument: markdown file, snapshot JSON, or git object. With `publish`, its parse is
 * left there as soon as it is done; with `from`, a parse found there (a related revision, the other
 * side of a diff) is the starting point: only what differs is parsed anew, with the same result.
 */
export async function loadSpec(
  spec: string,
  cwd: string,
  openRepo: () => Promise<GitRepo>,
  maxBytes?: number,
  link: { publish?: ParseLink; from?: ParseLink } = {},
): Promise<LoadedRegistry> {
  // Parse with what the other side left, and leave this one at once (not a microtask later).
  const parseSide = (bytes: Uint8Array, where: string): ParsedRegistry => {
    const parsed = parseOrFail(bytes, where, maxBytes, link.from?.parsed);
    if (link.publish) link.publish.parsed = parsed;
    return parsed;
  };
  return loadSpecWith(spec, cwd, openRepo, maxBytes, parseSide);
}

async function loadSpecWith(
  spec: string,
  cwd: string,
  openRepo: () => Promise<GitRepo>,
  maxBytes: number | undefined,
  parseSide: (bytes: Uint8Array, where: string) => ParsedRegistry,
): Promise<LoadedRegistry> {
  if (isGitSpec(spec, cwd)) {
    const [, ref = '', file = ''] = GIT_OBJECT.exec(spec) ?? [];
    const repo = await openRepo();
    // git's own convention: `REF:path` is relative to the repository root, `REF:./path` to cwd.
    const rel = /^\.\.?\//.test(file) ? toRepoPath(repo.root, cwd, file) : file;
    if (ref === '') {
      const bytes = await repo.readStaged(rel);
      if (!bytes) throw new UsageError(`${rel} is not in the git index: stage it, or name a commit (HEAD:${rel})`);
      const parsed = parseSide(bytes, `:${rel}`);
      return { label: `git:index`, path: rel, model: parsed, parsed };
    }
    const sha = await repo.requireCommit(ref, 'ref');
    const bytes = await repo.readAt(sha, rel);
    if (!bytes)
      throw new UsageError(`${rel} does not exist at ${ref}: check the path (relative to the repository root)`);
    const parsed = parseSide(bytes, `${ref}:${rel}`);
    return { label: `git:${ref}@${sha.slice(0, 7)}`, path: rel, model: parsed, parsed };
  }
  const file = path.resolve(cwd, spec);
  if (spec.endsWith('.json')) return loadSnapshotFile(file, spec);
  const parsed = parseSide(readRegistryFile(file, spec, maxBytes === undefined ? {} : { maxBytes }), spec);
  return { label: `file:${spec}`, path: spec, model: parsed, parsed };
}

/** A path given relative to cwd, as git wants it: relative to the repository root, forward slashes. */
export function toRepoPath(root: string, cwd: string, file: string): string {
  const abs = path.resolve(cwd, file);
  return relativePosix(realpathSafe(root), realpathSafe(path.dirname(abs)) + path.sep + path.basename(abs));
}

function realpathSafe(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
