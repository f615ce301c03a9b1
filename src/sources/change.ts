/**
 * What a check with a git base loads, under the base's policy: for each registry of the base's
 * config, the revision the change commits (at the base's path, or where the change moved it), the
 * base's revision, the base's ledger (read from git) and the snapshot files the change has (read
 * from the working tree, or from the index for --staged), so that nothing the change adds to the
 * ledger is trusted before checks/snapshot-validation.ts has checked it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config, RegistryConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { indexFilesIn, submoduleAt } from '../git/queries.js';
import { GitRepo } from '../git/repo.js';
import { compareVersions, type Snapshot } from '../ledger.js';
import type { ParsedRegistry, RegistryModel } from '../model.js';
import { relativePosix } from '../paths.js';
import type { RegistryPairing } from '../checks/policy-change.js';
import type { ResolvedBase } from './base.js';
import { unwrap, type Outcome, type SnapshotChange } from './baselines.js';
import { parseOrFail, readRegistryFile } from './file.js';
import { parseSnapshot, readSnapshot, releasedSnapshotFiles, snapshotVersionOf } from './ledger-files.js';
import { gitPathOf, workTreeTop } from './worktree.js';

/** A snapshot file the change adds. */
export interface ChangeSnapshot {
  version: string;
  /** Path relative to the root. */
  path: string;
  snapshot: Snapshot;
}

export interface RegistryChange {
  /** The registry as the base's config names it (its path and snapshot folder). */
  registry: RegistryConfig;
  /** The path the change's revision was read from (the base's, or where the change moved it). */
  readFrom: string;
  /** The revision being committed (no entries when the registry was deleted). */
  current: ParsedRegistry;
  /** The base's revision (no entries when it is absent there). */
  atBase: RegistryModel;
  baseNote?: string;
  /** The base's released snapshots, oldest first. */
  baseLedger: Snapshot[];
  /** Snapshots the change adds (their versions are not in the base's ledger). */
  added: ChangeSnapshot[];
  /** Released snapshots of the base the change modified or deleted. */
  changedSnapshots: SnapshotChange[];
  /** The folder the base's ledger is in. */
  ledgerDir: string;
}

/** What `check` read and parsed from the working tree while git resolved the base (not for --staged). */
export interface LocalAhead {
  /** Each configured registry's parse (or the error of reading it), by path. */
  registries: ReadonlyMap<string, Outcome<ParsedRegistry>>;
  /** Each ledger's snapshots, by folder and version. */
  snapshots: ReadonlyMap<string, ReadonlyMap<string, Snapshot>>;
}

export interface ChangeSources {
  repo: GitRepo;
  base: ResolvedBase & { sha: string };
  staged: boolean;
  ahead?: LocalAhead;
}

const EMPTY: ParsedRegistry = { entries: [], sections: [], problems: [] };

/**
 * Pairs the base's registries with the change's: by path, else the one registry the change's config
 * names in place of the one it no longer names (a move).
 */
export function pairRegistries(basePolicy: Config, head: Config): RegistryPairing[] {
  const headPaths = new Set(head.registries.map((r) => r.path));
  const gone = basePolicy.registries.filter((r) => !headPaths.has(r.path));
  const basePaths = new Set(basePolicy.registries.map((r) => r.path));
  const fresh = head.registries.filter((r) => !basePaths.has(r.path));
  return basePolicy.registries.map((r) => {
    const same = head.registries.find((h) => h.path === r.path);
    const moved = !same && gone.length === 1 && fresh.length === 1 ? fresh[0] : undefined;
    const now = same ?? moved;
    return { base: r, ...(now ? { head: now } : {}) };
  });
}

