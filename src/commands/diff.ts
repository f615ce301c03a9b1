/** `diff OLD NEW`: two revisions of a registry (files, snapshots or git objects), no git base, no ledger. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { judgeDiff } from '../checks/judge.js';
import { applyAllow, applySeverity, sortFindings } from '../checks/policy.js';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { GitRepo } from '../git/repo.js';
import { makeReport, type Baseline, type RegistryReport, type Report } from '../report/types.js';
import { loadSpec, type ParseLink } from '../sources/file.js';
import { gitPath } from '../sources/worktree.js';
import { selectRegistries, type CommonOptions } from './options.js';

export interface DiffOptions extends CommonOptions {
  old: string;
  new: string;
  /** With two refs: only this configured registry. */
  registry?: string;
}

/**
 * `diff REF REF`: two arguments that are neither files nor `REF:PATH` but both name commits compare
 * the configured registries as they are at each ref. A file of that name wins over a ref.
 */
async function refPair(options: DiffOptions, openRepo: () => Promise<GitRepo>): Promise<boolean> {
  const plain = (spec: string) => !spec.includes(':') && !existsSync(path.resolve(options.cwd, spec));
  if (!plain(options.old) || !plain(options.new)) return false;
  const [old, now] = await (await openRepo()).resolveCommits([options.old, options.new]);
  if ((old === undefined) !== (now === undefined)) {
    const missing = old === undefined ? options.old : options.new;
    throw new UsageError(
      `${missing} is neither a file nor a git ref: give two refs (diff HEAD~1 HEAD), two files, or REF:PATH`,
    );
  }
  return old !== undefined;
}

export async function runDiff(options: DiffOptions): Promise<Report> {
  let repo: Promise<GitRepo> | undefined;
  const openRepo = () => (repo ??= GitRepo.open(options.cwd));
  if (await refPair(options, openRepo)) {
    const config = loadConfig(options.cwd, options.config);
    const reports = [];
    for (const registry of selectRegistries(config, options.registry)) {
      // `REF:path` is relative to the repository root, as the configured path is.
      const at = (ref: string) => `${ref}:${gitPath(config, registry)}`;
      reports.push(await runDiff({ ...options, old: at(options.old), new: at(options.new) }));
    }
    return makeReport(
      'diff',
      reports.flatMap((r) => r.registries),
      reports.flatMap((r) => r.findings),
      options.failOn ?? 'error',
    );
  }
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
