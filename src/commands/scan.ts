/**
 * `scan [PATH...]`: the registry against the code that raises and handles its codes (the
 * configured `sources`, or the source files under PATH). Load the registries and the sources,
 * judge them (checks/usage.ts), apply the policy, report with the usage matrix.
 */
import path from 'node:path';
import { applyAllow, applySeverity, sortFindings } from '../checks/policy.js';
import { judgeUsage, type RegistryCode } from '../checks/usage.js';
import { loadConfig } from '../config/load.js';
import type { AllowEntry } from '../config/types.js';
import { UsageError } from '../errors.js';
import { GitRepo } from '../git/repo.js';
import type { RegistryEntry } from '../model.js';
import { makeReport, type RegistryReport, type Report } from '../report/types.js';
import { scanSources } from '../scan/run.js';
import { loadMarkdownFile } from '../sources/file.js';
import type { CommonOptions } from './options.js';

export interface ScanOptions extends CommonOptions {
  paths?: string[];
}

/** The codes of the configured registries (working tree), for the usage rules. */
export function registryCodes(registries: { path: string; entries: readonly RegistryEntry[] }[]): RegistryCode[] {
  return registries.flatMap((r) =>
    r.entries.map((e) => ({ code: e.code, deprecated: e.deprecated, path: r.path, line: e.line })),
  );
}

export async function runScan(options: ScanOptions): Promise<Report> {
  const config = loadConfig(options.cwd, options.config);
  if (!config.sources)
    throw new UsageError('scan needs "sources" in the config (which files raise and handle codes): see docs/scan.md');
  const registries: RegistryReport[] = [];
  const loaded = config.registries.map((registry) => {
    const file = path.resolve(config.root, registry.path);
    const parsed = loadMarkdownFile(file, registry.path, { root: config.root }).parsed!;
    // A row that cannot be read is a code the scan would misjudge: the registry must read whole first.
    if (parsed.problems.length > 0)
      throw new UsageError(
        `${registry.path} has rows that cannot be read (${parsed.problems.length}): run 'error-registry-guard lint' and fix them, then scan`,
      );
    registries.push({ path: registry.path, entries: parsed.entries.length, baselines: [] });
    return { path: registry.path, entries: parsed.entries };
  });
  const only = options.paths?.map((p) => {
    const relative = path.relative(config.root, path.resolve(options.cwd, p)).split(path.sep).join('/');
    if (relative.startsWith('..')) throw new UsageError(`${p} is outside the repository`);
    return relative;
  });
  const repo = await GitRepo.forWorkTree(config.root);
  const codes = registryCodes(loaded);
  const scanned = await scanSources(repo, {
    root: config.root,
    sources: config.sources,
    codes,
    codeFormat: config.codeFormat,
    ...(only ? { only } : {}),
  });
  const roles = {
    producer: config.sources.some((s) => s.role === 'producer'),
    consumer: config.sources.some((s) => s.role === 'consumer'),
  };
  // The whole-tree rules need every source: not with PATH arguments.
  const judged = judgeUsage({ codes, files: scanned.files, wholeTree: !only, roles });
  const used = new Set<AllowEntry>();
  const findings = applyAllow(applySeverity(judged.findings, config.rules), config.allow, '', used);
  const report = makeReport('scan', registries, sortFindings(findings), options.failOn ?? 'error');
  return { ...report, usage: judged.usage };
}
