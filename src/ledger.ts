/**
 * The snapshot ledger as data: one snapshot per released registry version, oldest first, and what
 * the checks read from it (the latest entries, retired codes, accepted changes). Pure: reading and
 * writing the files is sources/ledger-files.ts's job.
 */
import { normaliseText } from './checks/text.js';
import { entryFields, type EntryFields, type Finding, type RegistryEntry, type RetiredCode } from './model.js';

/**
 * Order of snapshot file names (`X.Y.Z`, digits only): numeric, part by part, which is semver's
 * order for them, without loading semver on every run. Unlike semver.compare it does not throw on
 * a name like `01.0.0.json`: reading that file then reports it by name.
 */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

export const SNAPSHOT_SCHEMA_VERSION = 1;
/** X.Y.Z without leading zeros, as semver writes them; other names in the folder are not snapshots. */
export const VERSION_FILE = /^((?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*))\.json$/;

/** Are X, Y and Z of an `X.Y.Z` safe integers, as semver requires? */
export function hasSafeParts(version: string): boolean {
  return version.split('.').every((part) => Number.isSafeInteger(Number(part)));
}

/** A version `snapshot --release` may write: exactly what the ledger reads back. */
export function isReleaseVersion(version: string): boolean {
  return VERSION_FILE.test(`${version}.json`) && hasSafeParts(version);
}

export interface SnapshotEntry extends EntryFields {
  extra?: Record<string, string>;
}

export interface AcceptedChange {
  rule: string;
  code: string;
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

/**
 * The snapshot that accepted this change, with its reason. An acceptance covers the change into that
 * snapshot only: the finding's code must read there as it reads after the change (for a removal or
 * rename: be gone there). A later change to the same code is judged afresh.
 */
export function acceptedInLedger(ledger: Ledger, finding: Finding): { version: string; reason: string } | undefined {
  for (let i = ledger.snapshots.length - 1; i >= 0; i--) {
    const snapshot = ledger.snapshots[i]!;
    const hit = snapshot.accepted.find((a) => a.rule === finding.rule && a.code === finding.code);
    if (hit && leadsTo(snapshot, finding)) return { version: snapshot.version, reason: hit.reason };
  }
  return undefined;
}

/** Does the change the finding describes end where the snapshot is? */
function leadsTo(snapshot: Snapshot, finding: Finding): boolean {
  const after = finding.after;
  const code = after?.code ?? finding.code;
  const entry = code === undefined ? undefined : snapshot.entries.find((e) => e.code === code);
  if (!after) return entry === undefined;
  return (
    entry !== undefined &&
    entry.status === after.status &&
    entry.deprecated === after.deprecated &&
    normaliseText(entry.meaning) === normaliseText(after.meaning) &&
    normaliseText(entry.handling) === normaliseText(after.handling)
  );
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
