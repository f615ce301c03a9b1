/**
 * A revision's parse from the parse of the revision before it: only the changed rows are read again
 * when that is exact, else a full parse. And which codes such a step changed.
 */
import type Token from 'markdown-it/lib/token.mjs';
import type { ParsedRegistry, RegistryEntry, RegistrySection } from '../model.js';
import { markdownIt, TABLE, type TableRecord } from './markdown.js';
import { DEFAULT_MAX_BYTES, parse, PARSE_STATES, type ParseOptions, type ParseState } from './parse.js';
import { asBuffer, changedRegions, regionsOf, type LineChange, type Region } from './regions.js';
import { MAY_CONFLICT, readBodyRows, readTables, type Collector, type Heading, type TableLayout } from './tables.js';

/**
 * Codes of the entries an incremental parse removed or read anew, by result (see changedCodes).
 * `from` is the previous result's serial number, not the result: else each result would keep the
 * one before alive, that one the one before it, and an audit would keep every revision's parse
 * (and bytes) to the end. (A WeakRef would too, for as long as a run of microtasks lasts.)
 */
const CHANGES = new WeakMap<ParsedRegistry, { from: number } & ChangedEntries>();
const SERIALS = new WeakMap<ParsedRegistry, number>();
let serials = 0;

function serial(result: ParsedRegistry): number {
  let n = SERIALS.get(result);
  if (n === undefined) SERIALS.set(result, (n = ++serials));
  return n;
}

/** What an incremental parse replaced: the entries it took out and read in, in line order, and their codes. */
export interface ChangedEntries {
  codes: ReadonlySet<string>;
  removed: readonly RegistryEntry[];
  added: readonly RegistryEntry[];
}

/** Like changedCodes, with the entries themselves. */
export function changedEntries(previous: ParsedRegistry, next: ParsedRegistry): ChangedEntries | undefined {
  const change = CHANGES.get(next);
  return change && change.from === SERIALS.get(previous) ? change : undefined;
}

/**
 * The codes whose entries differ between two parse results, when `next` came from
 * `parseIncremental(…, previous)`: every other code has the same entries on both sides, in the
 * same order, only moved by lines. Undefined when that is not known (compare everything then).
 */
export function changedCodes(previous: ParsedRegistry, next: ParsedRegistry): ReadonlySet<string> | undefined {
  return changedEntries(previous, next)?.codes;
}

/** What changed from `from` (the bytes of the revision parsed before) to the input, as a patch told it. */
export interface KnownChanges {
  from: Uint8Array;
  /** In line order, apart by unchanged lines. */
  changes: readonly LineChange[];
}

/**
 * Parse a revision given the parse of the revision before it: when every changed line is a row of
 * a top-level registry table (the common edit: rows added, removed or reworded, in one table or
 * several), only those rows are parsed and the rest of the model is reused; anything else falls
 * back to a full parse. Gives exactly what `parse` gives (property tests hold it to that); `audit`
 * uses it on long histories. `known` are the changed lines as a patch gave them (audit reads
 * revisions as patches): then the two revisions' bytes are not compared to find them.
 */
export function parseIncremental(
  input: string | Uint8Array,
  previous: ParsedRegistry,
  options: ParseOptions = {},
  known?: KnownChanges,
): ParsedRegistry {
  const state = PARSE_STATES.get(previous);
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!state || bytes.byteLength > maxBytes) return parse(input, options);
  // Changes a patch gave, when they are changes of the very bytes `previous` was parsed from.
  const regions =
    known && known.from === state.bytes
      ? regionsOf(state.bytes, bytes, known.changes)
      : changedRegions(state.bytes, bytes);
  const change = { codes: new Set<string>(), removed: [] as RegistryEntry[], added: [] as RegistryEntry[] };
  // Raw HTML may hide or strike what follows it, rows too: what it does, only the page says (a
  // full parse reads it from there). Without a `<` a change brings none (the revision before had none).
  const step = regions && !regions.some((r) => r.text.includes('<')) && replaceRows(previous, state, regions, change);
  if (!step) return parse(input, options);
  PARSE_STATES.set(step.result, { bytes, env: state.env, tables: step.tables, heading: step.heading });
  CHANGES.set(step.result, {
    from: serial(previous),
    codes: change.codes,
    removed: change.removed,
    added: change.added,
  });
  return step.result;
}

/** A line that, right after a top-level table's rows, continues the table as one more row. */
const ROW_LINE = /^ {0,3}\|/;
/** markdown-it stops a table after this many cells filled in for short rows (MAX_AUTOCOMPLETED_CELLS). */
const MAX_PADDED_CELLS = 65536;

/**
 * Replaces each region's rows in one pass over the previous result (regions top to bottom, in old
 * line numbers; what follows a region moves by the lines it added or removed). `codes` collects the
 * codes of the entries taken out and read in. Undefined when a region is not rows of one top-level
 * registry table: then only a full parse is exact.
 */
