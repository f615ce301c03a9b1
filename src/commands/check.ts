/**
 * `check [--staged] [--base REF]`: the registry being changed against its git base, the latest
 * snapshot and the ledger. Load (sources/), judge (checks/), apply the policy, report.
 *
 * With a git base, the change does not judge itself: the base's config (its rules, registries,
 * snapshot folders and base branch) and the base's ledger judge it; the change's own config only
 * proposes a new policy (each weakening is a POLICY_CHANGED finding) and acceptances (its allow
 * entries, reported as new), and the snapshots it adds are checked before they are trusted.
 */
import { judgeRegistryChange } from '../checks/judge-change.js';
import { judgeRegistry } from '../checks/judge.js';
import { policyChanges } from '../checks/policy-change.js';
import { applyPolicy, sortFindings } from '../checks/policy.js';
import { loadConfig } from '../config/load.js';
import { CONFIG_FILE, type AllowEntry, type Config } from '../config/types.js';
import { GitRepo } from '../git/repo.js';
import type { Finding, ParsedRegistry, RegistryEntry } from '../model.js';
import { relativePosix } from '../paths.js';
import { makeReport, type RegistryReport, type Report } from '../report/types.js';
import { resolveBase, type BaseOptions, type ResolvedBase } from '../sources/base.js';
import { loadRegistryBaselines, readLocal, unwrap } from '../sources/baselines.js';
import { loadRegistryChange, pairRegistries, type LocalAhead } from '../sources/change.js';
import { loadBaseConfig, loadStagedConfig } from '../sources/policy.js';
import { checkGenerated } from './check-generated.js';
import { selectRegistries, unusedAllow, type CommonOptions } from './options.js';

export interface CheckOptions extends CommonOptions, BaseOptions {
  /** Only this configured registry (`--registry`, as configured). */
  registry?: string;
}

/** Does `--registry` leave out some configured registry? Then allow entries may be used elsewhere. */
function partial(config: Config, options: CheckOptions): boolean {
  return options.registry !== undefined && config.registries.length > 1;
}

export async function runCheck(options: CheckOptions): Promise<Report> {
  const disk = loadConfig(options.cwd, options.config);
  // Git's part starts first and runs in a git process while this one reads and parses the working
  // tree and the ledger. Errors still surface in the order of the steps: git's first.
  const repo = await GitRepo.forWorkTree(disk.root);
  const pending = resolveBase(repo, disk, options);
  pending.catch(() => undefined); // awaited just below, after the local reads
  const selected = selectRegistries(disk, options.registry);
  const local = options.staged ? [] : selected.map((registry) => readLocal(disk, registry, options));
  const base = await pending;
  if (base.sha) {
    // The working tree's ledger must still be readable where the config says it is (exit 2 if not).
    // What was read and parsed ahead (registries, snapshots) is reused by the load (change.ts).
    const ahead: LocalAhead = {
      registries: new Map(local.flatMap((reads, i) => (reads.parsed ? [[selected[i]!.path, reads.parsed]] : []))),
      snapshots: new Map(
        local.map((reads, i) => {
          const ledger = unwrap(reads.ledger);
          return [selected[i]!.snapshots, new Map(ledger.snapshots.map((s) => [s.version, s]))] as const;
        }),
      ),
    };
    return checkChange(repo, disk, { ...base, sha: base.sha }, options, ahead);
  }
  // No git base (no commits yet, or no base branch here): the working tree's policy and ledger.
  const used = new Set<AllowEntry>();
  const registries: RegistryReport[] = [];
  const findings: Finding[] = [];
  const scanned: { path: string; entries: readonly RegistryEntry[] }[] = [];
  const current = new Map<string, ParsedRegistry>();
  for (const [i, registry] of selected.entries()) {
    const loaded = await loadRegistryBaselines(disk, registry, {
      repo,
      base: { label: base.label, ...(base.note ? { note: base.note } : {}) },
      staged: options.staged,
      ...(local[i] ? { local: local[i] } : {}),
    });
    const judged = judgeRegistry(loaded, { codeFormat: disk.codeFormat });
    registries.push({ path: registry.path, entries: loaded.current.entries.length, baselines: judged.baselines });
    scanned.push({ path: registry.path, entries: loaded.current.entries });
    findings.push(...applyPolicy(judged.findings, disk, registry.path, loaded.ledger, used));
    current.set(registry.path, loaded.current);
  }
  const staged = Boolean(options.staged);
  findings.push(
    ...(await checkGenerated({ head: disk, judging: disk, registries: current, repo, staged, used, env: options.env })),
  );
  if (!partial(disk, options)) findings.push(...unusedAllow(disk, used));
  const report = makeReport('check', registries, sortFindings(findings), options.failOn ?? 'error');
  return withScan(report, repo, disk, disk, options, scanned);
}

