/**
 * SNAPSHOT_INVALID: nothing the change adds to the ledger is trusted unchecked. A snapshot added by
 * the change must be what `snapshot` would record now: the registry being committed, judged against
 * the snapshots before it under the project's rules and allow entries, with the acceptances and
 * retired codes that run would write. Only snapshots that pass join the ledger the check trusts.
 */
import type { AllowEntry, Config, RegistryConfig } from '../config/types.js';
import { latest, serialiseSnapshot, compareVersions, type Ledger, type Snapshot } from '../ledger.js';
import type { Finding, ParsedRegistry } from '../model.js';
import { emitterOf } from './finding.js';
import { judgeRegistry } from './judge.js';
import { applyPolicy } from './policy.js';
import { buildSnapshot } from './release.js';

const emit = emitterOf('SNAPSHOT_INVALID');

export interface AddedSnapshot {
  snapshot: Snapshot;
  /** Path of the file, relative to the root. */
  path: string;
}

export interface SnapshotValidation {
  findings: Finding[];
  /** The trusted ledger: the base's snapshots and the added ones that are valid, oldest first. */
  ledger: Ledger;
}

/**
 * Checks each added snapshot, oldest first, against the trusted ledger so far. `policy` gives the
 * rules (the base's) and the allow entries a recording could have used (the base's and the change's).
 */
export function validateAddedSnapshots(
  registry: RegistryConfig,
  current: ParsedRegistry,
  base: Ledger,
  added: readonly AddedSnapshot[],
  policy: Config,
): SnapshotValidation {
  const findings: Finding[] = [];
  let ledger = base;
  for (const { snapshot, path } of [...added].sort((a, b) => compareVersions(a.snapshot.version, b.snapshot.version))) {
    const why = problemOf(registry, current, ledger, snapshot, policy);
    if (why) {
      findings.push(
        emit({
          message: `snapshot ${path} ${why}: run 'error-registry-guard snapshot' to record it, or remove it`,
          path,
          line: 1,
        }),
      );
    } else {
      ledger = { ...ledger, snapshots: [...ledger.snapshots, snapshot] };
    }
  }
  return { findings, ledger };
}

function problemOf(
  registry: RegistryConfig,
  current: ParsedRegistry,
  ledger: Ledger,
  snapshot: Snapshot,
  policy: Config,
): string | undefined {
  const last = latest(ledger);
  if (last && compareVersions(snapshot.version, last.version) <= 0)
    return `is not newer than the released ${last.version}`;
  if (snapshot.previous !== (last?.version ?? null))
    return `says its previous version is ${snapshot.previous ?? 'none'}, but the ledger's latest is ${last?.version ?? 'none'}`;
  // What `snapshot` would judge and record now.
  const judged = judgeRegistry({ registry, current, ledger, changedSnapshots: [] }, { codeFormat: policy.codeFormat });
  const applied = applyPolicy(judged.findings, policy, registry.path, ledger, new Set<AllowEntry>());
  const refused = applied.find((f) => f.severity === 'error' && !f.allowed);
  if (refused)
    return `records a change no allow entry accepts (${refused.rule}${refused.code ? ` ${refused.code}` : ''}): 'snapshot' would refuse it`;
  const expected = buildSnapshot(registry, current, ledger, applied, snapshot.version);
  const [want, got] = [expected, snapshot].map((s) => JSON.parse(serialiseSnapshot(s)) as Record<string, unknown>);
  for (const field of ['registry', 'entries', 'accepted', 'retired'] as const) {
    if (JSON.stringify(want![field]) !== JSON.stringify(got![field]))
      return field === 'entries'
        ? 'does not hold the registry being committed'
        : `does not record the ${field} changes 'snapshot' would (${field} differs)`;
  }
  return undefined;
}
