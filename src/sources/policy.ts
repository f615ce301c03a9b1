/**
 * The policy a change is judged by: the config as it is at the git base (read from git, not from the
 * working tree), and the config the change proposes (the working tree's, or the index's for
 * `--staged`). See docs/security.md for why the change's own config does not judge it.
 */
import path from 'node:path';
import { configFromText, defaultConfig } from '../config/load.js';
import { CONFIG_FILE, type Config } from '../config/types.js';
import type { GitRepo } from '../git/repo.js';
import { relativePosix } from '../paths.js';
import { gitPathOf } from './worktree.js';

/** Where a config may be at a revision, as absolute paths: the head's file first, then the search places in its folder. */
export function configCandidates(head: Config): string[] {
  const places = [path.join(head.root, CONFIG_FILE), path.join(head.root, 'package.json')];
  return head.file ? [head.file, ...places.filter((p) => p !== head.file)] : places;
}

/** A config candidate's path from the top of the work tree. */
export function configGitPath(head: Config, file: string): string {
  return gitPathOf(head, relativePosix(head.root, file));
}

/** The config at `read`'s revision, found where the head's is (or in its search places); the defaults when there is none. */
async function configAt(
  head: Config,
  read: (gitPath: string) => Promise<Buffer | undefined>,
  strictness: 'strict' | 'lenient',
): Promise<Config | undefined> {
  for (const file of configCandidates(head)) {
    const bytes = await read(configGitPath(head, file));
    if (!bytes) continue;
    const config = configFromText(file, bytes.toString('utf8'), head.root, strictness);
    if (config) return config;
  }
  return undefined;
}

/** The base's config: what judges the change. Read leniently (it was reviewed when it was merged). */
export async function loadBaseConfig(repo: GitRepo, head: Config, baseSha: string): Promise<Config> {
  return (await configAt(head, (p) => repo.readAt(baseSha, p), 'lenient')) ?? defaultConfig(head.root);
}

/**
 * For `--staged`: the config being committed, from the index, else HEAD's, else the working tree's
 * (`head`, loaded from disk): an unstaged edit must not accept a staged change.
 */
export async function loadStagedConfig(repo: GitRepo, head: Config, headSha: string | undefined): Promise<Config> {
  return (
    (await configAt(head, (p) => repo.readStaged(p), 'strict')) ??
    (headSha ? await configAt(head, (p) => repo.readAt(headSha, p), 'strict') : undefined) ??
    head
  );
}
