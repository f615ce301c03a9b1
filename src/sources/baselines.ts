/**
 * What one registry is judged against when there is no git base commit (`snapshot`; `check` before
 * the first commit or without a base branch): the registry being checked (working tree or index)
 * and the working tree's ledger. With a base commit, `check` loads through change.ts instead. The
 * judging (checks/judge.ts) is a pure function of what is loaded here.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config, RegistryConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import type { GitRepo } from '../git/repo.js';
import { latest, type Ledger } from '../ledger.js';
import type { ParsedRegistry, RegistryModel } from '../model.js';
import type { ResolvedBase } from './base.js';
import { parseOrFail, readRegistryFile } from './file.js';
import { readRegistryLedger } from './ledger-files.js';
import { gitPath } from './worktree.js';

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
  /** A base without a commit: only reported, with its note (see change.ts for a base commit). */
  base?: ResolvedBase & { sha?: undefined };
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
  // A deleted registry the ledger has is a registry with no codes left: every code is removed
  // (exit 1), not a broken setup (exit 2).
  if (current === undefined && latest(ledger) === undefined) {
    if (staged)
      throw new UsageError(
        `registry ${registry.path} is not in the git index: 'git add' it, or fix "registry" in the config`,
      );
    unwrap(local.parsed!); // throws the one-line "not found" error of the read
  }
  const atBase: RegistryAtBase | undefined = base && {
    label: base.label,
    model: { entries: [], sections: [] },
    // Before the first commit, everything staged is new: compared with nothing.
    compared: Boolean(staged),
    ...(base.note ? { note: base.note } : {}),
  };
  return {
    registry,
    current: current ?? EMPTY,
    ledger,
    ...(atBase ? { base: atBase } : {}),
    changedSnapshots: [],
  };
}
