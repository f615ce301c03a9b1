/**
 * Judging one registry of a change under the base's policy (pure): the snapshots the change adds are
 * checked first, and only those that pass join the ledger; then the revision being committed is
 * judged against the base's revision and that ledger, as `check` always did.
 */
import type { Config } from '../config/types.js';
import type { RegistryChange } from '../sources/change.js';
import { judgeRegistry, type RegistryJudgement } from './judge.js';
import { validateAddedSnapshots } from './snapshot-validation.js';
import type { Ledger } from '../ledger.js';

export interface ChangeJudgement extends RegistryJudgement {
  /** The ledger the check trusts: the base's, and the added snapshots that are valid. */
  ledger: Ledger;
}

/** `policy` has the base's rules and the allow entries of the base and the change. */
export function judgeRegistryChange(change: RegistryChange, label: string, policy: Config): ChangeJudgement {
  const registry = { ...change.registry, path: change.readFrom };
  const validation = validateAddedSnapshots(
    registry,
    change.current,
    { dir: change.ledgerDir, snapshots: change.baseLedger },
    change.added,
    policy,
  );
  const judged = judgeRegistry(
    {
      registry,
      current: change.current,
      ledger: validation.ledger,
      base: { label, model: change.atBase, compared: true, ...(change.baseNote ? { note: change.baseNote } : {}) },
      changedSnapshots: change.changedSnapshots,
    },
    { codeFormat: policy.codeFormat, levels: policy.rules },
  );
  return {
    findings: [...judged.findings, ...validation.findings],
    baselines: judged.baselines,
    ledger: validation.ledger,
  };
}
