/**
 * The commands, as functions from options to a report (plus what they wrote). The CLI only parses
 * flags, calls one of these, formats the report and picks the exit code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type SemverGt from 'semver/functions/gt.js';
import type SemverInc from 'semver/functions/inc.js';
import { byCode, byPosition, compare, normaliseText, type RegistryModel } from './checks/compat.js';
import { ruleInfo } from './checks/catalog.js';
import { lint } from './checks/lint.js';
import { loadConfig, type AllowEntry, type Config, type RegistryConfig } from './config.js';
import { UsageError } from './errors.js';
import { GitRepo } from './git/repo.js';
import { eachRevision, type RevisionSource } from './history.js';
import {
  acceptedInLedger,
  forgottenEntries,
  latest,
  isReleaseVersion,
  readLedger,
  releasedSnapshotFiles,
  retiredCodes,
  snapshotEntries,
  toSnapshotEntry,
  writeSnapshot,
  SNAPSHOT_SCHEMA_VERSION,
  type Ledger,
  type Snapshot,
} from './ledger.js';
import { entryView, type Finding, type ParsedRegistry, type RegistryEntry, type Severity } from './model.js';
import { applyAllow, applySeverity, mergeFindings, sortFindings, unusedAllowFindings } from './policy.js';
import { makeReport, type Baseline, type RegistryReport, type Report } from './report/types.js';
import { loadMarkdownFile, loadSpec, parseOrFail, readRegistryFile, type ParseLink } from './source.js';
import { changedCodes, changedEntries, loadParser, parse, parseIncremental } from './parse.js';
import { relativePosix } from './paths.js';

// Single semver functions, required only by `snapshot`: the package's index loads some fifty modules.
const require = createRequire(import.meta.url);
const semverGt = (a: string, b: string) => (require('semver/functions/gt.js') as typeof SemverGt)(a, b);
const semverInc = (v: string, level: 'patch' | 'minor' | 'major') =>
  (require('semver/functions/inc.js') as typeof SemverInc)(v, level);

export interface CommonOptions {
  cwd: string;
  /** Explicit config file (`--config`). */
  config?: string;
  failOn?: Severity;
  env?: NodeJS.ProcessEnv;
}

const EMPTY: RegistryModel = { entries: [], sections: [] };

function relativeToCwd(cwd: string, file: string): string {
  return relativePosix(cwd, file) || file;
}

// ---------------------------------------------------------------------------------------------- lint

export interface LintOptions extends CommonOptions {
  path?: string;
}

export function runLint(options: LintOptions): Report {
  const config = loadConfig(options.cwd, options.config);
  const files = options.path
    ? [path.resolve(options.cwd, options.path)]
    : config.registries.map((r) => path.resolve(config.root, r.path));
  const registries: RegistryReport[] = [];
  let findings: Finding[] = [];
  const used = new Set<AllowEntry>();
  for (const file of files) {
    const display = relativeToCwd(options.cwd, file);
    // A configured registry must stay inside the project, as check and snapshot require; a PATH given
    // on the command line is the user's own choice.
    const loaded = loadMarkdownFile(file, display, options.path ? {} : { root: config.root });
    const parsed = loaded.parsed!;
    const own = applySeverity(lint(parsed, display), config.rules);
    findings.push(...applyAllow(own, config.allow, relativeToCwd(config.root, file), used));
    registries.push({ path: display, entries: parsed.entries.length, baselines: [] });
  }
  findings = sortFindings(findings);
  return makeReport('lint', registries, findings, options.failOn ?? 'error');
}

// ---------------------------------------------------------------------------------------------- diff

export interface DiffOptions extends CommonOptions {
  old: string;
  new: string;
}

