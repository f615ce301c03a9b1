/** `diff OLD NEW`: two revisions of a registry (files, snapshots or git objects), no git base, no ledger. */
import { judgeDiff } from '../checks/judge.js';
import { applyAllow, applySeverity, sortFindings } from '../checks/policy.js';
import { loadConfig } from '../config/load.js';
import { GitRepo } from '../git/repo.js';
import { makeReport, type Baseline, type RegistryReport, type Report } from '../report/types.js';
import { loadSpec, type ParseLink } from '../sources/file.js';
import type { CommonOptions } from './options.js';

export interface DiffOptions extends CommonOptions {
  old: string;
  new: string;
}

export async function runDiff(options: DiffOptions): Promise<Report> {
  let repo: Promise<GitRepo> | undefined;
  const openRepo = () => (repo ??= GitRepo.open(options.cwd));
  // NEW is parsed from OLD's parse when that is done first (two revisions of one registry mostly
  // share their rows): only the rows that differ are parsed anew, and compared.
  const link: ParseLink = {};
  const [before, after] = await Promise.all([
    loadSpec(options.old, options.cwd, openRepo, undefined, { publish: link }),
    loadSpec(options.new, options.cwd, openRepo, undefined, { from: link }),
  ]);
  // diff works outside any project (no config: defaults); an invalid config is still an error.
  const config = loadConfig(options.cwd, options.config);
  const judged = judgeDiff({ ...before, ...(before.snapshot ? { retired: before.snapshot.retired } : {}) }, after, {
    codeFormat: config.codeFormat,
  });
  const findings = sortFindings(applyAllow(applySeverity(judged, config.rules), config.allow, after.path, new Set()));
  const registries: RegistryReport[] = [
    {
      path: after.path,
      entries: after.model.entries.length,
      baselines: [{ id: before.label, kind: baselineKind(before.label), entries: before.model.entries.length }],
    },
  ];
  return makeReport('diff', registries, findings, options.failOn ?? 'error');
}

function baselineKind(label: string): Baseline['kind'] {
  const kind = label.split(':')[0];
  return kind === 'git' || kind === 'snapshot' || kind === 'ledger' ? kind : 'file';
}
