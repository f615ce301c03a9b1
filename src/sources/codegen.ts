/**
 * The generated files `check` compares (config `generate`): from the index with --staged (what is
 * being committed); in CI from the committed tree (HEAD), so that a build step that regenerates them
 * before the check cannot hide a stale committed file; else from the working tree. Reads are bounded.
 */
import path from 'node:path';
import type { Config, GenerateTarget } from '../config/types.js';
import { readBoundedIfExists } from '../files/read.js';
import type { GitRepo } from '../git/repo.js';
import { GENERATED_MAX_BYTES } from '../limits.js';
import { gitPathOf } from './worktree.js';

export interface GeneratedRead {
  target: GenerateTarget;
  /** Undefined when the file is not there. */
  actual: Buffer | undefined;
  readFrom: string;
}

/** A generated file from the working tree: inside the repository, a regular file, at most GENERATED_MAX_BYTES. */
export function readGeneratedFile(config: Config, target: GenerateTarget): Buffer | undefined {
  return readBoundedIfExists(path.join(config.root, target.path), {
    what: 'generated file',
    display: target.path,
    maxBytes: GENERATED_MAX_BYTES,
    root: config.root,
    strictRoot: true,
    fix: {
      directory: 'point "generate" at a file path',
      special: 'point "generate" at a regular file path',
      outside: 'point "generate" at a path inside it',
    },
  });
}

export async function readGeneratedFiles(
  config: Config,
  from: { repo: GitRepo; staged: boolean; committed: boolean },
): Promise<GeneratedRead[]> {
  const targets = config.generate ?? [];
  const head = from.committed && !from.staged ? await from.repo.resolveCommit('HEAD') : undefined;
  return Promise.all(
    targets.map(async (target): Promise<GeneratedRead> => {
      if (from.staged)
        return { target, actual: await from.repo.readStaged(gitPathOf(config, target.path)), readFrom: 'the index' };
      if (head)
        return {
          target,
          actual: await from.repo.readAt(head, gitPathOf(config, target.path)),
          readFrom: `the commit ${head.slice(0, 7)}`,
        };
      return { target, actual: readGeneratedFile(config, target), readFrom: 'the working tree' };
    }),
  );
}
