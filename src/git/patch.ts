/**
 * Applying `git diff-tree -p -U0` records to a file's previous revision, for `audit`: a history's
 * revisions are read as the lines that changed (about 1 MB for 2,000 revisions of a 45 KB registry)
 * instead of as whole blobs (about 100 MB through a pipe).
 *
 * Bytes in, bytes out: a revision is rebuilt byte for byte, CR, NUL and invalid UTF-8 included, and
 * the parser gets the same bytes the blob would have given. (The `diff` package applies patches to
 * decoded strings: every 45 KB revision would be decoded and re-encoded, and bytes that are not
 * UTF-8 would not survive.) Like `git apply`, nothing is applied on trust: every removed or context
 * line must be the old revision's line at that place, the hunks must be in order and their counts
 * and positions must add up; a record that does not, or that is anything but one modified file
 * (binary, new or deleted file, submodule), gives undefined and the caller reads the blob instead.
 */
import type { LineChange } from '../parse/regions.js';

/** Where each line of a revision starts: `starts[k]` is line k's byte offset, `starts[count]` the length. A last line without '\n' counts. */
export interface LineIndex {
  starts: Int32Array;
  count: number;
}

export function indexLines(bytes: Uint8Array): LineIndex {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const starts: number[] = [0];
  for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, nl + 1)) starts.push(nl + 1);
  if (starts[starts.length - 1] !== buf.length) starts.push(buf.length);
  return { starts: Int32Array.from(starts), count: starts.length - 1 };
}

/**
 * Where revisions are rebuilt, in turn: a fresh 45 KB buffer a revision costs more than copying the
 * revision into it (about 30 us each here, and their collection). So a rebuilt revision stays as it
 * is only while it is in use: the one patched (the revision before) and the one the caller still
 * compares with (see RevisionHandler) are never written over.
 */
export class RevisionBuffers {
  private readonly bytes: Buffer[] = [Buffer.alloc(0), Buffer.alloc(0), Buffer.alloc(0)];
  private readonly starts: Int32Array[] = [new Int32Array(0), new Int32Array(0)];

  /** `length` bytes sharing memory with neither `a` nor `b` (one of the three is free). */
  bytesBesides(a: Uint8Array, b: Uint8Array | undefined, length: number): Buffer {
    let k = 0;
    while (this.bytes[k]!.buffer === a.buffer || this.bytes[k]!.buffer === b?.buffer) k++;
    if (this.bytes[k]!.length < length) this.bytes[k] = Buffer.allocUnsafeSlow(length + (length >> 1));
    return this.bytes[k]!.subarray(0, length);
  }

  /** `length` line starts not shared with `old`. */
  startsBesides(old: Int32Array, length: number): Int32Array {
    const k = this.starts[0]!.buffer === old.buffer ? 1 : 0;
    if (this.starts[k]!.length < length) this.starts[k] = new Int32Array(length + (length >> 1));
    return this.starts[k]!.subarray(0, length);
  }
}

/** A revision rebuilt from its predecessor and a patch. */
export interface PatchedRevision {
  bytes: Buffer;
  lines: LineIndex;
  /**
   * The changed lines, for `parseIncremental`, in line order and apart by unchanged lines; undefined
   * when a hunk touches a last line without '\n' (no whole lines then: the parser compares bytes).
   */
  changes: LineChange[] | undefined;
}

/** One hunk as read: old lines [oldStart, oldStart + oldCount) replaced by `lines`' '+' and ' ' lines. */
interface Hunk {
  oldStart: number;
  oldCount: number;
  newCount: number;
  /** Each line of the hunk: its marker, and its content's byte range in the record ('\n' included unless git marked it missing). */
  lines: { marker: number; from: number; to: number }[];
}

const MINUS = 0x2d;
const PLUS = 0x2b;
const SPACE = 0x20;
const BACKSLASH = 0x5c;