/** Loads one base registry and what the change has of it. */
export async function loadRegistryChange(
  config: Config,
  pairing: RegistryPairing,
  from: ChangeSources,
): Promise<RegistryChange> {
  const { repo, base, staged } = from;
  const registry = pairing.base;
  // The base's path is judged while the change still has a file there (a config pointed at another
  // copy does not hide an edit of the real one); a moved registry is followed to its new path.
  const moved = pairing.head && pairing.head.path !== registry.path ? pairing.head.path : undefined;
  const readFrom = moved && !(await presentInChange(config, registry.path, from)) ? moved : registry.path;
  const current = await readCurrent(config, readFrom, from);
  const baseBytes = await readAtBase(config, repo, base.sha, registry.path);
  if (current === undefined && baseBytes === undefined)
    throw new UsageError(
      staged
        ? `registry ${readFrom} is not in the git index: 'git add' it, or fix "registry" in the config`
        : `registry ${readFrom} not found: pass its path, or set "registry" in error-registry-guard.config.json`,
    );
  const atBase = baseBytes ? parseOrFail(baseBytes, `${base.label}:${registry.path}`) : undefined;
  const headFolder = pairing.head?.snapshots ?? registry.snapshots;
  const ledger = await loadLedgerChange(
    config,
    registry.snapshots,
    headFolder,
    from,
    from.ahead?.snapshots.get(headFolder),
  );
  return {
    registry,
    readFrom,
    current: current ?? EMPTY,
    atBase: atBase ?? { entries: [], sections: [] },
    ...(atBase ? {} : { baseNote: 'registry absent at base: every code is new' }),
    ...ledger,
    ledgerDir: path.resolve(config.root, registry.snapshots),
  };
}

async function presentInChange(config: Config, file: string, { repo, staged }: ChangeSources): Promise<boolean> {
  return staged
    ? (await repo.readStaged(gitPathOf(config, file))) !== undefined
    : existsSync(path.join(config.root, file));
}

async function readCurrent(config: Config, file: string, { repo, staged, ahead }: ChangeSources) {
  if (staged) {
    const bytes = await repo.readStaged(gitPathOf(config, file));
    return bytes ? parseOrFail(bytes, `:${file}`) : undefined;
  }
  if (!existsSync(path.join(config.root, file))) return undefined;
  const parsed = ahead?.registries.get(file);
  if (parsed) return unwrap(parsed);
  return parseOrFail(readRegistryFile(path.join(config.root, file), file, { root: config.root }), file);
}

/**
 * A file at the base; for a file inside a submodule, read from the submodule's recorded commit
 * (never "absent at base" only because the superproject does not hold the file itself).
 */
async function readAtBase(config: Config, repo: GitRepo, sha: string, shown: string): Promise<Buffer | undefined> {
  const gitPath = gitPathOf(config, shown);
  const bytes = await repo.readAt(sha, gitPath);
  if (bytes) return bytes;
  const submodule = await submoduleAt(repo, sha, gitPath);
  if (!submodule) return undefined;
  const inner = path.posix.relative(submodule.folder, gitPath);
  try {
    const sub = await GitRepo.open(path.join(workTreeTop(config.root), submodule.folder));
    if (await sub.resolveCommit(submodule.sha)) return await sub.readAt(submodule.sha, inner);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
  }
  throw new UsageError(
    `registry ${shown} is in the submodule ${submodule.folder}, whose commit ${submodule.sha.slice(0, 12)} at the base is not in its clone: run 'git submodule update --init' (in CI: checkout with submodules), then check again`,
  );
}

