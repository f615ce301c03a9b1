/**
 * The snapshot ledger's files: one JSON file per released registry version under the snapshots
 * folder. Files are read bounded (src/files/read.ts), validated on read, written whole and
 * atomically (src/files/write.ts) and never overwritten.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Config, RegistryConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { readBoundedText } from '../files/read.js';
import { writeWhole } from '../files/write.js';
import {
  compareVersions,
  hasSafeParts,
  serialiseSnapshot,
  SNAPSHOT_SCHEMA_VERSION,
  VERSION_FILE,
  type Ledger,
  type Snapshot,
} from '../ledger.js';
import { limitText, SNAPSHOT_MAX_BYTES, sizeText } from '../limits.js';
import { schemaErrorText, validateSnapshot } from '../schemas.js';

/** Names of the released snapshot files (`X.Y.Z.json`) in a folder; none when it cannot be read. */
export function releasedSnapshotFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => VERSION_FILE.test(name));
  } catch {
    return [];
  }
}

/**
 * Reads and validates every snapshot in `dir` (UsageError naming the file for any unreadable one).
 * With `registry`, a snapshot recorded for another registry is an error: two registries sharing a
 * folder would mix their ledgers. With `root`, a snapshot inside it that a symlink takes out of it
 * is refused.
 */
export function readLedger(dir: string, registry?: string, root?: string): Ledger {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { dir, snapshots: [] };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR')
      throw new UsageError(`snapshots folder ${dir} is a file, not a folder: point "snapshots" at a folder`);
    throw new UsageError(`cannot read snapshots folder ${dir} (${code ?? 'error'}): check its permissions`);
  }
  const versions = names.flatMap((n) => VERSION_FILE.exec(n)?.[1] ?? []);
  // A version semver cannot hold would sort wrongly and bump to nothing: named, not skipped.
  const unsafe = versions.find((v) => !hasSafeParts(v));
  if (unsafe !== undefined) {
    throw new UsageError(
      `snapshot ${path.join(dir, `${unsafe}.json`)} is named for a version semver cannot hold (each number at most ${Number.MAX_SAFE_INTEGER}): rename or remove it`,
    );
  }
  versions.sort(compareVersions);
  const snapshots = versions.map((v) => readSnapshot(path.join(dir, `${v}.json`), v, root));
  const foreign = registry === undefined ? undefined : snapshots.find((s) => s.registry !== registry);
  if (foreign) {
    throw new UsageError(
      `snapshot ${path.join(dir, `${foreign.version}.json`)} was recorded for ${foreign.registry}, not ${registry}: give each registry its own "snapshots" folder`,
    );
  }
  return { dir, snapshots };
}

/**
 * One snapshot, read bounded and validated. `root`: the repository it must stay in (see ReadSpec);
 * `display`: how messages name it (default: the path).
 */
export function readSnapshot(file: string, expectedVersion?: string, root?: string, display = file): Snapshot {
  const restore = `restore it from git (git checkout -- ${display})`;
  const text = readBoundedText(file, {
    what: 'snapshot',
    display,
    maxBytes: SNAPSHOT_MAX_BYTES,
    ...(root !== undefined ? { root } : {}),
    fix: { unreadable: restore, directory: restore, special: restore },
  });
  return parseSnapshot(text, display, expectedVersion);
}

/** A snapshot file's text, validated; `file` names it in errors. */
export function parseSnapshot(text: string, file: string, expectedVersion?: string): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`snapshot ${file} is not valid JSON: restore it from git (git checkout -- ${file})`);
  }
  const schemaVersion = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof schemaVersion === 'number' && schemaVersion > SNAPSHOT_SCHEMA_VERSION) {
    throw new UsageError(
      `snapshot ${file} uses schema version ${schemaVersion}, newer than this tool reads (${SNAPSHOT_SCHEMA_VERSION}): upgrade error-registry-guard`,
    );
  }
  if (!validateSnapshot(data)) {
    throw new UsageError(
      `snapshot ${file} is invalid: ${schemaErrorText(validateSnapshot.errors)}; restore it from git`,
    );
  }
  const snapshot = data as Snapshot;
  if (expectedVersion && snapshot.version !== expectedVersion) {
    throw new UsageError(
      `snapshot ${file} says version ${snapshot.version} but is named ${expectedVersion}.json: rename or restore it`,
    );
  }
  return snapshot;
}

/** The version a released snapshot file's name says (`1.2.0.json` → `1.2.0`), or undefined. */
export function snapshotVersionOf(name: string): string | undefined {
  return VERSION_FILE.exec(name)?.[1];
}

/**
 * Writes `<dir>/<version>.json` atomically and without clobbering: the content goes to a temporary
 * file first, then a hard link publishes it under its final name, which fails if the name exists
 * (rename would silently replace it). Concurrent writers of one version: exactly one wins.
 */
export function writeSnapshot(dir: string, snapshot: Snapshot, cwd = process.cwd()): string {
  const file = path.join(dir, `${snapshot.version}.json`);
  const display = path.relative(cwd, file) || file;
  const text = serialiseSnapshot(snapshot);
  // What is written must read back: never a snapshot over the size a read accepts.
  const size = Buffer.byteLength(text, 'utf8');
  if (size > SNAPSHOT_MAX_BYTES) {
    throw new UsageError(
      `snapshot ${display} would be ${sizeText(size)}, over the ${limitText(SNAPSHOT_MAX_BYTES)} a snapshot may be: nothing was written`,
    );
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(
      `cannot create snapshots folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  writeWhole(file, text, {
    display,
    exists: `snapshot ${display} already exists (another run wrote it): nothing was overwritten; run again to record a newer version`,
  });
  return file;
}

/**
 * The registry's ledger. With several registries each reads a subfolder; snapshots of this registry
 * left in the shared folder (recorded when it was the only one) would silently be forgotten.
 */
export function readRegistryLedger(config: Config, registry: RegistryConfig): Ledger {
  const ledger = readLedger(path.resolve(config.root, registry.snapshots), registry.path, config.root);
  if (ledger.snapshots.length === 0 && registry.snapshots !== config.snapshots) {
    const left = readLedger(path.resolve(config.root, config.snapshots), undefined, config.root).snapshots.filter(
      (s) => s.registry === registry.path,
    );
    if (left.length > 0) {
      throw new UsageError(
        `the snapshots of ${registry.path} are in ${config.snapshots}/, but it now reads ${registry.snapshots}/: move them there, or set its "snapshots" to "${config.snapshots}"`,
      );
    }
  }
  return ledger;
}
