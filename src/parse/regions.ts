/**
 * Where two revisions of a registry differ, in whole lines: found on their bytes (changedRegions) or
 * taken from the changes a patch gave (regionsOf). Byte-level only: no markdown here.
 */

/**
 * Lines a patch changed: old lines [a, oldEnd), bytes [oldFrom, oldTo) of the previous revision,
 * became bytes [newFrom, newTo) of the next (whole lines, each ending in '\n').
 */
export interface LineChange {
  a: number;
  oldEnd: number;
  oldFrom: number;
  oldTo: number;
  newFrom: number;
  newTo: number;
}

/** Old lines [a, oldEnd) became new lines [a, newEnd) (old line numbers), whose text (each line ending in '\n') is `text`. */
export interface Region {
  a: number;
  oldEnd: number;
  newEnd: number;
  text: string;
  /** Byte offset of old line `a`. */
  offset: number;
  /** The region runs to the end of both revisions. */
  atEnd: boolean;
}

/** Past one changed region for every this many lines, the edit is a rewrite: a full parse is as quick. */
const LINES_PER_REGION = 8;
/** A changed region is found when old and new agree again within this many lines on each side. */
const RESYNC_LINES = 8;

/**
 * The changed regions between two revisions, found on the bytes, top to bottom: after the common
 * prefix, a region ends where old and new agree again on a line within RESYNC_LINES lines; the
 * common lines after it are skipped byte-wise, and so on down to the common suffix. Any such cut
 * is exact (unchanged lines are unchanged whatever the alignment); a short one parses least.
 * Undefined when the change cannot be cut into whole lines or is not clean text (not UTF-8, NUL,
 * CR), or has too many regions: parse it all.
 */
export function changedRegions(old: Uint8Array, next: Uint8Array): Region[] | undefined {
  const oldBuf = asBuffer(old);
  const newBuf = asBuffer(next);
  const min = Math.min(oldBuf.length, newBuf.length);
  let p = commonPrefix(oldBuf, newBuf, 0, 0, min);
  p = p === 0 ? 0 : oldBuf.lastIndexOf(10, p - 1) + 1; // back to a line start
  const s = commonSuffix(oldBuf, newBuf, min - p);
  // The suffix starts after its first newline, so that it is whole lines on both sides.
  const nl = oldBuf.indexOf(10, oldBuf.length - s);
  const oldStop = nl === -1 ? oldBuf.length : nl + 1;
  const newStop = newBuf.length - (oldBuf.length - oldStop);
  if (newStop < p || oldStop < p) return undefined;
  const regions: Region[] = [];
  let line = countNewlines(oldBuf, 0, p); // old line at `o`
  let o = p;
  let n = p;
  const maxRegions = Math.max(32, countNewlines(oldBuf, 0, oldBuf.length) / LINES_PER_REGION);
  while (o < oldStop || n < newStop) {
    if (regions.length >= maxRegions) return undefined;
    // The nearest pair of equal lines after o and n (fewest lines skipped), else the rest.
    const oldStarts = lineStarts(oldBuf, o, oldStop, RESYNC_LINES);
    const newStarts = lineStarts(newBuf, n, newStop, RESYNC_LINES);
    let cut: [number, number] | undefined;
    for (let k = 1; k <= 2 * RESYNC_LINES && !cut; k++) {
      for (let i = Math.max(0, k - RESYNC_LINES); i <= Math.min(k, RESYNC_LINES) && !cut; i++) {
        const oi = oldStarts[i];
        const nj = newStarts[k - i];
        if (oi === undefined || nj === undefined || oi >= oldStop || nj >= newStop) continue;
        const oe = lineEnd(oldBuf, oi, oldStop);
        const ne = lineEnd(newBuf, nj, newStop);
        if (oe - oi === ne - nj && oldBuf.compare(newBuf, nj, ne, oi, oe) === 0) cut = [oi, nj];
      }
    }
    const [oEnd, nEnd] = cut ?? [oldStop, newStop];
    const region = toRegion(oldBuf, o, oEnd, newBuf, n, nEnd, line, oEnd === oldBuf.length && nEnd === newBuf.length);
    if (!region) return undefined;
    regions.push(region);
    line = region.oldEnd;
    o = oEnd;
    n = nEnd;
    if (!cut) break;
    // Skip the lines both sides share from here (whole lines: back to a line start).
    let q = commonPrefix(oldBuf, newBuf, o, n, Math.min(oldStop - o, newStop - n));
    q = oldBuf.lastIndexOf(10, o + q - 1) + 1 - o;
    if (q <= 0) return undefined; // cannot happen: the cut starts with a shared line
    line += countNewlines(oldBuf, o, o + q);
    o += q;
    n += q;
  }
  return regions;
}

