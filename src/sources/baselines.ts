/**
 * Everything one check compares, loaded before any judging: the registry being checked (working
 * tree or index), its git base, its ledger, and the released snapshots the change touched. The
 * judging (checks/judge.ts) is then a pure function of what is loaded here.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config, RegistryConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import type { GitRepo } from '../git/repo.js';
import { isReleaseVersion, latest, type Ledger } from '../ledger.js';
import type { ParsedRegistry, RegistryModel } from '../model.js';
import { relativePosix } from '../paths.js';
import type { ResolvedBase } from './base.js';
import { parseOrFail, readRegistryFile } from './file.js';
import { readRegistryLedger } from './ledger-files.js';
import { gitPath, gitPathOf } from './worktree.js';

/** A released snapshot that the git base has and the checked tree changed or deleted. */
export interface SnapshotChange {
  /** Path relative to the config's root. */
  path: string;
  change: 'modified' | 'deleted';
}

/** The git base as one registry's check sees it. */
export interface RegistryAtBase {
  label: string;
  /** Why the base is special (no commits yet, registry absent there, no base branch). */
  note?: string;
  /** The registry there (no entries when it is absent or there is no base commit). */
  model: RegistryModel;
  /** False when there is no git baseline to compare with at all (the base is only reported). */
  compared: boolean;
}

export interface RegistryBaselines {
  registry: RegistryConfig;
  /** The revision being checked (no entries when the registry was deleted). */
  current: ParsedRegistry;
  ledger: Ledger;
  base?: RegistryAtBase;
  changedSnapshots: SnapshotChange[];
}

export interface LoadOptions {
  /** Check the index (what is being committed) rather than the working tree. */
  staged?: boolean | undefined;
}

/** Where one registry's baselines come from. Without a repository and base (`snapshot`), the ledger only. */
export interface BaselineSources extends LoadOptions {
  repo?: GitRepo;
  base?: ResolvedBase;
  /** The working tree's reads, when they were started ahead (see readLocal). */
  local?: LocalReads;
}

/** A step's value, or the error it threw, kept to be thrown when the step's turn comes. */
export type Outcome<T> = { value: T } | { error: unknown };

function attempt<T>(step: () => T): Outcome<T> {
  try {
    return { value: step() };
  } catch (error) {
    return { error };
  }
}

export function unwrap<T>(outcome: Outcome<T>): T {
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/** What the load reads from the working tree; `check` reads it ahead while git resolves the base. */
export interface LocalReads {
  /** Undefined for --staged: the registry comes from git then. */
  parsed?: Outcome<ParsedRegistry>;
  ledger: Outcome<Ledger>;
}

export function readLocal(config: Config, registry: RegistryConfig, options: LoadOptions): LocalReads {
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

const EMPTY: ParsedRegistry = { entries: [], sections: [], problems: [] };

/**
 * Load one registry's baselines. Without a repository (`snapshot`) there is no git base: the
 * working tree is compared with the ledger only.
 */
export async function loadRegistryBaselines(
  config: Config,
  registry: RegistryConfig,
  from: BaselineSources = {},
): Promise<RegistryBaselines> {
  const { repo, base, staged } = from;
  const local = from.local ?? readLocal(config, registry, { staged });
  const inGit = gitPath(config, registry);
  let current: ParsedRegistry | undefined;
  if (staged) {
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
    if (staged)
      throw new UsageError(
        `registry ${registry.path} is not in the git index: 'git add' it, or fix "registry" in the config`,
      );
    unwrap(local.parsed!); // throws the one-line "not found" error of the read
  }
  let atBase: RegistryAtBase | undefined;
  if (base) {
    let model: RegistryModel = { entries: [], sections: [] };
    let note = base.note;
    if (base.sha) {
      if (baseBytes) model = parseOrFail(baseBytes, `${base.label}:${registry.path}`);
      else note = 'registry absent at base: every code is new';
    }
    atBase = { label: base.label, model, compared: Boolean(base.sha || staged), ...(note ? { note } : {}) };
  }
  return {
    registry,
    current: current ?? EMPTY,
    ledger,
    ...(atBase ? { base: atBase } : {}),
    changedSnapshots: base?.sha ? await changedSnapshots(repo!, config, registry, base.sha) : [],
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
): Promise<SnapshotChange[]> {
  const atBase = [...(await repo.filesAt(base, gitPathOf(config, registry.snapshots)))].filter(([file]) =>
    isReleaseVersion(path.posix.basename(file, '.json')),
  );
  if (atBase.length === 0) return [];
  const local = atBase.map(([file]) => path.join(config.root, registry.snapshots, path.posix.basename(file)));
  const present = local.filter((f) => existsSync(f));
  const position = new Map(present.map((f, i) => [f, i]));
  const blobs = new Map(atBase.map(([, blob], i) => [local[i]!, blob]));
  const same = await repo.sameAsBlobs(
    present,
    present.map((f) => blobs.get(f)!),
  );
  return local.flatMap((file): SnapshotChange[] => {
    const at = position.get(file);
    if (at !== undefined && same[at]) return [];
    return [{ path: relativePosix(config.root, file), change: at === undefined ? 'deleted' : 'modified' }];
  });
}
