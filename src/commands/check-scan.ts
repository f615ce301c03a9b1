/**
 * `check` with `sources` configured: the scan joins the gate. Imported only then, so a check
 * without sources loads none of it. In CI (and any check of the working tree) every source is
 * scanned and the whole-tree rules run; with `--staged`, only the staged source files, with the
 * per-file rules (CODE_UNHANDLED and CODE_NOT_RAISED need the whole tree). A code the change adds is
 * named with the consumer sources that do not handle it yet.
 */
import { applyAllow, applySeverity, sortFindings } from '../checks/policy.js';
import { judgeUsage } from '../checks/usage.js';
import type { AllowEntry, Config } from '../config/types.js';
import type { GitRepo } from '../git/repo.js';
import type { RegistryEntry } from '../model.js';
import { makeReport, type Report } from '../report/types.js';
import { scanSources } from '../scan/run.js';
import { registryCodes } from './scan.js';

export interface CheckScan {
  repo: GitRepo;
  /** The config whose `sources` and rules judge: the base's when there is a git base. */
  policy: Config;
  root: string;
  staged: boolean;
  /** Each registry being checked, as the change has it. */
  registries: { path: string; entries: readonly RegistryEntry[] }[];
}

export async function addScan(report: Report, context: CheckScan): Promise<Report> {
  const sources = context.policy.sources;
  if (!sources) return report;
  const codes = registryCodes(context.registries);
  const scanned = await scanSources(context.repo, {
    root: context.root,
    sources,
    codes,
    codeFormat: context.policy.codeFormat,
    ...(context.staged ? { staged: true } : {}),
  });
  const added = new Set(report.findings.filter((f) => f.rule === 'CODE_ADDED' && f.code).map((f) => f.code!));
  const judged = judgeUsage({
    codes,
    files: scanned.files,
    wholeTree: !context.staged,
    roles: {
      producer: sources.some((s) => s.role === 'producer'),
      consumer: sources.some((s) => s.role === 'consumer'),
    },
    added,
    consumers: sources.filter((s) => s.role === 'consumer').map((s) => s.path),
  });
  const used = new Set<AllowEntry>();
  const usage = applyAllow(applySeverity(judged.findings, context.policy.rules), context.policy.allow, '', used);
  const findings = sortFindings([...report.findings, ...usage]);
  return { ...makeReport('check', report.registries, findings, report.failOn), usage: judged.usage };
}