/** With `sources` configured, the scan joins the report (loaded only then: see check-scan.ts). */
async function withScan(
  report: Report,
  repo: GitRepo,
  policy: Config,
  head: Config,
  options: CheckOptions,
  registries: { path: string; entries: readonly RegistryEntry[] }[],
): Promise<Report> {
  if (!policy.sources) return report;
  const { addScan } = await import('./check-scan.js');
  return addScan(report, { repo, policy, root: head.root, staged: Boolean(options.staged), registries });
}

async function checkChange(
  repo: GitRepo,
  disk: Config,
  found: ResolvedBase & { sha: string },
  options: CheckOptions,
  ahead?: LocalAhead,
): Promise<Report> {
  // What the change proposes: for --staged, the config being committed (the index's).
  const head = options.staged ? await loadStagedConfig(repo, disk, found.sha) : disk;
  let base = found;
  let basePolicy = await loadBaseConfig(repo, head, base.sha);
  if (base.fromBaseBranch && basePolicy.baseBranch !== head.baseBranch) {
    // The base's config chooses the branch the change is compared with, not the change's.
    const again = await resolveBase(repo, basePolicy, options);
    if (again.sha) {
      base = { ...again, sha: again.sha };
      basePolicy = await loadBaseConfig(repo, head, base.sha);
    }
  }
  const pairings = pairRegistries(basePolicy, head);
  if (options.registry !== undefined) selectRegistries(head, options.registry); // refuses an unknown one
  const wanted = (path: string | undefined) => options.registry === undefined || path === options.registry;
  // The base's rules judge; acceptances may come from the base's allow entries or the change's.
  const judging: Config = { ...head, rules: basePolicy.rules, codeFormat: basePolicy.codeFormat };
  const validating: Config = { ...judging, allow: [...basePolicy.allow, ...head.allow] };
  const sources = { repo, base, staged: Boolean(options.staged), ...(ahead ? { ahead } : {}) };
  // Registries the change adds to its config are new: judged with the base's rules too.
  const paired = new Set(pairings.flatMap((p) => (p.head ? [p.head.path] : [])));
  const added = head.registries.filter((r) => !paired.has(r.path)).map((r) => ({ base: r, head: r }));
  const used = new Set<AllowEntry>();
  const registries: RegistryReport[] = [];
  const findings: Finding[] = [];
  const scanned: { path: string; entries: readonly RegistryEntry[] }[] = [];
  const current = new Map<string, ParsedRegistry>();
  for (const pairing of [...pairings, ...added]) {
    if (!wanted(pairing.head?.path) && !wanted(pairing.base.path)) continue;
    const change = await loadRegistryChange(head, pairing, sources);
    if (pairing.head) current.set(pairing.head.path, change.current);
    const judged = judgeRegistryChange(change, base.label, validating);
    registries.push({ path: change.readFrom, entries: change.current.entries.length, baselines: judged.baselines });
    scanned.push({ path: change.readFrom, entries: change.current.entries });
    findings.push(...applyPolicy(judged.findings, judging, change.readFrom, judged.ledger, used, basePolicy.allow));
  }
  const generated = { head, judging, registries: current, repo, staged: sources.staged, used, env: options.env };
  findings.push(...(await checkGenerated({ ...generated, baseAllow: basePolicy.allow })));
  const configPath = relativePosix(head.root, head.file ?? `${head.root}/${CONFIG_FILE}`);
  const policy = policyChanges(basePolicy, head, pairings, configPath);
  findings.push(...applyPolicy(policy, judging, configPath, { dir: '', snapshots: [] }, used, basePolicy.allow));
  if (!partial(head, options)) findings.push(...unusedAllow(head, used));
  const report = makeReport('check', registries, sortFindings(findings), options.failOn ?? 'error');
  // The base's sources and rules judge the scan: a change cannot drop its own sources to pass.
  const scanPolicy: Config = {
    ...judging,
    allow: validating.allow,
    ...(basePolicy.sources ? { sources: basePolicy.sources } : {}),
  };
  return withScan(report, repo, scanPolicy, head, options, scanned);
}
