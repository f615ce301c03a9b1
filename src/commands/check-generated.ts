/**
 * The generated files' part of `check` (config `generate`): each file compared with what `generate`
 * would write from the registry being checked (working tree, or the index with --staged), under the
 * policy that judges the change. Its own module so that check.ts only calls it.
 */
import type { GeneratedFile } from '../checks/stale-generated.js';
import { applyPolicy } from '../checks/policy.js';
import type { AllowEntry, Config } from '../config/types.js';
import type { GitRepo } from '../git/repo.js';
import type { Finding, ParsedRegistry } from '../model.js';
import { readGeneratedFiles } from '../sources/codegen.js';

export interface GeneratedCheck {
  /** The config that lists the targets: the change's (the index's with --staged). */
  head: Config;
  /** The config whose rules and format judge (the base's with a git base). */
  judging: Config;
  /** Each registry being checked, by its path in `head`. */
  registries: ReadonlyMap<string, ParsedRegistry>;
  repo: GitRepo;
  staged: boolean;
  /** The environment: in CI (`CI` set), the files are read from the committed tree. */
  env?: NodeJS.ProcessEnv | undefined;
  used: Set<AllowEntry>;
  baseAllow?: readonly AllowEntry[];
}

export async function checkGenerated(input: GeneratedCheck): Promise<Finding[]> {
  if ((input.head.generate ?? []).length === 0) return [];
  // Loaded only by projects that generate code: every other check skips the generators.
  const { expectedSource, staleGenerated } = await import('../checks/stale-generated.js');
  const env = input.env ?? process.env;
  const committed = Boolean(env.CI && env.CI !== 'false');
  const reads = await readGeneratedFiles(input.head, { repo: input.repo, staged: input.staged, committed });
  const files: GeneratedFile[] = reads.flatMap(({ target, actual, readFrom }) => {
    const registry = input.registries.get(target.registry);
    if (!registry) return [];
    const expected = expectedSource(target, registry, { codeFormat: input.judging.codeFormat });
    return [{ target, expected, actual, readFrom }];
  });
  return staleGenerated(files).flatMap((finding) => {
    const target = files.find((f) => f.target.path === finding.path)!.target;
    const ledger = { dir: '', snapshots: [] };
    return applyPolicy([finding], input.judging, target.registry, ledger, input.used, input.baseAllow);
  });
}