/** The base's ledger from git, and how the change's snapshot files differ from it (by version). */
async function loadLedgerChange(
  config: Config,
  baseFolder: string,
  headFolder: string,
  { repo, base, staged }: ChangeSources,
  known: ReadonlyMap<string, Snapshot> | undefined,
): Promise<Pick<RegistryChange, 'baseLedger' | 'added' | 'changedSnapshots'>> {
  const atBase = new Map<string, string>(); // version -> blob id
  const folderAtBase = gitPathOf(config, baseFolder).replace(/\/$/, '');
  for (const [file, blob] of await repo.filesAt(base.sha, folderAtBase)) {
    const version = snapshotVersionOf(path.posix.basename(file));
    if (version && path.posix.dirname(file) === folderAtBase) atBase.set(version, blob);
  }
  const headFiles = staged ? await indexSnapshots(config, headFolder, repo) : worktreeSnapshots(config, headFolder);
  const baseLedger: Snapshot[] = [];
  const changed: SnapshotChange[] = [];
  const versions = [...atBase.keys()];
  const same = await sameContent(
    repo,
    versions.map((v) => headFiles.get(v)),
    versions.map((v) => atBase.get(v)!),
    staged,
  );
  // A snapshot the change has as the base has it was parsed already (the working tree's ledger).
  const toParse = versions.filter((v, i) => !(same[i] && known?.has(v)));
  const blobs = new Map(
    (await repo.readBlobs(toParse.map((v) => atBase.get(v)!))).map((bytes, i) => [toParse[i]!, bytes] as const),
  );
  versions.forEach((version, i) => {
    const shown = `${baseFolder.replace(/\/$/, '')}/${version}.json`;
    const bytes = blobs.get(version);
    baseLedger.push(
      bytes ? parseSnapshot(bytes.toString('utf8'), `${base.label}:${shown}`, version) : known!.get(version)!,
    );
    const head = headFiles.get(version);
    if (!same[i])
      changed.push({
        path: head?.path ?? relativePosix(config.root, path.join(config.root, shown)),
        change: head ? 'modified' : 'deleted',
      });
  });
  baseLedger.sort((a, b) => compareVersions(a.version, b.version));
  const added: ChangeSnapshot[] = [];
  for (const [version, file] of headFiles) {
    if (atBase.has(version)) continue;
    const parsed = known?.get(version);
    if (parsed) {
      added.push({ version, path: file.path, snapshot: parsed });
      continue;
    }
    // A file that is not a snapshot at all is bad input (exit 2), as it always was; a readable one is judged.
    added.push({ version, path: file.path, snapshot: await file.load(version) });
  }
  return { baseLedger, added, changedSnapshots: changed };
}

interface ChangeFile {
  path: string;
  /** Absolute path (working tree) or blob id (index). */
  ref: string;
  load(version: string): Promise<Snapshot>;
}

function worktreeSnapshots(config: Config, folder: string): Map<string, ChangeFile> {
  const dir = path.join(config.root, folder);
  const files = new Map<string, ChangeFile>();
  for (const name of releasedSnapshotFiles(dir)) {
    const file = path.join(dir, name);
    const shown = relativePosix(config.root, file);
    files.set(snapshotVersionOf(name)!, {
      path: shown,
      ref: file,
      load: (version) => Promise.resolve(readSnapshot(file, version, config.root, shown)),
    });
  }
  return files;
}

async function indexSnapshots(config: Config, folder: string, repo: GitRepo): Promise<Map<string, ChangeFile>> {
  const prefix = gitPathOf(config, folder).replace(/\/$/, '');
  const files = new Map<string, ChangeFile>();
  for (const [file, blob] of await indexFilesIn(repo, prefix)) {
    const version = snapshotVersionOf(path.posix.basename(file));
    if (!version || path.posix.dirname(file) !== prefix) continue;
    const shown = path.posix.join(folder.replace(/\/$/, ''), path.posix.basename(file));
    files.set(version, {
      path: shown,
      ref: blob,
      load: async (v) =>
        parseSnapshot(((await repo.readBlobs([blob]))[0] ?? Buffer.alloc(0)).toString('utf8'), shown, v),
    });
  }
  return files;
}

async function sameContent(
  repo: GitRepo,
  files: (ChangeFile | undefined)[],
  blobs: string[],
  staged: boolean,
): Promise<boolean[]> {
  if (staged) return files.map((f, i) => f !== undefined && f.ref === blobs[i]);
  const present = files.flatMap((f, i) => (f ? [i] : []));
  const same = await repo.sameAsBlobs(
    present.map((i) => files[i]!.ref),
    present.map((i) => blobs[i]!),
  );
  const out = files.map(() => false);
  present.forEach((i, k) => (out[i] = same[k]!));
  return out;
}
