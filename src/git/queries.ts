/** Questions about the index and trees that `check` asks under the base's policy (sources/change.ts). */
import type { GitRepo } from './repo.js';

/** Files of a folder in the index (stage 0), with their blob ids. */
export async function indexFilesIn(repo: GitRepo, dir: string): Promise<Map<string, string>> {
  const folder = dir.replace(/\/$/, '');
  const out = await repo.raw(['ls-files', '-s', '-z', '--', `${folder}/`]).catch(() => '');
  const files = new Map<string, string>();
  for (const line of out.split('\0')) {
    const match = /^\d+ ([0-9a-f]+) 0\t(.+)$/.exec(line);
    if (match) files.set(match[2]!, match[1]!);
  }
  return files;
}

/**
 * The submodule a path lies in at a commit: its folder and the commit the superproject records
 * for it, when some folder above the path is a gitlink there.
 */
export async function submoduleAt(
  repo: GitRepo,
  commit: string,
  file: string,
): Promise<{ folder: string; sha: string } | undefined> {
  const parts = file.split('/').slice(0, -1);
  const folders = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  if (folders.length === 0) return undefined;
  const out = await repo.raw(['ls-tree', '-z', '--end-of-options', commit, '--', ...folders]).catch(() => '');
  for (const line of out.split('\0')) {
    const match = /^160000 commit ([0-9a-f]+)\t(.+)$/.exec(line);
    if (match) return { folder: match[2]!, sha: match[1]! };
  }
  return undefined;
}
