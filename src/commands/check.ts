/**
 * `check [--staged] [--base REF]`: the registry being changed against its git base, the latest
 * snapshot and the ledger. Load (sources/), judge (checks/judge.ts), apply the policy, report.
 */
import { judgeRegistry } from '../checks/judge.js';
import { applyPolicy, sortFindings } from '../checks/policy.js';
import { loadConfig } from '../config/load.js';
import type { AllowEntry } from '../config/types.js';
import { GitRepo } from '../git/repo.js';
import type { Finding } from '../model.js';
import { makeReport, type RegistryReport, type Report } from '../report/types.js';
import { resolveBase, type BaseOptions } from '../sources/base.js';
import { loadRegistryBaselines, readLocal } from '../sources/baselines.js';
import { unusedAllow, type CommonOptions } from './options.js';

export interface CheckOptions extends CommonOptions, BaseOptions {}

export async function runCheck(options: CheckOptions): Promise<Report> {
  const config = loadConfig(options.cwd, options.config);
  // Git's part starts first and runs in a git process while this one reads and parses the working
  // tree and the ledger. Errors still surface in the order of the steps: git's first.
  const repo = await GitRepo.forWorkTree(config.root);
  const pending = resolveBase(repo, config, options);
  pending.catch(() => undefined); // awaited just below, after the local reads
  const local = config.registries.map((registry) => readLocal(config, registry, options));
  const base = await pending;
  const used = new Set<AllowEntry>();
  const registries: RegistryReport[] = [];
  let findings: Finding[] = [];
  for (const [i, registry] of config.registries.entries()) {
    const loaded = await loadRegistryBaselines(config, registry, {
      repo,
      base,
      staged: options.staged,
      local: local[i]!,
    });
    const judged = judgeRegistry(loaded, { codeFormat: config.codeFormat });
    registries.push({ path: registry.path, entries: loaded.current.entries.length, baselines: judged.baselines });
    findings.push(...applyPolicy(judged.findings, config, registry.path, loaded.ledger, used));
  }
  findings.push(...unusedAllow(config, used));
  findings = sortFindings(findings);
  return makeReport('check', registries, findings, options.failOn ?? 'error');
}