function replaceRows(
  previous: ParsedRegistry,
  state: ParseState,
  regions: Region[],
  change: { codes: Set<string>; removed: RegistryEntry[]; added: RegistryEntry[] },
): { result: ParsedRegistry; tables: TableLayout[]; heading: Heading } | undefined {
  const parts: { region: Region; table?: TableLayout; shift: number; added: Collector }[] = [];
  const growth = new Map<TableLayout, number>();
  let tail: { added: Collector; heading: Heading } | undefined;
  let shift = 0; // lines added minus removed by the regions above
  for (const [i, region] of regions.entries()) {
    const { a, oldEnd, newEnd, text } = region;
    // The line before the change must be the delimiter or a row of the table (regions are apart by
    // unchanged lines), the change must stay inside it, and every new line must be a row: then
    // nothing outside the table can parse otherwise.
    const table = state.tables[lastStartingAtOrBefore(state.tables, a)];
    const newLines = text === '' ? [] : text.slice(0, -1).split('\n');
    const rows =
      table?.topLevel &&
      table.start + 2 <= a &&
      a <= table.end &&
      oldEnd <= table.end &&
      newLines.length === newEnd - a &&
      newLines.every((l) => ROW_LINE.test(l));
    if (!rows) {
      // Else only what a document gains or loses at its end, after its last registry table.
      // The last heading moves by the regions above it (all of them are above the tail).
      const moved = parts.reduce(
        (sum, p) => (p.region.oldEnd <= state.heading.line - 1 ? sum + p.region.newEnd - p.region.oldEnd : sum),
        0,
      );
      tail = i === regions.length - 1 ? readTail(state, region, shift, moved) : undefined;
      if (!tail) return undefined;
      parts.push({ region, shift, added: tail.added });
      shift += newEnd - oldEnd;
      break;
    }
    const added: Collector = { entries: [], sections: [], problems: [], tables: [] };
    if (newEnd > a) {
      // Lines that start with a pipe continue a top-level table as one row each (no block rule can
      // start on a pipe, and the padded-cell limit is checked below). markdown-it reads them under
      // the table's own header and delimiter rows, so cells split exactly as in a full parse.
      const tokens: Token[] = [];
      const md = markdownIt();
      md.block.parse(table.head + text, md, state.env, tokens);
      const record = tokens[0]?.type === TABLE ? (tokens[0].meta as TableRecord) : undefined;
      if (!record || record.end !== newLines.length + 2) return undefined;
      readBodyRows(record, state.env, table.headers, table.column, table.section.name, a - 2 + shift, added);
    }
    parts.push({ region, table, shift, added });
    growth.set(table, (growth.get(table) ?? 0) + newEnd - oldEnd);
    shift += newEnd - oldEnd;
  }
  // A table whose rows could pad more cells than markdown-it allows might end early: parse it all.
  for (const [t, grown] of growth)
    if ((t.end + grown - t.start - 2) * t.headers.length > MAX_PADDED_CELLS) return undefined;

  // Entries and problems are in line order: copy the unchanged runs, moved by the shift above them.
  type Part = (typeof parts)[number];
  const splice = <T extends { line: number }>(
    items: readonly T[],
    move: (item: T, by: number) => T,
    take: (part: Part) => T[],
    removed?: (item: T, part: Part) => void,
  ): T[] => {
    // Runs of unchanged items are sliced (a block copy), and copied one by one only when they move.
    const pieces: T[][] = [];
    let from = 0;
    const copy = (to: number, by: number) => {
      if (to > from)
        pieces.push(by === 0 ? items.slice(from, to) : items.slice(from, to).map((item) => move(item, by)));
    };
    for (const part of parts) {
      const start = firstAtOrAfter(items, part.region.a, from);
      const end = firstAtOrAfter(items, part.region.oldEnd, start);
      copy(start, part.shift);
      if (removed) for (let i = start; i < end; i++) removed(items[i]!, part);
      pieces.push(take(part));
      from = end;
    }
    copy(items.length, shift);
    return pieces.length === 1 ? pieces[0]! : ([] as T[]).concat(...pieces);
  };
  const counts = new Map<RegistrySection, number>();
  const entries = splice(
    previous.entries,
    movedEntry,
    (part) => {
      for (const e of part.added.entries) {
        change.codes.add(e.code);
        change.added.push(e);
      }
      if (part.table) counts.set(part.table.section, (counts.get(part.table.section) ?? 0) + part.added.entries.length);
      return part.added.entries;
    },
    (e, part) => {
      change.codes.add(e.code);
      change.removed.push(e);
      if (part.table) counts.set(part.table.section, (counts.get(part.table.section) ?? 0) - 1);
    },
  );
  const problems = splice(
    previous.problems,
    (p, by) => ({ ...p, line: p.line + by }),
    (part) => part.added.problems,
  );

  // Sections and tables move by the regions above them; a table's end also by its own.
  // Lines added minus removed by the regions that end at or before a line: regions are in order.
  const ends = parts.map((p) => p.region.oldEnd);
  const sums = parts.map((p) => p.shift + p.region.newEnd - p.region.oldEnd);
  const above = (line: number) => {
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid]! <= line) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : sums[lo - 1]!;
  };
  // Most revisions move no line and change no section's count: then the layout is the one before.
  const moves = shift !== 0 || parts.some((p) => p.shift !== 0 || p.region.newEnd !== p.region.oldEnd);
  const counted = [...counts.values()].some((n) => n !== 0);
  const sectionMap = new Map<RegistrySection, RegistrySection>();
  const sections =
    !moves && !counted
      ? previous.sections
      : previous.sections.map((s) => {
          // A heading and its table move apart when rows change in a table between them (two tables under one heading).
          const byHeading = above(s.line - 1);
          const byTable = above(s.tableLine - 1);
          const count = counts.get(s) ?? 0;
          const next =
            byHeading === 0 && byTable === 0 && count === 0
              ? s
              : { ...s, line: s.line + byHeading, tableLine: s.tableLine + byTable, entries: s.entries + count };
          sectionMap.set(s, next);
          return next;
        });
  const tables =
    !moves && !counted
      ? state.tables
      : state.tables.map((t) => {
          const start = t.start + above(t.start);
          const end = t.end + above(t.start) + (growth.get(t) ?? 0);
          const section = sectionMap.get(t.section)!;
          return start === t.start && end === t.end && section === t.section ? t : { ...t, start, end, section };
        });
  const by = moves && state.heading.line > 0 ? above(state.heading.line - 1) : 0;
  const heading = tail?.heading ?? (by !== 0 ? { ...state.heading, line: state.heading.line + by } : state.heading);
  return {
    result: { entries, sections: tail ? [...sections, ...tail.added.sections] : sections, problems },
    tables: tail ? [...tables, ...tail.added.tables] : tables,
    heading,
  };
}

