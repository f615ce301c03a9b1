/**
 * The snapshot ledger: one JSON file per released registry version under the snapshots folder.
 * Files are validated on read, written atomically and never overwritten.
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
import type { RetiredCode } from './checks/compat.js';
import { entryFields, type EntryFields, type RegistryEntry } from './model.js';
import { UsageError } from './errors.js';
import { schemaErrorText, validateSnapshot } from './schemas.js';

/**
 * Order of snapshot file names (`X.Y.Z`, digits only): numeric, part by part, which is semver's
 * order for them, without loading semver on every run. Unlike semver.compare it does not throw on
 * a name like `01.0.0.json`: reading that file then reports it by name.
 */
function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

export const SNAPSHOT_SCHEMA_VERSION = 1;
/** X.Y.Z without leading zeros, as semver writes them; other names in the folder are not snapshots. */
const VERSION_FILE = /^((?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*))\.json$/;

/** A version `snapshot --release` may write: exactly what the ledger reads back. */
export function isReleaseVersion(version: string): boolean {
  return VERSION_FILE.test(`${version}.json`);
}

/** Names of the released snapshot files (`X.Y.Z.json`) in a folder; none when it cannot be read. */
export function releasedSnapshotFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => VERSION_FILE.test(name));
  } catch {
    return [];
  }
}

export interface SnapshotEntry extends EntryFields {
  extra?: Record<string, string>;
}

export interface AcceptedChange {
  rule: string;
  code?: string;
  reason: string;
}

export interface Snapshot {
  schemaVersion: number;
  version: string;
  previous: string | null;
  registry: string;
  entries: SnapshotEntry[];
  accepted: AcceptedChange[];
  retired: RetiredCode[];
}

export interface Ledger {
  /** Folder the snapshots live in (absolute). */
  dir: string;
  /** Oldest first. */
  snapshots: Snapshot[];
}

export function latest(ledger: Ledger): Snapshot | undefined {
  return ledger.snapshots.at(-1);
}

/** Reads and validates every snapshot; UsageError naming the file for any unreadable one. */
/**
 * Reads the ledger of one registry. With `registry`, a snapshot recorded for another registry is an
 * error: two registries sharing a folder would mix their ledgers.
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
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const why =
      error instanceof SyntaxError
        ? 'is not valid JSON'
        : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new UsageError(`snapshot ${file} ${why}: restore it from git (git checkout -- ${file})`);
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

/** Snapshot entries as registry entries, so `compare` treats a snapshot like a parsed file. */
export function snapshotEntries(snapshot: Snapshot): RegistryEntry[] {
  return snapshot.entries.map((e) => ({
    code: e.code,
    status: e.status,
    meaning: e.meaning,
    handling: e.handling,
    section: e.section,
    deprecated: e.deprecated,
    extra: e.extra ?? {},
    raw: {},
    line: 0,
  }));
}

export function toSnapshotEntry(entry: RegistryEntry): SnapshotEntry {
  const out: SnapshotEntry = entryFields(entry);
  if (Object.keys(entry.extra).length > 0)
    out.extra = Object.fromEntries(Object.entries(entry.extra).sort(([a], [b]) => a.localeCompare(b)));
  return out;
}

/** Codes retired as of the latest snapshot (the list is cumulative). */
export function retiredCodes(ledger: Ledger): Map<string, RetiredCode> {
  return new Map((latest(ledger)?.retired ?? []).map((r) => [r.code, r]));
}

/**
 * Codes that some snapshot had, the latest does not, and no snapshot retired: their removal was
 * never accepted, so they must still be present.
 */
export function forgottenEntries(ledger: Ledger): RegistryEntry[] {
  const last = latest(ledger);
  if (!last) return [];
  const present = new Set(last.entries.map((e) => e.code));
  const retired = retiredCodes(ledger);
  const seen = new Map<string, SnapshotEntry>();
  for (const snapshot of ledger.snapshots) for (const e of snapshot.entries) seen.set(e.code, e);
  const forgotten = [...seen.values()].filter((e) => !present.has(e.code) && !retired.has(e.code));
  return snapshotEntries({ ...last, entries: forgotten });
}

/** Has any snapshot recorded an accepted finding of this rule and code? Returns its version and reason. */
export function acceptedInLedger(
  ledger: Ledger,
  rule: string,
  code: string | undefined,
): { version: string; reason: string } | undefined {
  for (let i = ledger.snapshots.length - 1; i >= 0; i--) {
    const snapshot = ledger.snapshots[i]!;
    const hit = snapshot.accepted.find((a) => a.rule === rule && (a.code === undefined || a.code === code));
    if (hit) return { version: snapshot.version, reason: hit.reason };
  }
  return undefined;
}

/** Stable, pretty JSON: fixed key order (from the object literal), entries sorted by code. */
export function serialiseSnapshot(snapshot: Snapshot): string {
  const ordered: Snapshot = {
    schemaVersion: snapshot.schemaVersion,
    version: snapshot.version,
    previous: snapshot.previous,
    registry: snapshot.registry,
    accepted: [...snapshot.accepted].sort(
      (a, b) => a.rule.localeCompare(b.rule) || (a.code ?? '').localeCompare(b.code ?? ''),
    ),
    retired: [...snapshot.retired].sort((a, b) => a.code.localeCompare(b.code)),
    entries: [...snapshot.entries].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
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
