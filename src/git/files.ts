/** What `scan` asks git: the files of the working tree that are not ignored, and the staged ones. */
import type { GitRepo } from './repo.js';

function paths(output: string): string[] {
  return output.split('\0').filter((f) => f !== '');
}

/**
 * Tracked and untracked files under the repository's folder, `.gitignore`d ones left out (paths
 * relative to the folder the repository was opened in).
 */
export async function workTreeFiles(repo: GitRepo): Promise<string[]> {
  return paths(await repo.raw(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate']));
}

/** Files the next commit adds, copies, modifies or renames (not deletions): `check --staged` scans these. */
export async function stagedChangedFiles(repo: GitRepo): Promise<string[]> {
  return paths(await repo.raw(['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR']));
}

/**
 * Which of the files (working tree with untracked ones, or the index) contain any of `words`,
 * case-insensitively: `git grep -l -F -i`, which reads in C and in parallel what a scan would
 * otherwise read itself only to skip. Binary files are left out. `words` are patterns (after `-e`),
 * never options.
 */
export async function filesContaining(
  repo: GitRepo,
  words: readonly string[],
  where: { staged: boolean },
): Promise<Set<string>> {
  const args = ['grep', '-l', '-z', '-I', '-i', '-F', where.staged ? '--cached' : '--untracked'];
  for (const word of words) args.push('-e', word);
  return new Set(paths(await repo.raw(args)));
}