export async function runDiff(options: DiffOptions): Promise<Report> {
  let repo: Promise<GitRepo> | undefined;
  const openRepo = () => (repo ??= GitRepo.open(options.cwd));
  // NEW is parsed from OLD's parse when that is done first (two revisions of one registry mostly
  // share their rows): only the rows that differ are parsed anew, and compared below.
  const link: ParseLink = {};
  const [before, after] = await Promise.all([
    loadSpec(options.old, options.cwd, openRepo, undefined, { publish: link }),
    loadSpec(options.new, options.cwd, openRepo, undefined, { from: link }),
  ]);
  // diff works outside any project (no config: defaults); an invalid config is still an error.
  const config = loadConfig(options.cwd, options.config);
  const retired = before.snapshot ? new Map(before.snapshot.retired.map((r) => [r.code, r])) : undefined;
  const codes = before.parsed && after.parsed ? changedCodes(before.parsed, after.parsed) : undefined;
  const only = (m: RegistryModel): RegistryModel =>
    codes ? { entries: m.entries.filter((e) => codes.has(e.code)), sections: m.sections ?? [] } : m;
  const changes = compare(only(before.model), only(after.model), { path: after.path, ...(retired ? { retired } : {}) });
  const own = after.parsed ? lint(after.parsed, after.path) : [];
  let findings = mergeFindings([
    { against: '', findings: own },
    { against: before.label, findings: changes },
  ]);
  findings = applySeverity(findings, config.rules);
  findings = sortFindings(applyAllow(findings, config.allow, after.path, new Set()));
  const registries: RegistryReport[] = [
    {
      path: after.path,
      entries: after.model.entries.length,
      baselines: [{ id: before.label, kind: baselineKind(before.label), entries: before.model.entries.length }],
    },
  ];
  return makeReport('diff', registries, findings, options.failOn ?? 'error');
}

/** UNUSED_ALLOW findings point at the config file (or where it would be), relative to the root. */
function unusedAllow(config: Config, used: Set<AllowEntry>): Finding[] {
  const file = config.file ?? path.join(config.root, 'error-registry-guard.config.json');
  return unusedAllowFindings(config.allow, used, relativePosix(config.root, file), config.rules, config.allowLines);
}

function baselineKind(label: string): Baseline['kind'] {
  const kind = label.split(':')[0];
  return kind === 'git' || kind === 'snapshot' || kind === 'ledger' ? kind : 'file';
}

// --------------------------------------------------------------------------------------------- check

export interface CheckOptions extends CommonOptions {
  staged?: boolean;
  base?: string;
  /** In CI, fetch a pull request's base commit missing from a shallow clone. */
  fetch?: boolean;
}

interface ResolvedBase {
  /** Commit to read the registry from; undefined when there is no git baseline. */
  sha?: string;
  label: string;
  note?: string;
}

/** The git baseline, in the order the docs give: --base, --staged (HEAD), CI, then the base branch. */
export async function resolveBase(repo: GitRepo, config: Config, options: CheckOptions): Promise<ResolvedBase> {
  const env = options.env ?? process.env;
  // One git process answers what the run will ask: HEAD, every base it may use, and the registries
  // at each (and staged, for --staged). The steps below, and checkRegistry's reads, reuse the answers.
  const paths = config.registries.map((r) => gitPath(config, r));
  // The registries, and their snapshot folders (for SNAPSHOT_CHANGED), at each ref.
  const folders = config.registries.map((r) =>
    path.posix.join(workTreePrefix(config.root), r.snapshots).replace(/\/$/, ''),
  );
  // Each released snapshot here too, at each ref: SNAPSHOT_CHANGED then compares bytes, and hashes
  // (with git) only a file that differs.
  const snapshotFiles = config.registries.flatMap((r, i) =>
    releasedSnapshotFiles(path.join(config.root, r.snapshots)).map((name) => `${folders[i]}/${name}`),
  );
  const registriesAt = (refs: string[]) =>
    refs.flatMap((ref) => [...paths, ...folders, ...snapshotFiles].map((p) => `${ref}:${p}`));
  if (options.base !== undefined) {
    await repo.prefetch([options.base], registriesAt([options.base]));
    const sha = await repo.requireCommit(options.base, '--base');
    return { sha, label: `git:${options.base}@${sha.slice(0, 7)}` };
  }
  const ci = Boolean(env.CI && env.CI !== 'false');
  const prBase = ci && !options.staged ? pullRequestBaseSha(env) : undefined;
  const branches =
    ci && env.GITHUB_BASE_REF
      ? [`origin/${env.GITHUB_BASE_REF}`, env.GITHUB_BASE_REF]
      : [`origin/${config.baseBranch}`, config.baseBranch];
  const bases = options.staged ? ['HEAD'] : prBase ? [prBase.sha] : branches;
  await repo.prefetch(
    ['HEAD', ...bases],
    [...registriesAt(bases), ...(options.staged ? paths.flatMap((p) => GitRepo.stagedObjects(p)) : [])],
  );
  const [head] = await repo.resolveCommits(['HEAD']);
  if (options.staged) {
    if (!head) return { label: 'git:HEAD', note: 'no commits yet: everything staged is new' };
    return { sha: head, label: `git:HEAD@${head.slice(0, 7)}` };
  }
  if (!head) return { label: 'git:HEAD', note: 'no commits yet: no git baseline' };
  if (ci) {
    if (prBase) {
      let sha = await repo.resolveCommit(prBase.sha);
      if (!sha && options.fetch) {
        await repo.fetchCommit('origin', prBase.sha);
        sha = await repo.resolveCommit(prBase.sha);
      }
      if (!sha) {
        throw new UsageError(
          `pull request base ${prBase.sha.slice(0, 12)} (${prBase.from}) is not in this clone: check out with fetch-depth: 0, or pass --fetch to fetch just that commit`,
        );
      }
      // The event's base is the target's tip; the merge-base is what the branch started from.
      const mergeBase = prBase.isMergeBase ? sha : ((await repo.mergeBase('HEAD', sha)) ?? sha);
      return { sha: mergeBase, label: `git:${prBase.from}@${mergeBase.slice(0, 7)}` };
    }
    if (env.GITHUB_BASE_REF) return mergeBaseWith(repo, [`origin/${env.GITHUB_BASE_REF}`, env.GITHUB_BASE_REF]);
  }
  // In CI a missing base would mean no git comparison at all: a silent pass. Locally it is a note.
  return mergeBaseWith(repo, [`origin/${config.baseBranch}`, config.baseBranch], !ci);
}

