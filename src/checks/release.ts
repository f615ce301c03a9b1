/**
 * What `snapshot` records: the next version (the largest semver bump any accepted change asks for,
 * from the catalog) and the snapshot itself, with the changes it accepted and the codes it retires.
 */
import type SemverGt from 'semver/functions/gt.js';
import type SemverInc from 'semver/functions/inc.js';
import type { RegistryConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { lazyRequire } from '../lazy-require.js';
import {
  isReleaseVersion,
  latest,
  SNAPSHOT_SCHEMA_VERSION,
  toSnapshotEntry,
  type Ledger,
  type Snapshot,
} from '../ledger.js';
import type { Finding, ParsedRegistry } from '../model.js';
import { ruleInfo } from './catalog.js';

// Single semver functions, required only by `snapshot`: the package's index loads some fifty modules.
const semverGt = lazyRequire<typeof SemverGt>('semver/functions/gt.js');
const semverInc = lazyRequire<typeof SemverInc>('semver/functions/inc.js');

const BUMP_ORDER = ['patch', 'minor', 'major'] as const;

/** The version to record: `release` when given (it must be greater), else the latest bumped by the changes. */
export function nextVersion(previous: string | undefined, changes: Finding[], release: string | undefined): string {
  if (release !== undefined) {
    if (previous && !semverGt()(release, previous))
      throw new UsageError(`--release ${release} must be greater than the latest snapshot ${previous}`);
    return release;
  }
  if (!previous) return '1.0.0';
  let level = 0;
  for (const f of changes) level = Math.max(level, BUMP_ORDER.indexOf(ruleInfo(f.rule).bump ?? 'patch'));
  const bump = BUMP_ORDER[level]!;
  // semver gives null for a version it cannot read, and counts past its own limit: neither is written.
  const next = semverInc()(previous, bump);
  if (next === null || !isReleaseVersion(next)) {
    throw new UsageError(
      `cannot compute the ${bump} version after ${previous}: its numbers would pass semver's limit (${Number.MAX_SAFE_INTEGER}); pass --release X.Y.Z`,
    );
  }
  return next;
}

/** The snapshot of `parsed` as `version`, with the findings the policy accepted against the ledger. */
export function buildSnapshot(
  registry: RegistryConfig,
  parsed: ParsedRegistry,
  ledger: Ledger,
  findings: Finding[],
  version: string,
): Snapshot {
  const last = latest(ledger);
  const present = new Set(parsed.entries.map((e) => e.code));
  const retired = new Map((last?.retired ?? []).filter((r) => !present.has(r.code)).map((r) => [r.code, r]));
  const accepted = findings.filter(
    (f) => f.allowed && f.against?.some((a) => a.startsWith('snapshot:') || a === 'ledger'),
  );
  for (const f of accepted) {
    if ((f.rule === 'CODE_REMOVED' || f.rule === 'CODE_RENAMED') && f.code)
      retired.set(f.code, { code: f.code, version, ...(f.reason ? { reason: f.reason } : {}) });
  }
  const seen = new Set<string>();
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    version,
    previous: last?.version ?? null,
    registry: registry.path,
    entries: parsed.entries.filter((e) => !seen.has(e.code) && seen.add(e.code)).map(toSnapshotEntry),
    accepted: accepted.flatMap((f) => (f.code ? [{ rule: f.rule, code: f.code, reason: f.reason ?? '' }] : [])),
    retired: [...retired.values()],
  };
}