/** An entry `by` lines further down: the fields readRow gives, in its order (a spread copies them several times slower). */
function movedEntry(e: RegistryEntry, by: number): RegistryEntry {
  return {
    code: e.code,
    status: e.status,
    meaning: e.meaning,
    handling: e.handling,
    section: e.section,
    deprecated: e.deprecated,
    extra: e.extra,
    raw: e.raw,
    line: e.line + by,
  };
}

/**
 * Lines a revision gains or loses at its very end, after its last registry table and a blank line:
 * the parser is at the top level there with every block closed, so they parse alone as they would
 * in place (their tables take the heading in force before them), and cannot change what comes
 * before, unless they define link references (those are document-wide): then undefined.
 */
function readTail(
  state: ParseState,
  region: Region,
  shift: number,
  headingShift: number,
): { added: Collector; heading: Heading } | undefined {
  const last = state.tables.at(-1);
  if (!region.atEnd || !last?.topLevel || region.a < last.end) return undefined;
  // The heading in force where the tail starts must be known: the document's last, if before it.
  if (state.heading.line - 1 >= region.a) return undefined;
  // Old lines between the table and the tail must be blank (spaces and tabs, as markdown-it reads
  // them), and a blank line must part the two.
  const old = asBuffer(state.bytes);
  let from = region.offset;
  for (let k = region.a; k > last.end; k--) from = from < 2 ? 0 : old.lastIndexOf(10, from - 2) + 1;
  for (let i = from; i < region.offset; i++)
    if (old[i] !== 0x20 && old[i] !== 0x09 && old[i] !== 0x0a) return undefined;
  if (region.a === last.end && !/^[ \t]*\n/.test(region.text)) return undefined;
  // The old end might have defined a link reference that cells before it use: parse it all then.
  if (old.indexOf(']:', region.offset) !== -1) return undefined;
  if (MAY_CONFLICT.test(region.text)) return undefined;
  const references = (state.env as { references?: Record<string, unknown> }).references;
  const scratch: { references?: Record<string, unknown> } = references ? { references: { ...references } } : {};
  const tokens: Token[] = [];
  const md = markdownIt();
  md.block.parse(region.text, md, scratch, tokens);
  if (Object.keys(scratch.references ?? {}).length !== Object.keys(references ?? {}).length) return undefined;
  const added: Collector = { entries: [], sections: [], problems: [], tables: [] };
  const offset = region.a + shift;
  const before = state.heading.line > 0 ? { ...state.heading, line: state.heading.line + headingShift } : state.heading;
  const heading = readTables(tokens, state.env, added, offset, before);
  const lines = region.text.split('\n');
  for (const t of added.tables) t.head = `${lines[t.start - offset]}\n${lines[t.start - offset + 1]}\n`;
  return { added, heading };
}

/** Index of the last table starting at or before a 0-based line (tables are in order), or -1. */
function lastStartingAtOrBefore(tables: readonly TableLayout[], line: number): number {
  let lo = 0;
  let hi = tables.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tables[mid]!.start <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first item (from `lo` on) whose 1-based line is at or after the 0-based `line`; items are in line order. */
function firstAtOrAfter(items: readonly { line: number }[], line: number, lo = 0): number {
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.line - 1 < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