function pullRequestBaseSha(env: NodeJS.ProcessEnv): { sha: string; from: string; isMergeBase: boolean } | undefined {
  if (env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
        pull_request?: { base?: { sha?: unknown; ref?: unknown } };
      };
      const sha = event.pull_request?.base?.sha;
      if (typeof sha === 'string' && /^[0-9a-f]{40,64}$/.test(sha)) {
        const ref = event.pull_request?.base?.ref;
        return { sha, from: typeof ref === 'string' ? `origin/${ref}` : 'pull_request.base', isMergeBase: false };
      }
    } catch {
      // Not a pull request event (or unreadable): fall back to branch names.
    }
  }
  const gitlab = env.CI_MERGE_REQUEST_DIFF_BASE_SHA;
  if (gitlab && /^[0-9a-f]{40,64}$/.test(gitlab)) return { sha: gitlab, from: 'merge-request-base', isMergeBase: true };
  return undefined;
}

async function mergeBaseWith(repo: GitRepo, refs: string[], optional = false): Promise<ResolvedBase> {
  for (const ref of refs) {
    const target = await repo.resolveCommit(ref);
    if (!target) continue;
    const base = await repo.mergeBase('HEAD', target);
    if (base) return { sha: base, label: `git:${ref}@${base.slice(0, 7)}` };
    if (await repo.isShallow()) {
      throw new UsageError(
        `no merge-base of HEAD and ${ref} in this shallow clone: fetch full history (fetch-depth: 0) or 'git fetch --unshallow origin'`,
      );
    }
    throw new UsageError(`HEAD and ${ref} share no history: pass --base REF`);
  }
  if (optional)
    return { label: `git:${refs[0]}`, note: `no ${refs.join(' or ')} branch: no git baseline (pass --base REF)` };
  throw new UsageError(
    `base branch ${refs.join(' or ')} not found: fetch it ('git fetch origin ${refs[1] ?? ''}') or pass --base REF`,
  );
}

interface RegistryRun {
  findings: Finding[];
  report: RegistryReport;
  parsed: ParsedRegistry;
  ledger: Ledger;
}

/** A step's value, or the error it threw, kept to be thrown when the step's turn comes. */
type Outcome<T> = { value: T } | { error: unknown };

function attempt<T>(step: () => T): Outcome<T> {
  try {
    return { value: step() };
  } catch (error) {
    return { error };
  }
}

