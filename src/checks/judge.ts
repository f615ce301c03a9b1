/**
 * Judging, pure: from what a command loaded (sources/) to the findings the rules make, before the
 * project's policy is applied. `check` and `snapshot` judge a registry against its baselines, `diff`
 * one revision against another; `audit` judges a history (history.ts) with the same rules.
 */
import { retiredCodes } from '../ledger.js';
import { forgottenEntries, latest, snapshotEntries } from '../ledger.js';
import type { Finding, ParsedRegistry, RegistryModel, RetiredCode } from '../model.js';
import { changedCodes } from '../parse/incremental.js';
import type { Baseline } from '../report/types.js';
import type { RegistryBaselines } from '../sources/baselines.js';
import { breaksOnly, changeLint, laggingNote, type Levels } from './change-scope.js';
import { compare } from './compat.js';
import { lint, type LintOptions } from './lint.js';
import { mergeFindings } from './policy.js';
import { snapshotChanged } from './snapshots.js';

export interface RegistryJudgement {
  /** One finding per rule and code, each with the baselines it was found against. */
  findings: Finding[];
  baselines: Baseline[];
}

/** One registry against its git base, the latest snapshot and the ledger's older codes. */
export interface JudgeOptions extends LintOptions {
  /** The judging rules' levels (the base's): with a compared git base, what is a break. */
  levels?: Levels;
}

export function judgeRegistry(input: RegistryBaselines, options: JudgeOptions = {}): RegistryJudgement {
  const { registry, current, ledger, base } = input;
  const { levels, ...lintOptions } = options;
  const compareOptions = { path: registry.path, retired: retiredCodes(ledger) };
  // With a git base the report is the change's (change-scope.ts); without one, everything is reported.
  const scoped = base?.compared === true;
  const own = lint(current, registry.path, lintOptions);
  const groups: { against: string; findings: Finding[] }[] = [
    { against: '', findings: scoped ? changeLint(own, base.model, current, levels) : own },
  ];
  const baselines: Baseline[] = [];
  // The change's own findings: what the base comparison found is not the snapshot's lag.
  const ownChanges = new Set<string>();
  if (base) {
    if (base.compared) {
      const changes = compare(base.model, current, compareOptions);
      for (const f of changes) ownChanges.add(`${f.rule}\0${f.code ?? ''}`);
      groups.push({ against: base.label, findings: changes });
    }
    baselines.push({
      id: base.label,
      kind: 'git',
      entries: base.model.entries.length,
      ...(base.note ? { note: base.note } : {}),
    });
  }
  const last = latest(ledger);
  if (last) {
    const label = `snapshot:${last.version}`;
    const found = compare({ entries: snapshotEntries(last) }, current, compareOptions);
    const { kept, left } = scoped ? breaksOnly(found, levels) : { kept: found, left: [] };
    groups.push({ against: label, findings: kept });
    const note = laggingNote(left.filter((f) => !ownChanges.has(`${f.rule}\0${f.code ?? ''}`)));
    baselines.push({ id: label, kind: 'snapshot', entries: last.entries.length, ...(note ? { note } : {}) });
    const forgotten = forgottenEntries(ledger);
    if (forgotten.length > 0) {
      // No rename matching here: a forgotten code is missing whatever else resembles it.
      const removed = compare({ entries: forgotten }, current, { ...compareOptions, detectRenames: false }).filter(
        (f) => f.rule === 'CODE_REMOVED',
      );
      groups.push({ against: 'ledger', findings: scoped ? breaksOnly(removed, levels).kept : removed });
      baselines.push({
        id: 'ledger',
        kind: 'ledger',
        entries: forgotten.length,
        note: 'codes of older snapshots whose removal was never accepted',
      });
    }
  }
  if (base && input.changedSnapshots.length > 0)
    groups.push({ against: base.label, findings: snapshotChanged(input.changedSnapshots) });
  return { findings: mergeFindings(groups), baselines };
}

/** One side of a `diff`: a registry revision (markdown or git object) or a snapshot. */
export interface DiffSide {
  label: string;
  path: string;
  model: RegistryModel;
  /** Present for markdown sources: lint runs on it, and it tells which codes changed. */
  parsed?: ParsedRegistry;
  /** Codes a snapshot retired (OLD side only): their return is CODE_REINTRODUCED. */
  retired?: readonly RetiredCode[];
}

/** NEW's lint findings and its changes against OLD. */
export function judgeDiff(before: DiffSide, after: DiffSide, lintOptions: LintOptions = {}): Finding[] {
  const retired = before.retired ? new Map(before.retired.map((r) => [r.code, r])) : undefined;
  // After an incremental parse only the codes of the rows read anew can differ: compare just those.
  const codes = before.parsed && after.parsed ? changedCodes(before.parsed, after.parsed) : undefined;
  const only = (m: RegistryModel): RegistryModel =>
    codes ? { entries: m.entries.filter((e) => codes.has(e.code)), sections: m.sections ?? [] } : m;
  const changes = compare(only(before.model), only(after.model), { path: after.path, ...(retired ? { retired } : {}) });
  const own = after.parsed ? lint(after.parsed, after.path, lintOptions) : [];
  return mergeFindings([
    { against: '', findings: own },
    { against: before.label, findings: changes },
  ]);
}
