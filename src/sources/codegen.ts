/**
 * The generated files `check` compares (config `generate`): from the index with --staged (what is
 * being committed), else from the working tree (in CI, the checked-out commit). Reads are bounded.
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
  from: { repo: GitRepo; staged: boolean },
): Promise<GeneratedRead[]> {
  const targets = config.generate ?? [];
  return Promise.all(
    targets.map(async (target) =>
      from.staged
        ? { target, actual: await from.repo.readStaged(gitPathOf(config, target.path)), readFrom: 'the index' }
        : { target, actual: readGeneratedFile(config, target), readFrom: 'the working tree' },
    ),
  );
}