function unwrap<T>(outcome: Outcome<T>): T {
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/** What checkRegistry reads from the working tree, read ahead while git works (see runCheck). */
interface LocalReads {
  /** Undefined for --staged: the registry comes from git then. */
  parsed?: Outcome<ParsedRegistry>;
  ledger: Outcome<Ledger>;
}

function readLocal(config: Config, registry: RegistryConfig, options: CheckOptions): LocalReads {
  return {
    ...(options.staged
      ? {}
      : {
          parsed: attempt(() =>
            parseOrFail(
              readRegistryFile(path.join(config.root, registry.path), registry.path, { root: config.root }),
              registry.path,
            ),
          ),
        }),
    ledger: attempt(() => readRegistryLedger(config, registry)),
  };
}

/**
 * Released snapshots are append-only: one that the git base has and the working tree changed or
 * deleted would let a pull request rewrite what was accepted (and bring a retired code back).
 */
async function changedSnapshots(
  repo: GitRepo,
  config: Config,
  registry: RegistryConfig,
  base: string,
): Promise<Finding[]> {
  const atBase = [
    ...(await repo.filesAt(base, path.posix.join(workTreePrefix(config.root), registry.snapshots))),
  ].filter(([file]) => isReleaseVersion(path.posix.basename(file, '.json')));
  if (atBase.length === 0) return [];
  const local = atBase.map(([file]) => path.join(config.root, registry.snapshots, path.posix.basename(file)));
  const present = local.filter((f) => existsSync(f));
  const position = new Map(present.map((f, i) => [f, i]));
  const blobs = new Map(atBase.map(([, blob], i) => [local[i]!, blob]));
  const same = await repo.sameAsBlobs(
    present,
    present.map((f) => blobs.get(f)!),
  );
  const severity = ruleInfo('SNAPSHOT_CHANGED').severity;
  return atBase.flatMap((_, i) => {
    const file = local[i]!;
    const shown = relativePosix(config.root, file);
    const at = position.get(file);
    if (at !== undefined && same[at]) return [];
    const what = at === undefined ? 'was deleted' : 'was modified';
    return [
      {
        rule: 'SNAPSHOT_CHANGED',
        severity,
        message: `released snapshot ${shown} ${what}: snapshots are append-only; restore it (git checkout <base> -- ${shown})`,
        path: shown,
        line: 1,
      },
    ];
  });
}

/** The registry's path from the top of the git work tree: the config may sit in a subfolder. */
function gitPath(config: Config, registry: RegistryConfig): string {
  return path.posix.join(workTreePrefix(config.root), registry.path);
}

const prefixes = new Map<string, string>();

/** Where `root` is inside its work tree (once per root: every git path of a run asks for it). */
function workTreePrefix(root: string): string {
  let prefix = prefixes.get(root);
  if (prefix === undefined) prefixes.set(root, (prefix = findWorkTreePrefix(root)));
  return prefix;
}

/** Found by looking for `.git` upwards: no git process. */
function findWorkTreePrefix(root: string): string {
  for (let dir = root; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return relativePosix(dir, root);
    if (path.dirname(dir) === dir) return '';
  }
}

/**
 * The registry's ledger. With several registries each reads a subfolder; snapshots of this registry
 * left in the shared folder (recorded when it was the only one) would silently be forgotten.
 */
function readRegistryLedger(config: Config, registry: RegistryConfig): Ledger {
  const ledger = readLedger(path.resolve(config.root, registry.snapshots), registry.path);
  if (ledger.snapshots.length === 0 && registry.snapshots !== config.snapshots) {
    const left = readLedger(path.resolve(config.root, config.snapshots)).snapshots.filter(
      (s) => s.registry === registry.path,
    );
    if (left.length > 0) {
      throw new UsageError(
        `the snapshots of ${registry.path} are in ${config.snapshots}/, but it now reads ${registry.snapshots}/: move them there, or set its "snapshots" to "${config.snapshots}"`,
      );
    }
  }
  return ledger;
}

/** Compare one registry's checked revision with the git base, the latest snapshot and the ledger. */
async function checkRegistry(
  repo: GitRepo | undefined,
  config: Config,
  registry: RegistryConfig,
  base: ResolvedBase | undefined,
  options: CheckOptions,
  local: LocalReads = readLocal(config, registry, options),
): Promise<RegistryRun> {
  const inGit = gitPath(config, registry);
  let current: ParsedRegistry | undefined;
  if (options.staged) {
    const bytes = await repo!.readStaged(inGit);
    if (bytes) current = parseOrFail(bytes, `:${registry.path}`);
  } else if (existsSync(path.join(config.root, registry.path))) {
    current = unwrap(local.parsed!);
  }
  const ledger = unwrap(local.ledger);
  const baseBytes = base?.sha ? await repo!.readAt(base.sha, inGit) : undefined;
  // A deleted registry that existed at the base or in the ledger is a registry with no codes left:
  // every code is removed (exit 1), not a broken setup (exit 2).
  const deleted = current === undefined && (baseBytes !== undefined || latest(ledger) !== undefined);
  if (current === undefined && !deleted) {
    if (options.staged)
      throw new UsageError(
        `registry ${registry.path} is not in the git index: 'git add' it, or fix "registry" in the config`,
      );
    unwrap(local.parsed!); // throws the one-line "not found" error of the read
  }
  const parsed: ParsedRegistry = current ?? { entries: [], sections: [], problems: [] };
  const retired = retiredCodes(ledger);
  const groups: { against: string; findings: Finding[] }[] = [{ against: '', findings: lint(parsed, registry.path) }];
  const baselines: Baseline[] = [];
  const compareOptions = { path: registry.path, retired };

  if (base) {
    let baseModel: RegistryModel = EMPTY;
    let note = base.note;
    if (base.sha) {
      if (baseBytes) baseModel = parseOrFail(baseBytes, `${base.label}:${registry.path}`);
      else note = 'registry absent at base: every code is new';
    }
    if (base.sha || options.staged)
      groups.push({ against: base.label, findings: compare(baseModel, parsed, compareOptions) });
    baselines.push({ id: base.label, kind: 'git', entries: baseModel.entries.length, ...(note ? { note } : {}) });
  }
  const last = latest(ledger);
  if (last) {
    const label = `snapshot:${last.version}`;
    groups.push({ against: label, findings: compare({ entries: snapshotEntries(last) }, parsed, compareOptions) });
    baselines.push({ id: label, kind: 'snapshot', entries: last.entries.length });
    const forgotten = forgottenEntries(ledger);
    if (forgotten.length > 0) {
      // No rename matching here: a forgotten code is missing whatever else resembles it.
      const removed = compare({ entries: forgotten }, parsed, { ...compareOptions, detectRenames: false }).filter(
        (f) => f.rule === 'CODE_REMOVED',
      );
      groups.push({ against: 'ledger', findings: removed });
      baselines.push({
        id: 'ledger',
        kind: 'ledger',
        entries: forgotten.length,
        note: 'codes of older snapshots whose removal was never accepted',
      });
    }
  }
  if (base?.sha)
    groups.push({ against: base.label, findings: await changedSnapshots(repo!, config, registry, base.sha) });
  return {
    findings: mergeFindings(groups),
    report: { path: registry.path, entries: parsed.entries.length, baselines },
    parsed,
    ledger,
  };
}

/** Severity overrides, config allow entries, then what the ledger already accepted. */
function applyPolicy(
  findings: Finding[],
  config: Config,
  registry: string,
  ledger: Ledger,
  used: Set<AllowEntry>,
): Finding[] {
  return applyAllow(applySeverity(findings, config.rules), config.allow, registry, used).map((f) => {
    if (f.allowed || !f.against || f.against.some((a) => a.startsWith('snapshot:'))) return f;
    // Not a change against the latest snapshot: it was released already; if the ledger accepted it, so do we.
    const accepted = acceptedInLedger(ledger, f.rule, f.code);
    return accepted
      ? { ...f, allowed: true, reason: `accepted in snapshot ${accepted.version}: ${accepted.reason}` }
      : f;
  });
}

export async function runCheck(options: CheckOptions): Promise<Report> {
  const config = loadConfig(options.cwd, options.config);
  // Git's part starts first and runs in a git process while this one reads and parses the working
  // tree and the ledger. Errors still surface in the order of the steps: git's first, as before.
  const repo = await GitRepo.forWorkTree(config.root);
  const pending = resolveBase(repo, config, options);
  pending.catch(() => undefined); // awaited just below, after the local reads
  const local = config.registries.map((registry) => readLocal(config, registry, options));
  const base = await pending;
  const used = new Set<AllowEntry>();
  const registries: RegistryReport[] = [];
  let findings: Finding[] = [];
  for (const [i, registry] of config.registries.entries()) {
    const run = await checkRegistry(repo, config, registry, base, options, local[i]);
    registries.push(run.report);
    findings.push(...applyPolicy(run.findings, config, registry.path, run.ledger, used));
  }
  findings.push(...unusedAllow(config, used));
  findings = sortFindings(findings);
  return makeReport('check', registries, findings, options.failOn ?? 'error');
}

// ------------------------------------------------------------------------------------------ snapshot

export interface SnapshotOptions extends CommonOptions {
  release?: string;
  /** Only this registry (path as configured). */
  registry?: string;
}

export interface SnapshotResult {
  report: Report;
  /** Files written, or a sentence per registry that needed no new version. */
  written: string[];
  unchanged: string[];
}

const BUMP_ORDER = ['patch', 'minor', 'major'] as const;

export async function runSnapshot(options: SnapshotOptions): Promise<SnapshotResult> {
  const config = loadConfig(options.cwd, options.config);
  const selected = options.registry ? config.registries.filter((r) => r.path === options.registry) : config.registries;
  if (selected.length === 0)
    throw new UsageError(
      `no configured registry is ${options.registry}: use one of ${config.registries.map((r) => r.path).join(', ')}`,
    );
  if (options.release !== undefined && !isReleaseVersion(options.release)) {
    throw new UsageError(
      `--release ${options.release} is not a release version X.Y.Z (no 'v', no pre-release): the ledger reads only those`,
    );
  }
  const used = new Set<AllowEntry>();
  const plans: { registry: RegistryConfig; snapshot: Snapshot; ledger: Ledger }[] = [];
  const registries: RegistryReport[] = [];
  const unchanged: string[] = [];
  const findings: Finding[] = [];
  for (const registry of selected) {
    const run = await checkRegistry(undefined, config, registry, undefined, options);
    const applied = applyPolicy(run.findings, config, registry.path, run.ledger, used);
    findings.push(...applied);
    registries.push(run.report);
    const last = latest(run.ledger);
    const changes = applied.filter((f) => f.against !== undefined && f.against.length > 0);
    if (last && changes.length === 0) {
      unchanged.push(`${registry.path}: no change since snapshot ${last.version}; nothing written`);
      continue;
    }
    const version = nextVersion(last?.version, changes, options.release);
    plans.push({
      registry,
      ledger: run.ledger,
      snapshot: buildSnapshot(registry, run.parsed, run.ledger, applied, version),
    });
  }
  findings.push(...unusedAllow(config, used));
  const report = makeReport('check', registries, sortFindings(findings), 'error');
  // Refuse when any unaccepted error remains: a snapshot is a release, and a release must be clean.
  if (!report.ok) return { report, written: [], unchanged };
  const written = plans.map((p) => writeSnapshot(p.ledger.dir, p.snapshot));
  return { report, written, unchanged };
}

function nextVersion(previous: string | undefined, changes: Finding[], release: string | undefined): string {
  if (release !== undefined) {
    if (previous && !semverGt(release, previous))
      throw new UsageError(`--release ${release} must be greater than the latest snapshot ${previous}`);
    return release;
  }
  if (!previous) return '1.0.0';
  let level = 0;
  for (const f of changes) level = Math.max(level, BUMP_ORDER.indexOf(ruleInfo(f.rule).bump ?? 'patch'));
  return semverInc(previous, BUMP_ORDER[level]!)!;
}

function buildSnapshot(
  registry: RegistryConfig,
  parsed: ParsedRegistry,
  ledger: Ledger,
  findings: Finding[],
  version: string,
): Snapshot {
  const last = latest(ledger);
  const present = new Set(parsed.entries.map((e) => e.code));
  const retired = new Map((last?.retired ?? []).filter((r) => !present.has(r.code)).map((r) => [r.code, r]));
  const accepted = findings.filter(
    (f) => f.allowed && f.against?.some((a) => a.startsWith('snapshot:') || a === 'ledger'),
  );
  for (const f of accepted) {
    if ((f.rule === 'CODE_REMOVED' || f.rule === 'CODE_RENAMED') && f.code)
      retired.set(f.code, { code: f.code, version, ...(f.reason ? { reason: f.reason } : {}) });
  }
  const seen = new Set<string>();
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    version,
    previous: last?.version ?? null,
    registry: registry.path,
    entries: parsed.entries.filter((e) => !seen.has(e.code) && seen.add(e.code)).map(toSnapshotEntry),
    accepted: accepted.map((f) => ({ rule: f.rule, ...(f.code ? { code: f.code } : {}), reason: f.reason ?? '' })),
    retired: [...retired.values()],
  };
}