/** Whether the line at `pos` (ending at `end`) starts with the ASCII `prefix`. */
function startsWith(record: Buffer, pos: number, end: number, prefix: string): boolean {
  if (end - pos < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (record[pos + i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/**
 * `@@ -A[,B] +C[,D] @@` at `pos` as [A, B, C, D] (an omitted count is 1), or undefined. After the
 * second @@ git may add a function name from the attributes: not read.
 */
function hunkHeader(record: Buffer, pos: number, end: number): number[] | undefined {
  const numbers = [0, 1, 0, 1];
  let at = pos + 4;
  if (!startsWith(record, pos, end, '@@ -')) return undefined;
  for (let k = 0; k < 4; k += 2) {
    for (let i = k; i < k + 2; i++) {
      const from = at;
      let n = 0;
      for (; at < end && record[at]! >= 0x30 && record[at]! <= 0x39 && at - from < 10; at++)
        n = n * 10 + record[at]! - 0x30;
      if (at === from) return undefined;
      numbers[i] = n;
      if (i === k && record[at] === 0x2c)
        at++; // ',' and a count
      else break;
    }
    const next = k === 0 ? ' +' : ' @@';
    if (!startsWith(record, at, end, next)) return undefined;
    at += next.length;
  }
  return numbers;
}

/**
 * The hunks of one record (what follows its commit id line), or undefined when it is not exactly
 * one modified file with well-formed hunks. No hunks: the content is the same (a mode change).
 */
function readHunks(record: Buffer): Hunk[] | undefined {
  const lineEnd = (from: number) => {
    const nl = record.indexOf(10, from);
    return nl === -1 ? record.length : nl;
  };
  let pos = 0;
  let end = lineEnd(pos);
  if (!startsWith(record, pos, end, 'diff --git ')) return undefined;
  let dashes = 0;
  for (pos = end + 1; pos < record.length && record[pos] !== 0x40; pos = end + 1) {
    end = lineEnd(pos);
    // The extended headers of a modified file; not new, deleted, binary, renamed or copied ones, nor
    // a submodule, whose "content" is a commit id (mode 160000).
    if (startsWith(record, pos, end, '--- ') || startsWith(record, pos, end, '+++ ')) dashes++;
    else if (!(
      startsWith(record, pos, end, 'index ') ||
      startsWith(record, pos, end, 'old mode ') ||
      startsWith(record, pos, end, 'new mode ')
    ))
      return undefined;
    else if (startsWith(record, end - 7, end, ' 160000')) return undefined;
  }
  const hunks: Hunk[] = [];
  let shift = 0; // new lines minus old lines of the hunks so far
  while (pos < record.length) {
    end = lineEnd(pos);
    const header = hunkHeader(record, pos, end);
    if (!header) return undefined;
    const [a = 0, oldCount = 0, c = 0, newCount = 0] = header;
    // `-A,0` means after line A (1-based): either way, the first old line is oldStart (0-based).
    const hunk: Hunk = { oldStart: oldCount === 0 ? a : a - 1, oldCount, newCount, lines: [] };
    const newStart = newCount === 0 ? c : c - 1;
    const previous = hunks.at(-1);
    // In order, apart, and where the counts of the hunks above put it in the new revision.
    if (hunk.oldStart < (previous ? previous.oldStart + previous.oldCount : 0) || newStart !== hunk.oldStart + shift)
      return undefined;
    let olds = oldCount;
    let news = newCount;
    pos = end + 1;
    while (olds > 0 || news > 0 || (pos < record.length && record[pos] === BACKSLASH)) {
      if (pos >= record.length) return undefined;
      end = lineEnd(pos);
      const marker = record[pos]!;
      if (marker === BACKSLASH) {
        // "\ No newline at end of file": the line before has no '\n'.
        const last = hunk.lines.at(-1);
        if (!last || last.to === last.from || record[last.to - 1] !== 10) return undefined;
        last.to--;
      } else if (marker === MINUS || marker === PLUS || marker === SPACE) {
        if (marker !== PLUS && --olds < 0) return undefined;
        if (marker !== MINUS && --news < 0) return undefined;
        if (end === record.length) return undefined; // git ends every line; a cut record is not applied
        hunk.lines.push({ marker, from: pos + 1, to: end + 1 });
      } else {
        return undefined;
      }
      pos = end + 1;
    }
    hunks.push(hunk);
    shift += newCount - oldCount;
  }
  // Hunks come with their ---/+++ lines, and a mode change alone with neither.
  return dashes === (hunks.length > 0 ? 2 : 0) ? hunks : undefined;
}

/**
 * The revision a record turns `old` into, or undefined when the record does not apply exactly (see
 * the module's comment). `lines` indexes `old`.
 */
export function applyPatch(
  old: Buffer,
  lines: LineIndex,
  record: Buffer,
  buffers = new RevisionBuffers(),
  kept?: Uint8Array,
): PatchedRevision | undefined {
  const hunks = readHunks(record);
  if (!hunks) return undefined;
  if (hunks.length === 0) return { bytes: old, lines, changes: [] };
  const { starts, count } = lines;
  // Sizes first, to allocate the new revision once.
  let length = old.length;
  let newCount = count;
  for (const h of hunks) {
    if (h.oldStart + h.oldCount > count) return undefined;
    length -= starts[h.oldStart + h.oldCount]! - starts[h.oldStart]!;
    for (const l of h.lines) if (l.marker !== MINUS) length += l.to - l.from;
    newCount += h.newCount - h.oldCount;
  }
  const bytes = buffers.bytesBesides(old, kept, length);
  const newStarts = buffers.startsBesides(starts, newCount + 1);
  const changes: LineChange[] = [];
  let whole = true; // every changed line ends in '\n'
  let unended = -1; // where a new line without '\n' ends: nothing may follow it
  let o = 0; // old line copied up to
  let n = 0; // bytes written
  let k = 0; // new lines indexed
  /** Copies old lines [o, to) unchanged, indexing them. */
  const copyLines = (to: number) => {
    const by = n - starts[o]!;
    if (by === 0) {
      newStarts.set(starts.subarray(o, to), k);
      k += to - o;
    } else {
      for (let i = o; i < to; i++) newStarts[k++] = starts[i]! + by;
    }
    n += old.copy(bytes, n, starts[o], starts[to]);
    o = to;
  };
  for (const h of hunks) {
    copyLines(h.oldStart);
    const newFrom = n;
    let at = h.oldStart; // old line the next '-' or ' ' line must equal
    for (const l of h.lines) {
      if (l.marker !== PLUS) {
        // Exactly the old line, '\n' included (or, marked, a last line without one).
        if (record.compare(old, starts[at], starts[at + 1], l.from, l.to) !== 0) return undefined;
        at++;
      }
      const ended = l.to > l.from && record[l.to - 1] === 10;
      if (l.marker !== MINUS) {
        if (unended !== -1) return undefined;
        newStarts[k++] = n;
        n += record.copy(bytes, n, l.from, l.to);
        if (!ended) unended = n;
      }
      if (!ended) whole = false;
    }
    o = h.oldStart + h.oldCount;
    const previous = changes.at(-1);
    // Hunks that touch (no unchanged line between them) are one change to the parser.
    if (previous && previous.oldEnd === h.oldStart) {
      previous.oldEnd = o;
      previous.oldTo = starts[o]!;
      previous.newTo = n;
    } else {
      changes.push({ a: h.oldStart, oldEnd: o, oldFrom: starts[h.oldStart]!, oldTo: starts[o]!, newFrom, newTo: n });
    }
  }
  copyLines(count);
  // A line without '\n' can only be the last of the file.
  if (n !== length || k !== newCount || (unended !== -1 && unended !== n)) return undefined;
  newStarts[newCount] = n;
  return { bytes, lines: { starts: newStarts, count: newCount }, changes: whole ? changes : undefined };
}
