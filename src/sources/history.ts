/**
 * The revisions of a file along its history, oldest first, for `audit`: the first one as a blob,
 * each next one rebuilt from the one before and the patch between them (see patch.ts). The patches
 * come from `git diff-tree` processes running in parallel, each over a run of the history, while
 * this process applies, parses and compares them in order.
 */
import { availableParallelism } from 'node:os';
import type { CommitPair } from '../git/diff-tree.js';
import type { Commit } from '../git/log.js';
import { applyPatch, indexLines, RevisionBuffers, type LineIndex } from '../git/patch.js';
import { ObjectTooLarge } from '../git/objects.js';
import { isLineSafeRef } from '../git/process.js';
import { GIT_OBJECT_MAX_BYTES } from '../limits.js';
import type { GitRepo } from '../git/repo.js';
import type { KnownChanges } from '../parse/incremental.js';

/**
 * One revision: its bytes (undefined: no file there), and when a patch gave them, what changed from
 * the revision before. The bytes stay as they are while they are the last revision or the last one
 * the handler took (see RevisionBuffers): copy them to keep them longer.
 */
export interface Revision {
  bytes: Buffer | undefined;
  /** The blob's size when it is over the size limit: then it was not read, and `bytes` is undefined. */
  tooLarge?: { size: number; limit: number };
  known?: KnownChanges;
  /** Where the bytes came from: a blob read, or a patch applied to the revision before. */
  source: 'blob' | 'patch';
}

/**
 * Gets each revision in turn. Returns false when it does not take this revision in place of the one
 * it took before (audit skips a revision it cannot read, and compares the next with the one before):
 * then the bytes of that one stay as they are too.
 */
export type RevisionHandler = (revision: Revision, index: number) => boolean | void;

/** How revisions are read: rebuilt from patches, or every one as a blob (what the tests compare the patches with). */
export type RevisionSource = 'patches' | 'blobs';

/** How long the loop may run before it lets the event loop read what git wrote. */
const YIELD_MS = 2;
/** Below this many pairs of a path one diff-tree process is as quick as several (each costs a start). */
const PAIRS_TO_SPLIT = 200;
/** At least this many pairs for each further process. */
const PAIRS_PER_PROCESS = 100;

/** Calls `handle` with each revision of `history` (oldest first), in order. */
export async function eachRevision(
  repo: GitRepo,
  history: readonly Commit[],
  handle: RevisionHandler,
  via: RevisionSource = 'patches',
): Promise<void> {
  const names = history.map((c) => `${c.sha}:${c.path}`);
  // Each revision is a blob when there is nothing to patch, or when a name cannot go on a stdin line
  // as itself (the reader refuses such names, and `eachObject` reads them as today).
  if (via === 'blobs' || history.length < 2 || names.some((n) => !isLineSafeRef(n))) {
    await repo.eachObject(names, (bytes, i, _type, _id, size) =>
      handle(
        { bytes, source: 'blob', ...(size !== undefined ? { tooLarge: { size, limit: GIT_OBJECT_MAX_BYTES } } : {}) },
        i,
      ),
    );
    return;
  }
  const records = diffRecords(repo, history);
  const reader = repo.objectReader();
  const buffers = new RevisionBuffers();
  try {
    let current: { bytes: Buffer; lines: LineIndex | undefined } | undefined;
    let taken: Buffer | undefined; // bytes of the last revision the handler took
    let yielded = performance.now();
    for (let i = 0; i < history.length; i++) {
      // Awaiting records that are already here never lets the event loop read the pipes: git would
      // fill them and wait for this loop, and the two would take turns instead of running at once.
      if (performance.now() - yielded > YIELD_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        yielded = performance.now();
      }
      const record = await records[i];
      records[i] = undefined; // what is applied is not kept
      let revision: Revision | undefined;
      if (current && record === null) {
        // The same blob on both sides.
        revision = { bytes: current.bytes, known: { from: current.bytes, changes: [] }, source: 'patch' };
      } else if (current && record) {
        current.lines ??= indexLines(current.bytes);
        const patched = applyPatch(current.bytes, current.lines, record, buffers, taken);
        if (patched) {
          revision = {
            bytes: patched.bytes,
            ...(patched.changes ? { known: { from: current.bytes, changes: patched.changes } } : {}),
            source: 'patch',
          };
          current = { bytes: patched.bytes, lines: patched.lines };
        }
      }
      if (!revision) {
        // The first revision, one across a rename, or one no patch gave exactly.
        let bytes: Buffer | undefined;
        try {
          bytes = await reader.read(names[i]!);
          revision = { bytes, source: 'blob' };
        } catch (error) {
          // Too large to read: handed on as such (audit reports it), and nothing to patch from.
          if (!(error instanceof ObjectTooLarge)) throw error;
          revision = { bytes: undefined, tooLarge: { size: error.size, limit: error.limit }, source: 'blob' };
        }
        current = bytes ? { bytes, lines: undefined } : undefined;
      }
      if (handle(revision, i) !== false) taken = revision.bytes;
    }
  } finally {
    reader.close();
  }
}

/**
 * For each revision, the promise of the diff-tree record from the revision before (see
 * GitRepo.diffPairs), or undefined where there is none to ask for: the first revision, and one whose
 * path differs from the one before (a rename that `log --follow` followed).
 */
function diffRecords(repo: GitRepo, history: readonly Commit[]): (Promise<Buffer | null | undefined> | undefined)[] {
  const records: (Promise<Buffer | null | undefined> | undefined)[] = history.map(() => undefined);
  const byPath = new Map<string, { pairs: CommitPair[]; at: number[] }>();
  for (let i = 1; i < history.length; i++) {
    const { sha, path } = history[i]!;
    if (path !== history[i - 1]!.path) continue;
    let group = byPath.get(path);
    if (!group) byPath.set(path, (group = { pairs: [], at: [] }));
    group.pairs.push({ commit: sha, previous: history[i - 1]!.sha });
    group.at.push(i);
  }
  for (const [path, { pairs, at }] of byPath) {
    const processes =
      pairs.length < PAIRS_TO_SPLIT
        ? 1
        : Math.max(2, Math.min(availableParallelism(), Math.floor(pairs.length / PAIRS_PER_PROCESS)));
    const asked = repo.diffPairs(path, pairs, processes);
    for (const [k, i] of at.entries()) records[i] = asked[k];
  }
  return records;
}