// --------------------------------------------------------------------------------------------- audit

export interface AuditOptions extends CommonOptions {
  registry?: string;
  /** @internal How revisions are read: from patches (the default), or every one as a blob (the reference the tests compare with). */
  revisions?: RevisionSource;
}

export async function runAudit(options: AuditOptions): Promise<Report> {
  const config = loadConfig(options.cwd, options.config);
  const repo = await GitRepo.open(config.root);
  const selected = options.registry ? config.registries.filter((r) => r.path === options.registry) : config.registries;
  if (selected.length === 0)
    throw new UsageError(
      `no configured registry is ${options.registry}: use one of ${config.registries.map((r) => r.path).join(', ')}`,
    );
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

/** How many entries carry each code, in the revision audit compared last (exported for its property test). */
export class CodeCounts {
  private counts = new Map<string, number>();

  recount(entries: readonly RegistryEntry[]): void {
    this.counts = new Map();
    for (const e of entries) this.counts.set(e.code, (this.counts.get(e.code) ?? 0) + 1);
  }

  get(code: string): number {
    return this.counts.get(code) ?? 0;
  }

  add(code: string, by: number): void {
    const n = this.get(code) + by;
    if (n === 0) this.counts.delete(code);
    else this.counts.set(code, n);
  }
}

/**
 * Codes that revisions removed, each with its last entry, for `audit`: a code that a later revision
 * brings back with another status or meaning is CODE_REINTRODUCED. Consecutive revisions show only
 * an addition there, while a client that still maps the code reads its old meaning. A code that
 * comes back as it was (a revert) breaks nothing, and neither does a difference the project does
 * not count as a break in place (`breaks`: STATUS_CHANGED, MEANING_CHANGED at error after `rules`).
 */
export class RemovedCodes {
  private gone = new Map<string, { entry: RegistryEntry; removedBy: string; lastSeen: string }>();

  constructor(private readonly breaks: { status: boolean; meaning: boolean }) {}

  /** The findings for codes `after` brings back, then notes the codes it removes (`commit` made `after`; `previous` is the revision it was compared with). */
  step(before: RegistryModel, after: RegistryModel, path: string, commit: string, previous: string): Finding[] {
    const had = byCode(before.entries);
    const has = byCode(after.entries);
    const findings: Finding[] = [];
    for (const [code, entry] of has) {
      if (had.has(code)) continue;
      const gone = this.gone.get(code);
      if (!gone) continue;
      this.gone.delete(code);
      const old = gone.entry;
      const changed = [
        ...(this.breaks.status && old.status !== entry.status
          ? [`status ${old.status ?? '?'} -> ${entry.status ?? '?'}`]
          : []),
        ...(this.breaks.meaning && normaliseText(old.meaning) !== normaliseText(entry.meaning)
          ? [`meaning "${old.meaning}" -> "${entry.meaning}"`]
          : []),
      ];
      if (changed.length === 0) continue;
      findings.push({
        rule: 'CODE_REINTRODUCED',
        severity: ruleInfo('CODE_REINTRODUCED').severity,
        code,
        message: `${code} was removed in ${gone.removedBy.slice(0, 7)} and came back with another ${changed.join(' and ')}: clients that still map it read the old one; choose a new code`,
        path,
        line: entry.line || 1,
        against: [`git:${gone.lastSeen.slice(0, 7)}`],
        before: entryView(old),
        after: entryView(entry),
      });
    }
    for (const [code, entry] of had)
      if (!has.has(code)) this.gone.set(code, { entry, removedBy: commit, lastSeen: previous });
    return findings;
  }
}

/**
 * The two revisions as compare should see them, moving `counts` from `previous` to `next`. After an
 * incremental parse, only the entries of the codes it touched: the rows it took out and read in when
 * those are every entry of their codes (no duplicates elsewhere), else found by a scan.
 */
export function changedModels(
  previous: ParsedRegistry,
  next: ParsedRegistry,
  counts: CodeCounts,
): [RegistryModel, RegistryModel] {
  const change = changedEntries(previous, next);
  if (!change) {
    counts.recount(next.entries);
    return [previous, next];
  }
  const tally = (list: readonly RegistryEntry[]) => {
    const m = new Map<string, number>();
    for (const e of list) m.set(e.code, (m.get(e.code) ?? 0) + 1);
    return m;
  };
  const removed = tally(change.removed);
  const added = tally(change.added);
  const codes = [...change.codes];
  const onlyRemoved = codes.every((c) => counts.get(c) === (removed.get(c) ?? 0));
  for (const c of codes) counts.add(c, (added.get(c) ?? 0) - (removed.get(c) ?? 0));
  const onlyAdded = codes.every((c) => counts.get(c) === (added.get(c) ?? 0));
  const scan = (m: ParsedRegistry) => m.entries.filter((e) => change.codes.has(e.code));
  return [
    { entries: onlyRemoved ? change.removed : scan(previous), sections: previous.sections },
    { entries: onlyAdded ? change.added : scan(next), sections: next.sections },
  ];
}

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
  const empty: ParsedRegistry = { entries: [], sections: [], problems: [] };
  let previous: ParsedRegistry | undefined;
  const counts = new CodeCounts();
  const isError = (rule: string) => (config.rules[rule] ?? ruleInfo(rule).severity) === 'error';
  const removed = new RemovedCodes({ status: isError('STATUS_CHANGED'), meaning: isError('MEANING_CHANGED') });
  // The revision `previous` was parsed from: the one before, unless that one could not be read.
  let previousSha = '';
  // Each revision is parsed and compared as it arrives, while git reads the next ones.
  await eachRevision(
    repo,
    history,
    ({ bytes, known }, i) => {
      const commit = history[i]!;
      const info = { sha: commit.sha, author: commit.author, date: commit.date, subject: commit.subject };
      let parsed: ParsedRegistry;
      if (!bytes) {
        parsed = empty; // Deleted at this commit: every code it had is removed.
      } else {
        // Consecutive revisions differ in a few rows: reuse the previous parse where it allows.
        // A patch already says which lines changed: then the parser need not compare the bytes.
        parsed = previous && previous !== empty ? parseIncremental(bytes, previous, {}, known) : parse(bytes);
        const fatal = parsed.problems.find((p) => p.unreadable);
        if (fatal) {
          findings.push({
            rule: 'PARSE_ERROR',
            severity: 'error',
            message: fatal.message,
            path: commit.path,
            line: fatal.line,
            commit: info,
          });
          return false; // the next revision is compared with the one before this
        }
      }
      if (previous) {
        // After an incremental parse only the codes of the rows it read anew can differ: comparing just
        // the entries of those codes gives the same findings (a property test holds it to that).
        const [before, after] = changedModels(previous, parsed, counts);
        const found = [
          ...compare(before, after, { path: commit.path }),
          ...removed.step(before, after, commit.path, commit.sha, previousSha),
        ].sort(byPosition);
        // Breaks only (errors after `rules` overrides): the history's additions and notes are not news.
        for (const f of applySeverity(found, config.rules))
          if (f.severity === 'error')
            findings.push({ against: [`git:${previousSha.slice(0, 7)}`], ...f, commit: info });
      } else {
        counts.recount(parsed.entries);
      }
      previous = parsed;
      previousSha = commit.sha;
    },
    source,
  );
  return { findings, report: { path: registry.path, entries: previous?.entries.length ?? 0, baselines: [] } };
}
