/**
 * The snapshot ledger's files: one JSON file per released registry version under the snapshots
 * folder. Files are validated on read, written atomically and never overwritten.
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { Config, RegistryConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import {
  compareVersions,
  serialiseSnapshot,
  SNAPSHOT_SCHEMA_VERSION,
  VERSION_FILE,
  type Ledger,
  type Snapshot,
} from '../ledger.js';
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
 * folder would mix their ledgers.
 */
export function readLedger(dir: string, registry?: string): Ledger {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    // eslint-disable-next-line error-registry/known-code -- Node system error code, not a problem code
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { dir, snapshots: [] };
    const code = (error as NodeJS.ErrnoException).code;
    // eslint-disable-next-line error-registry/known-code -- Node system error code, not a problem code
    if (code === 'ENOTDIR')
      throw new UsageError(`snapshots folder ${dir} is a file, not a folder: point "snapshots" at a folder`);
    throw new UsageError(`cannot read snapshots folder ${dir} (${code ?? 'error'}): check its permissions`);
  }
  const versions = names.flatMap((n) => VERSION_FILE.exec(n)?.[1] ?? []).sort(compareVersions);
  const snapshots = versions.map((v) => readSnapshot(path.join(dir, `${v}.json`), v));
  const foreign = registry === undefined ? undefined : snapshots.find((s) => s.registry !== registry);
  if (foreign) {
    throw new UsageError(
      `snapshot ${path.join(dir, `${foreign.version}.json`)} was recorded for ${foreign.registry}, not ${registry}: give each registry its own "snapshots" folder`,
    );
  }
  return { dir, snapshots };
}

export function readSnapshot(file: string, expectedVersion?: string): Snapshot {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `snapshot ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): restore it from git (git checkout -- ${file})`,
    );
  }
  return parseSnapshot(text, file, expectedVersion);
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
export function writeSnapshot(dir: string, snapshot: Snapshot): string {
  const file = path.join(dir, `${snapshot.version}.json`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(
      `cannot create snapshots folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const tmp = path.join(dir, `.${snapshot.version}.json.${process.pid}.${Date.now()}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx');
  } catch (error) {
    throw new UsageError(
      `cannot write to snapshots folder ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'}): check its permissions`,
    );
  }
  try {
    writeSync(fd, serialiseSnapshot(snapshot));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      // eslint-disable-next-line error-registry/known-code -- Node system error code, not a problem code
      code === 'EEXIST'
        ? `snapshot ${file} already exists (another run wrote it): nothing was overwritten; run again to record a newer version`
        : `cannot publish snapshot ${file} (${code ?? 'error'})`,
    );
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // The temporary file is gone already; nothing to clean.
    }
  }
  return file;
}

/**
 * The registry's ledger. With several registries each reads a subfolder; snapshots of this registry
 * left in the shared folder (recorded when it was the only one) would silently be forgotten.
 */
export function readRegistryLedger(config: Config, registry: RegistryConfig): Ledger {
  const ledger = readLedger(path.resolve(config.root, registry.snapshots), registry.path);
  if (ledger.snapshots.length === 0 && registry.snapshots !== config.snapshots) {
    const left = readLedger(path.resolve(config.root, config.snapshots)).snapshots.filter(
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