/**
 * The regions of changes a patch gave (see parseIncremental), instead of finding them byte by byte:
 * the same regions changedRegions could have cut, checked for order, with the same limits and the
 * same refusal of text that is not clean (then undefined: parse it all).
 */
export function regionsOf(old: Uint8Array, next: Uint8Array, changes: readonly LineChange[]): Region[] | undefined {
  const oldBuf = asBuffer(old);
  const newBuf = asBuffer(next);
  // As many regions as changedRegions allows: past that, a full parse is as quick.
  if (changes.length > 32 && changes.length > countNewlines(oldBuf, 0, oldBuf.length) / LINES_PER_REGION)
    return undefined;
  const regions: Region[] = [];
  let oldTo = 0; // end of the change before, in each revision
  let newTo = 0;
  for (const [i, c] of changes.entries()) {
    // In order, apart by at least one unchanged line (the same bytes on both sides), within both revisions.
    const gap = c.oldFrom - oldTo;
    if (
      gap < (i === 0 ? 0 : 1) ||
      c.newFrom - newTo !== gap ||
      c.oldTo < c.oldFrom ||
      c.newTo < c.newFrom ||
      c.oldTo > oldBuf.length ||
      c.newTo > newBuf.length
    )
      return undefined;
    if (i > 0 && c.a <= regions[i - 1]!.oldEnd) return undefined;
    const region = toRegion(
      oldBuf,
      c.oldFrom,
      c.oldTo,
      newBuf,
      c.newFrom,
      c.newTo,
      c.a,
      c.oldTo === oldBuf.length && c.newTo === newBuf.length,
    );
    if (!region || region.oldEnd !== c.oldEnd) return undefined;
    regions.push(region);
    ({ oldTo, newTo } = c);
  }
  return oldBuf.length - oldTo === newBuf.length - newTo ? regions : undefined;
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Offsets of the first `count` + 1 line starts from `from` (the first is `from`), stopping at `stop`. */
function lineStarts(buf: Buffer, from: number, stop: number, count: number): number[] {
  const starts = [from];
  let at = from;
  while (starts.length <= count && at < stop) {
    const nl = buf.indexOf(10, at);
    if (nl === -1 || nl + 1 > stop) break;
    at = nl + 1;
    starts.push(at);
  }
  return starts;
}

/** End of the line starting at `from` (after its newline), or `stop`. */
function lineEnd(buf: Buffer, from: number, stop: number): number {
  const nl = buf.indexOf(10, from);
  return nl === -1 || nl >= stop ? stop : nl + 1;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * One region from its old bytes [oFrom, oTo) and new bytes [nFrom, nTo) (whole lines), its old
 * lines starting at `a`; undefined if its new text is not clean (NUL, CR, not UTF-8).
 */
function toRegion(
  oldBuf: Buffer,
  oFrom: number,
  oTo: number,
  newBuf: Buffer,
  nFrom: number,
  nTo: number,
  a: number,
  atEnd: boolean,
): Region | undefined {
  if ((oTo > oFrom && oldBuf[oTo - 1] !== 10) || (nTo > nFrom && newBuf[nTo - 1] !== 10)) return undefined;
  let newLines = 0;
  for (let i = nFrom; i < nTo; i++) {
    const b = newBuf[i]!;
    if (b === 10) newLines++;
    else if (b === 0 || b === 13) return undefined;
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(newBuf.subarray(nFrom, nTo));
  } catch {
    return undefined;
  }
  return { a, oldEnd: a + countNewlines(oldBuf, oFrom, oTo), newEnd: a + newLines, text, offset: oFrom, atEnd };
}

/** Length of the common prefix of a[aFrom..] and b[bFrom..], at most `max`: 4 KiB at a time natively, then byte by byte. */
function commonPrefix(a: Buffer, b: Buffer, aFrom: number, bFrom: number, max: number): number {
  let p = 0;
  // Native comparisons of shrinking blocks, then byte by byte for the last few.
  for (const step of [4096, 256, 16]) {
    while (p + step <= max && a.compare(b, bFrom + p, bFrom + p + step, aFrom + p, aFrom + p + step) === 0) p += step;
  }
  while (p < max && a[aFrom + p] === b[bFrom + p]) p++;
  return p;
}

/** Length of the common suffix, at most `max` bytes, compared like commonPrefix from the end. */
function commonSuffix(a: Buffer, b: Buffer, max: number): number {
  let s = 0;
  for (const step of [4096, 256, 16]) {
    while (s + step <= max && a.compare(b, b.length - s - step, b.length - s, a.length - s - step, a.length - s) === 0)
      s += step;
  }
  while (s < max && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return s;
}

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(10, from); i !== -1 && i < to; i = buf.indexOf(10, i + 1)) n++;
  return n;
}
