/** The report every command produces; each output format renders it. */
import type { Finding, Severity, UsageRow } from '../model.js';
import { SEVERITY_RANK } from '../model.js';

export interface Baseline {
  /** Stable label used in findings' `against`, e.g. `git:origin/main@abc1234`, `snapshot:1.2.0`, `ledger`, `file:old.md`. */
  id: string;
  kind: 'git' | 'snapshot' | 'ledger' | 'file';
  /** Number of entries in the baseline (0 when the registry is absent there). */
  entries: number;
  /** Why a baseline was skipped or is special (e.g. "registry absent at base"). */
  note?: string;
}

export interface RegistryReport {
  /** Registry path relative to the repository root (or as given). */
  path: string;
  /** Number of entries in the checked revision. */
  entries: number;
  baselines: Baseline[];
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  /** Findings accepted by an allow entry (counted in none of the above). */
  allowed: number;
  /** Unaccepted findings at or above the fail level: the run fails when this is > 0. */
  failing: number;
}

export interface Report {
  ok: boolean;
  command: 'lint' | 'diff' | 'check' | 'snapshot' | 'audit' | 'scan';
  failOn: Severity;
  registries: RegistryReport[];
  findings: Finding[];
  summary: Summary;
  /** `scan` (and `check` with `sources`): who raises and who handles each registry code. */
  usage?: UsageRow[];
}

/** Unaccepted findings at or above the fail level: the ones that fail the run. */
export function isFailing(f: Finding, failOn: Severity): boolean {
  return !f.allowed && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn];
}

export function summarise(findings: readonly Finding[], failOn: Severity): Summary {
  const s: Summary = { errors: 0, warnings: 0, infos: 0, allowed: 0, failing: 0 };
  for (const f of findings) {
    if (f.allowed) {
      s.allowed++;
      continue;
    }
    if (f.severity === 'error') s.errors++;
    else if (f.severity === 'warning') s.warnings++;
    else s.infos++;
    if (isFailing(f, failOn)) s.failing++;
  }
  return s;
}

export function makeReport(
  command: Report['command'],
  registries: RegistryReport[],
  findings: Finding[],
  failOn: Severity,
): Report {
  const summary = summarise(findings, failOn);
  return { ok: summary.failing === 0, command, failOn, registries, findings, summary };
}

/** A formatter turns a report into the text written to stdout. */
export type Formatter = (report: Report, options: FormatOptions) => string;

export interface FormatOptions {
  /** Use ANSI colours (text format only). */
  color: boolean;
  /** Working directory, for relative paths. */
  cwd: string;
  /** Text format: list info findings one a line instead of one summary line per rule. */
  verbose?: boolean;
  /** Text format: where allow entries go and whether a hook runs, for the next steps of a failed run. */
  next?: NextStepContext;
}

export interface NextStepContext {
  /** The config file allow entries go into, as the user should open it (relative to the cwd). */
  configFile: string;
  /** The run is a pre-commit hook's (`check --staged --only-if-staged`). */
  hook: boolean;
}
