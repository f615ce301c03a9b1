/**
 * `audit [--registry PATH]`: every revision of the registry along the first-parent history, each
 * judged against the one before (checks/history.ts); the breaks are reported at their commits.
 */
import { HistoryJudge } from '../checks/history.js';
import { applyPolicy } from '../checks/policy.js';
import { loadConfig } from '../config/load.js';
import type { AllowEntry, Config, RegistryConfig } from '../config/types.js';
import { GitRepo } from '../git/repo.js';
import type { Finding, ParsedRegistry } from '../model.js';
import { loadParser } from '../parse/markdown.js';
import { parse } from '../parse/parse.js';
import { parseIncremental } from '../parse/incremental.js';
import { makeReport, type RegistryReport, type Report } from '../report/types.js';
import { eachRevision, type RevisionSource } from '../sources/history.js';
import { readRegistryLedger } from '../sources/ledger-files.js';
import { gitPath } from '../sources/worktree.js';
import { selectRegistries, type CommonOptions } from './options.js';

export interface AuditOptions extends CommonOptions {
  registry?: string;
  /** @internal How revisions are read: from patches (the default), or every one as a blob (the reference the tests compare with). */
  revisions?: RevisionSource;
}

export async function runAudit(options: AuditOptions): Promise<Report> {
  const config = loadConfig(options.cwd, options.config);
  const repo = await GitRepo.open(config.root);
  const selected = selectRegistries(config, options.registry);
  const used = new Set<AllowEntry>();
  const registries: RegistryReport[] = [];
  const findings: Finding[] = [];
  for (const registry of selected) {
    const run = await auditRegistry(repo, config, registry, options.revisions);
    registries.push(run.report);
    // Accepted in the config or in the ledger: reported as allowed, like `check` does.
    findings.push(...applyPolicy(run.findings, config, registry.path, readRegistryLedger(config, registry), used));
  }
  return makeReport('audit', registries, findings, options.failOn ?? 'error');
}

const EMPTY: ParsedRegistry = { entries: [], sections: [], problems: [] };

async function auditRegistry(
  repo: GitRepo,
  config: Config,
  registry: RegistryConfig,
  source?: RevisionSource,
): Promise<{ findings: Finding[]; report: RegistryReport }> {
  const logged = repo.fileHistory(gitPath(config, registry));
  loadParser(); // while git log runs: the first revision is parsed as soon as it arrives
  const history = (await logged).reverse();
  const findings: Finding[] = [];
  const judge = new HistoryJudge(config.rules);
  // Each revision is parsed and judged as it arrives, while git reads the next ones.
  await eachRevision(
    repo,
    history,
    ({ bytes, known, tooLarge }, i) => {
      const commit = history[i]!;
      const info = { sha: commit.sha, author: commit.author, date: commit.date, subject: commit.subject };
      const previous = judge.last;
      if (tooLarge) {
        findings.push(judge.tooLarge(tooLarge.size, tooLarge.limit, commit.path, info));
        return false; // the next revision is compared with the one before this
      }
      let parsed: ParsedRegistry;
      if (!bytes) {
        parsed = EMPTY; // Deleted at this commit: every code it had is removed.
      } else {
        // Consecutive revisions differ in a few rows: reuse the previous parse where it allows.
        // A patch already says which lines changed: then the parser need not compare the bytes.
        parsed = previous && previous !== EMPTY ? parseIncremental(bytes, previous, {}, known) : parse(bytes);
        const fatal = parsed.problems.find((p) => p.unreadable);
        if (fatal) {
          findings.push(judge.unreadable(fatal, commit.path, info));
          return false; // the next revision is compared with the one before this
        }
      }
      for (const f of judge.step(parsed, commit.path, info)) findings.push(f);
    },
    source,
  );
  return { findings, report: { path: registry.path, entries: judge.last?.entries.length ?? 0, baselines: [] } };
}
