/**
 * `snapshot [--release X.Y.Z] [--registry PATH]`: record the registry as a released version in the
 * ledger, judged against the ledger first: a release with unaccepted errors is refused.
 */
import { judgeRegistry } from '../checks/judge.js';
import { applyPolicy, sortFindings } from '../checks/policy.js';
import { buildSnapshot, nextVersion } from '../checks/release.js';
import { loadConfig } from '../config/load.js';
import type { AllowEntry } from '../config/types.js';
import { UsageError } from '../errors.js';
import { isReleaseVersion, latest, type Snapshot } from '../ledger.js';
import type { Finding } from '../model.js';
import { makeReport, type RegistryReport, type Report } from '../report/types.js';
import { loadRegistryBaselines } from '../sources/baselines.js';
import { writeSnapshot } from '../sources/ledger-files.js';
import { selectRegistries, unusedAllow, type CommonOptions } from './options.js';

export interface SnapshotOptions extends CommonOptions {
  release?: string;
  /** Only this registry (path as configured). */
  registry?: string;
}

export interface SnapshotResult {
  report: Report;
  /** Files written. */
  written: string[];
  /** A sentence per registry that needed no new version. */
  unchanged: string[];
}

export async function runSnapshot(options: SnapshotOptions): Promise<SnapshotResult> {
  const config = loadConfig(options.cwd, options.config);
  const selected = selectRegistries(config, options.registry);
  if (options.release !== undefined && !isReleaseVersion(options.release)) {
    throw new UsageError(
      `--release ${options.release} is not a release version X.Y.Z (no 'v', no pre-release, each number at most ${Number.MAX_SAFE_INTEGER}): the ledger reads only those`,
    );
  }
  const used = new Set<AllowEntry>();
  const plans: { dir: string; snapshot: Snapshot }[] = [];
  const registries: RegistryReport[] = [];
  const unchanged: string[] = [];
  const findings: Finding[] = [];
  for (const registry of selected) {
    // No git base: a release is judged against the ledger alone.
    const loaded = await loadRegistryBaselines(config, registry);
    const judged = judgeRegistry(loaded, { codeFormat: config.codeFormat });
    const applied = applyPolicy(judged.findings, config, registry.path, loaded.ledger, used);
    findings.push(...applied);
    registries.push({ path: registry.path, entries: loaded.current.entries.length, baselines: judged.baselines });
    const last = latest(loaded.ledger);
    const changes = applied.filter((f) => f.against !== undefined && f.against.length > 0);
    if (last && changes.length === 0) {
      unchanged.push(`${registry.path}: no change since snapshot ${last.version}; nothing written`);
      continue;
    }
    const version = nextVersion(last?.version, changes, options.release);
    plans.push({
      dir: loaded.ledger.dir,
      snapshot: buildSnapshot(registry, loaded.current, loaded.ledger, applied, version),
    });
  }
  findings.push(...unusedAllow(config, used));
  const report = makeReport('snapshot', registries, sortFindings(findings), 'error');
  // Refuse when any unaccepted error remains: a snapshot is a release, and a release must be clean.
  if (!report.ok) return { report, written: [], unchanged };
  const written = plans.map((p) => writeSnapshot(p.dir, p.snapshot, options.cwd));
  return { report, written, unchanged };
}
