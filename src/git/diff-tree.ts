/**
 * The patches between a file's revisions, for `audit`: `git diff-tree --stdin -p -U0` processes read
 * commit pairs as stdin lines and stream one record per pair, which this module splits and hands on
 * as each one is complete (see `GitRepo.diffPairs`; patch.ts applies them).
 */
import { PATCH_RECORD_MAX_BYTES } from '../limits.js';
import { SHA, spawnDiffTree } from './process.js';

/** Two commits whose versions of a file `diffPairs` compares: `previous` is the older. */
export interface CommitPair {
  commit: string;
  previous: string;
}

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66);
}

/** `GitRepo.diffPairs` for the repository at `dir`: the pairs split into `processes` contiguous runs. */
export function diffPairs(
  dir: string,
  path: string,
  pairs: readonly CommitPair[],
  processes: number,
): Promise<Buffer | null | undefined>[] {
  const runs: Promise<Buffer | null | undefined>[][] = [];
  const size = Math.ceil(pairs.length / Math.max(1, processes));
  for (let from = 0; from < pairs.length; from += size) runs.push(diffRun(dir, path, pairs.slice(from, from + size)));
  return runs.flat();
}

/** One diff-tree process for a run of pairs (see diffPairs). */
function diffRun(dir: string, path: string, pairs: readonly CommitPair[]): Promise<Buffer | null | undefined>[] {
  const settle: ((record: Buffer | null | undefined) => void)[] = [];
  const records = pairs.map(() => new Promise<Buffer | null | undefined>((resolve) => settle.push(resolve)));
  // Where each commit's record goes: records come in the order of the stdin lines, with none for
  // an unchanged pair, and each starts with a line holding just the commit's id.
  const position = new Map(pairs.map((p, i) => [p.commit, i]));
  if (position.size !== pairs.length || !pairs.every((p) => SHA.test(p.commit) && SHA.test(p.previous))) {
    for (const s of settle) s(undefined);
    return records;
  }
  const idLength = pairs[0]?.commit.length ?? 40;
  let next = 0; // first pair not settled yet
  let open = -1; // pair whose record is being received (then next === open), or -1
  let rest: Buffer = Buffer.alloc(0); // bytes from the open record's start (or from the last partial line)
  let scanned = 0; // bytes of `rest` already looked at: whole lines
  // Where `rest` was copied to, with room after it for the next chunks: a long record is appended in
  // place rather than copied whole for each chunk (which took seconds for a record of some MiB).
  // Records handed on are views of it that nothing writes over: writes go past `rest`'s end only.
  let store: Buffer = Buffer.alloc(0);
  let restAt = -1; // where `rest` starts in `store`, or -1 when it is a view of a chunk
  const join = (chunk: Buffer): Buffer => {
    const size = rest.length + chunk.length;
    if (restAt < 0 || restAt + size > store.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * size, 64 * 1024));
      rest.copy(bigger, 0);
      [store, restAt] = [bigger, 0];
    }
    chunk.copy(store, restAt + rest.length);
    return store.subarray(restAt, restAt + size);
  };
  /** Settles the open record with `record`, and the pairs before `to` with null (git printed nothing for them). */
  const advance = (record: Buffer | null | undefined, to: number) => {
    if (open !== -1) settle[next++]!(record);
    open = -1;
    while (next < to) settle[next++]!(null);
  };
  // The output must not depend on the user's configuration or attributes: no context lines and no
  // merged hunks (diff.context, diff.interHunkContext), text even for `-diff` or binary-looking
  // files, no textconv, external diff, colour or rename detection, and PATH matched literally.
  const child = spawnDiffTree(dir, [
    '--literal-pathspecs',
    'diff-tree',
    '--stdin',
    '-r',
    '-p',
    '-U0',
    '--inter-hunk-context=0',
    '--text',
    '--no-textconv',
    '--no-ext-diff',
    '--no-color',
    '--no-renames',
    '--end-of-options',
    '--',
    path,
  ]);
  let stopped = false; // a record grew past the limit: the rest is read as blobs
  child.stdout.on('data', (chunk: Buffer) => {
    if (stopped) return;
    const data = rest.length === 0 ? chunk : join(chunk);
    let recordStart = 0;
    let pos = scanned;
    for (let nl = data.indexOf(10, pos); nl !== -1; pos = nl + 1, nl = data.indexOf(10, pos)) {
      // Patch lines start with a marker ('+', '-', ' ', '@', '\\') and headers with a word: a line
      // of just hex digits is a record's start.
      if (nl - pos !== idLength || !isHexDigit(data[pos]!)) continue;
      const at = position.get(data.toString('latin1', pos, nl));
      if (at === undefined || at < next || at === open) continue;
      advance(data.subarray(recordStart, pos), at);
      open = at;
      recordStart = nl + 1;
    }
    const keep = open === -1 ? pos : recordStart;
    rest = data.subarray(keep);
    restAt = data === chunk ? -1 : restAt + keep;
    scanned = pos - keep;
    if (rest.length > PATCH_RECORD_MAX_BYTES) {
      // No patch is held without bound: this one and those after it are read as blobs (size-checked).
      stopped = true;
      rest = Buffer.alloc(0);
      child.kill();
      fail();
    }
  });
  // Git failed, or could not start: what is not complete must be read otherwise.
  const fail = () => {
    open = -1;
    while (next < pairs.length) settle[next++]!(undefined);
  };
  child.on('error', fail);
  child.on('close', (status) => {
    if (status === 0 && !stopped) advance(rest, pairs.length);
    else fail();
  });
  child.stdin.on('error', () => undefined); // git gone early: settled on close
  child.stdin.end(pairs.map((p) => `${p.commit} ${p.previous}\n`).join(''));
  return records;
}
