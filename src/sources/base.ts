/**
 * The git base a change is compared with: --base, HEAD (for --staged), the pull or merge request's
 * base in CI, else the merge-base with the base branch. Resolving it also asks git, in one process,
 * for every object the check will read at that base (see GitRepo.prefetch).
 */
import path from 'node:path';
import type { Config } from '../config/types.js';
import { UsageError } from '../errors.js';
import { readBoundedText } from '../files/read.js';
import { GitRepo } from '../git/repo.js';
import { EVENT_MAX_BYTES } from '../limits.js';
import { releasedSnapshotFiles } from './ledger-files.js';
import { configCandidates, configGitPath } from './policy.js';
import { gitPath, gitSnapshotsPath } from './worktree.js';

/** What decides the base: the check's flags and the environment (CI variables). */
export interface BaseOptions {
  env?: NodeJS.ProcessEnv;
  staged?: boolean;
  base?: string;
  /** In CI, fetch a pull request's base commit missing from a shallow clone. */
  fetch?: boolean;
}

export interface ResolvedBase {
  /** Commit to read the registry from; undefined when there is no git baseline. */
  sha?: string;
  label: string;
  note?: string;
  /** The base was found from the config's `baseBranch` (no flag, no CI variable chose it). */
  fromBaseBranch?: boolean;
}

/** The git baseline, in the order the docs give: --base, --staged (HEAD), CI, then the base branch. */
export async function resolveBase(repo: GitRepo, config: Config, options: BaseOptions): Promise<ResolvedBase> {
  const env = options.env ?? process.env;
  // One git process answers what the run will ask: HEAD, every base it may use, and the registries
  // at each (and staged, for --staged). The steps below, and checkRegistry's reads, reuse the answers.
  const paths = config.registries.map((r) => gitPath(config, r));
  // The registries, and their snapshot folders (for SNAPSHOT_CHANGED), at each ref.
  const folders = config.registries.map((r) => gitSnapshotsPath(config, r));
  // Each released snapshot here too, at each ref: SNAPSHOT_CHANGED then compares bytes, and hashes
  // (with git) only a file that differs.
  const snapshotFiles = config.registries.flatMap((r, i) =>
    releasedSnapshotFiles(path.join(config.root, r.snapshots)).map((name) => `${folders[i]}/${name}`),
  );
  // The config where it may be at the base: the base's policy judges the change (sources/policy.ts).
  const configs = configCandidates(config).map((file) => configGitPath(config, file));
  const registriesAt = (refs: string[]) =>
    refs.flatMap((ref) => [...paths, ...folders, ...snapshotFiles, ...configs].map((p) => `${ref}:${p}`));
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
    [
      ...registriesAt(bases),
      ...(options.staged ? [...paths, ...configs].flatMap((p) => GitRepo.stagedObjects(p)) : []),
    ],
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
  const found = await mergeBaseWith(repo, [`origin/${config.baseBranch}`, config.baseBranch], !ci);
  return { ...found, fromBaseBranch: true };
}

function pullRequestBaseSha(env: NodeJS.ProcessEnv): { sha: string; from: string; isMergeBase: boolean } | undefined {
  if (env.GITHUB_EVENT_PATH) {
    try {
      const text = readBoundedText(env.GITHUB_EVENT_PATH, { what: 'event file', maxBytes: EVENT_MAX_BYTES });
      const event = JSON.parse(text) as {
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
