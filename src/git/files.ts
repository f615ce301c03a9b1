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
 * never options. Each file goes to `onFile` as git finds it, so that a scan parses while git reads.
 */
export async function filesContaining(
  repo: GitRepo,
  words: readonly string[],
  where: { staged: boolean },
  onFile: (file: string) => void,
): Promise<void> {
  const args = ['grep', '-l', '-z', '-I', '-i', '-F', where.staged ? '--cached' : '--untracked'];
  for (const word of words) args.push('-e', word);
  await repo.raw(args, nulSeparated(onFile));
}

/**
 * A reader of NUL-separated output arriving in chunks: each complete item goes to `onItem`. Items
 * are split at NUL bytes before they are decoded, since a chunk may end inside a character.
 */
export function nulSeparated(onItem: (item: string) => void): (chunk: Buffer) => void {
  let rest = Buffer.alloc(0);
  return (chunk) => {
    let data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    for (let end = data.indexOf(0); end >= 0; end = data.indexOf(0)) {
      if (end > 0) onItem(data.subarray(0, end).toString('utf8'));
      data = data.subarray(end + 1);
    }
    rest = Buffer.from(data);
  };
}
