/** What `init` and the pre-commit hook ask git: where hooks go, which files are tracked or staged, the default branch. */
import type { GitRepo } from './repo.js';

/** Hooks folder relative to the root; honours core.hooksPath. */
export async function hooksDir(repo: GitRepo): Promise<string> {
  return (await repo.raw(['rev-parse', '--git-path', 'hooks'])).trim() || '.git/hooks';
}

/** Tracked files matching a pathspec glob, e.g. `*.md`. */
export async function listFiles(repo: GitRepo, glob: string): Promise<string[]> {
  return (await repo.raw(['ls-files', '-z', '--', glob])).split('\0').filter((f) => f !== '');
}

/** Paths staged for the next commit (added, copied, modified, renamed or deleted). */
export async function stagedFiles(repo: GitRepo): Promise<string[]> {
  return (await repo.raw(['diff', '--cached', '--name-only', '-z'])).split('\0').filter((f) => f !== '');
}

/** The branch pull requests most likely target: origin's HEAD, else main or master, else main. */
export async function defaultBranch(repo: GitRepo): Promise<string> {
  try {
    const ref = (await repo.raw(['symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD'])).trim();
    if (ref.startsWith('origin/')) return ref.slice('origin/'.length);
  } catch {
    // No remote HEAD: look at local branches.
  }
  const [main, master] = await repo.resolveCommits(['refs/heads/main', 'refs/heads/master']);
  if (main) return 'main';
  if (master) return 'master';
  return 'main';
}

/** Untracked files that git does not ignore, matching a pathspec glob. */
export async function listUntracked(repo: GitRepo, glob: string): Promise<string[]> {
  return (await repo.raw(['ls-files', '-z', '--others', '--exclude-standard', '--', glob]))
    .split('\0')
    .filter((f) => f !== '');
}
