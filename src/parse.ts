/**
 * Markdown registry -> registry model.
 *
 * Parser choice, by measurement on these 2-core machines (one table of 100,000 rows):
 * micromark/mdast with GFM tables ~26 s (extrapolated from 1.3 s per 5,000 rows), marked's lexer ~2.0 s
 * with no positions, markdown-it 15 full parse ~4 s (its bundled class-field helpers make every token
 * slow to build), markdown-it 14 block parse ~0.9 s with a line range per table row. So: markdown-it 14,
 * block rules only (tables, headings, HTML blocks, fences: what decides which lines are table rows), and
 * each cell's inline markdown is parsed only when the cell holds markdown syntax at all.
 */
import { createRequire } from 'node:module';
import type MarkdownItType from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { RuleBlock } from 'markdown-it/lib/parser_block.mjs';
import type { ParseProblem, ParsedRegistry, RegistryEntry, RegistrySection } from './model.js';

/**
 * markdown-it's own single-file build of the same version (`dist/markdown-it.js`, dependencies
 * inlined): one file to load instead of some seventy ES modules, about 60 ms less on every run of
 * the CLI. A test holds it to the package's ES module build, token for token. Loaded on the first
 * parse, not with this module: `check` starts git before, so the two overlap.
 */
let instance: MarkdownItType | undefined;
function markdownIt(): MarkdownItType {
  if (!instance) {
    const MarkdownIt = createRequire(import.meta.url)('markdown-it/dist/markdown-it.js') as typeof MarkdownItType;
    instance = new MarkdownIt('commonmark').enable(['table', 'strikethrough']);
    compactTables(instance);
  }
  return instance;
}

/** Loads the parser now (it loads on the first parse otherwise): for a caller that would wait on git anyway. */
export function loadParser(): void {
  markdownIt();
}

/** Token type of a table as `compactTables` leaves it: one token, its cells in `meta`. */
const TABLE = 'registry_table';

/** A table's cells, as `compactTables` records them in place of its tokens. */
interface TableRecord {
  /** Nesting level of the table (0: not inside a list or blockquote). */
  level: number;
  /** 0-based line of the header row, and the line after the last row. */
  start: number;
  end: number;
  /** Header cells (markdown). */
  headers: string[];
  /** 0-based line of each body row. */
  rows: number[];
  /** Body cells (markdown), row after row, `headers.length` a row (markdown-it pads short rows). */
  cells: string[];
}

/**
 * markdown-it's table rule, wrapped so that each table's tokens (some fourteen a row, all alive
 * until the whole document is parsed) become one token holding just the cells: a 100,000-row
 * table no longer keeps 1.4 million tokens in memory, and collecting them no longer dominates.
 */
function compactTables(md: MarkdownItType): void {
  const rules = (md.block.ruler as unknown as { __rules__: { name: string; fn: RuleBlock }[] }).__rules__;
  const table = rules.find((r) => r.name === 'table')?.fn;
  if (!table) throw new Error('markdown-it has no table rule');
  md.block.ruler.at('table', (state, startLine, endLine, silent) => {
    const from = state.tokens.length;
    if (!table(state, startLine, endLine, silent)) return false;
    if (silent) return true;
    const tokens = state.tokens;
    const open = tokens[from]!;
    const record: TableRecord = {
      level: open.level,
      start: open.map?.[0] ?? 0,
      end: open.map?.[1] ?? 0,
      headers: [],
      rows: [],
      cells: [],
    };
    let inBody = false;
    for (let i = from + 1; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type === 'inline') (inBody ? record.cells : record.headers).push(token.content);
      else if (token.type === 'tbody_open') inBody = true;
      else if (token.type === 'tr_open' && inBody) record.rows.push(token.map?.[0] ?? 0);
    }
    tokens.length = from;
    const token = state.push(TABLE, 'table', 0);
    token.map = [record.start, record.end];
    token.meta = record;
    return true;
  });
}

export interface ParseOptions {
  /** Inputs larger than this many bytes are refused with a problem. Default 10 MiB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** Header names (lower-cased plain text) that map to model fields. */
const FIELD_HEADERS: Record<string, 'code' | 'status' | 'meaning' | 'handling' | 'deprecated'> = {
  code: 'code',
  status: 'status',
  meaning: 'meaning',
  'frontend handling': 'handling',
  handling: 'handling',
  deprecated: 'deprecated',
};

/** Cells without any of these characters are plain text already: no inline parse needed. */
const INLINE_SYNTAX = /[`*_[\]<>&!~\\]/;

export interface InlineText {
  text: string;
  /** True when the whole cell is struck through (`~~X~~`). */
  struck: boolean;
}

/**
 * Inline results by cell source. Cells repeat across revisions (audit) and within a registry
 * (handling texts); only cells without link references are cached, as those depend on nothing else.
 */
const INLINE_CACHE = new Map<string, InlineText>();
const INLINE_CACHE_LIMIT = 50_000;

/** Plain text of an inline markdown fragment: code spans, emphasis and links reduced to their text. */
export function inlineText(raw: string, env: object = {}): InlineText {
  const trimmed = raw.trim();
  // Plain text, and plain text with simple code spans (most cells), are read directly: cheaper than
  // a cache lookup, and the same whatever link references the document defines.
  if (!INLINE_SYNTAX.test(trimmed)) return { text: collapse(trimmed), struck: false };
  const spans = simpleCodeSpans(trimmed);
  if (spans !== undefined) return { text: collapse(spans), struck: false };
  const cacheable = (env as { references?: object }).references === undefined;
  const hit = cacheable ? INLINE_CACHE.get(raw) : undefined;
  if (hit) return hit;
  const result = inlineTextByParser(trimmed, env);
  if (cacheable) {
    if (INLINE_CACHE.size >= INLINE_CACHE_LIMIT) INLINE_CACHE.clear();
    INLINE_CACHE.set(raw, result);
  }
  return result;
}

/**
 * The text of a cell made of plain text and single-backtick code spans, as markdown-it's inline
 * parse gives it (a span's content as is, less one space at each end when it has both), or
 * undefined when the cell holds anything else: other syntax outside the spans, longer backtick runs,
 * an unclosed span. A property test holds this to the parser.
 */
export function simpleCodeSpans(text: string): string | undefined {
  let out = '';
  let from = 0; // start of the plain text not yet copied
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 96) {
      // A span: one backtick, its content, one backtick (longer runs are left to the parser).
      if (text.charCodeAt(i + 1) === 96) return undefined;
      const close = text.indexOf('`', i + 1);
      if (close === -1 || text.charCodeAt(close + 1) === 96) return undefined;
      const content = text.slice(i + 1, close);
      out +=
        text.slice(from, i) +
        (content.startsWith(' ') && content.endsWith(' ') ? content.replace(/^ (.+) $/, '$1') : content);
      from = close + 1;
      i = close;
    } else if (c < 128 && SYNTAX_CHARS[c] === 1) {
      return undefined;
    }
  }
  return out + text.slice(from);
}

/** INLINE_SYNTAX as a table of character codes, for scanning a cell in one pass. */
const SYNTAX_CHARS = new Uint8Array(128);
for (const c of '`*_[]<>&!~\\') SYNTAX_CHARS[c.charCodeAt(0)] = 1;

/** inlineText through markdown-it's inline parser (exported for the tests of the fast paths). */
export function inlineTextByParser(raw: string, env: object = {}): InlineText {
  const trimmed = raw.trim();
  const tokens = markdownIt().parseInline(trimmed, env)[0]?.children ?? [];
  let text = '';
  let depth = 0;
  let struckText = '';
  for (const token of tokens) {
    switch (token.type) {
      case 's_open':
        depth++;
        break;
      case 's_close':
        depth--;
        break;
      case 'softbreak':
      case 'hardbreak':
        text += ' ';
        break;
      case 'image':
        text += token.content;
        break;
      case 'html_inline':
        break;
      default:
        text += token.content;
        if (depth > 0) struckText += token.content;
    }
  }
  const plain = collapse(text);
  return { text: plain, struck: plain !== '' && collapse(struckText) === plain };
}

function collapse(text: string): string {
  // Most texts have single plain spaces only: then there is nothing to replace.
  return (/[^\S ]| {2}/.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
}

/** Decode bytes as strict UTF-8; on failure report the line of the first bad byte. */
function decode(input: string | Uint8Array, problems: ParseProblem[], maxBytes: number): string | undefined {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > maxBytes) {
    problems.push(
      unreadable(1, `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit: is it the right file?`),
    );
    return undefined;
  }
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      const lossy = new TextDecoder('utf-8').decode(input);
      problems.push(unreadable(lineAt(lossy, lossy.indexOf('\uFFFD')), 'file is not valid UTF-8: save it as UTF-8'));
      return undefined;
    }
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    problems.push(unreadable(lineAt(text, nul), 'file contains a NUL byte: it is binary, not a markdown registry'));
    return undefined;
  }
  // md.block.parse skips markdown-it's core `normalize` rule, so line endings are normalised here.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
}

function unreadable(line: number, message: string): ParseProblem {
  return { rule: 'PARSE_ERROR', severity: 'error', message, line, unreadable: true };
}

function lineAt(text: string, index: number): number {
  if (index < 0) return 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${n} bytes`;
}

type ColumnMap = Partial<Record<'code' | 'status' | 'meaning' | 'handling' | 'deprecated', number>>;

/** Where a registry table sits, kept so that a later revision can be parsed incrementally. */
interface TableLayout {
  /** 0-based line of the header row; rows end before `end` (markdown-it's line map). */
  start: number;
  end: number;
  headers: string[];
  column: ColumnMap;
  section: RegistrySection;
  /** Not inside a list or blockquote: its rows are plain lines starting with a pipe. */
  topLevel: boolean;
  /** Source of the header and delimiter rows, to parse changed rows on their own. */
  head: string;
}

interface ParseState {
  /** The input's bytes: the next revision is compared with them byte-wise, without decoding. */
  bytes: Uint8Array;
  tables: TableLayout[];
  env: object;
  /** The last heading of the document (what a table added at its end would take as its section). */
  heading: Heading;
}

interface Heading {
  name: string;
  /** 1-based; 0 when there is none. */
  line: number;
}

/** Layout of each parse result, for parseIncremental. Weak: it goes when the result goes. */
const STATES = new WeakMap<ParsedRegistry, ParseState>();

interface Collector {
  entries: RegistryEntry[];
  sections: RegistrySection[];
  problems: ParseProblem[];
  tables: TableLayout[];
  /** Lines (1-based) of merge conflict markers: inside a table they read as rows, but are none. */
  markers?: ReadonlySet<number>;
}

/** Parse a registry's markdown. Never throws: what cannot be read becomes a PARSE_ERROR problem. */
export function parse(input: string | Uint8Array, options: ParseOptions = {}): ParsedRegistry {
  const out: Collector = { entries: [], sections: [], problems: [], tables: [] };
  const result: ParsedRegistry = { entries: out.entries, sections: out.sections, problems: out.problems };
  try {
    const text = decode(input, out.problems, options.maxBytes ?? DEFAULT_MAX_BYTES);
    if (text === undefined) return result;
    const env = {};
    const tokens: Token[] = [];
    const md = markdownIt();
    md.block.parse(text, md, env, tokens);
    const markers = conflictMarkers(text, 0);
    if (markers.length > 0) out.markers = new Set(markers.map((m) => m.line));
    const heading = readTables(tokens, env, out);
    if (out.sections.length === 0 && out.problems.length === 0) {
      out.problems.push({
        rule: 'PARSE_ERROR',
        severity: 'error',
        line: 1,
        message: 'no registry table found: expected a markdown table whose header has a `code` column',
      });
    }
    if (markers.length > 0) out.problems.splice(0, out.problems.length, ...mergeByLine(out.problems, markers));
    // Incremental parsing works on '\n' lines of the bytes as given: not for CR line endings.
    // Nor with conflict markers, whose meaning depends on the lines around them.
    if (markers.length === 0 && !text.includes('\r') && !(typeof input === 'string' && input.includes('\r'))) {
      const lines = text.split('\n');
      for (const t of out.tables) t.head = `${lines[t.start]}\n${lines[t.start + 1]}\n`;
      STATES.set(result, {
        bytes: typeof input === 'string' ? Buffer.from(input) : input,
        tables: out.tables,
        env,
        heading,
      });
    }
  } catch (error) {
    // A parser bug must not take the caller down: report it where it can be seen.
    out.problems.push({
      rule: 'PARSE_ERROR',
      severity: 'error',
      line: 1,
      message: `could not parse: ${String(error)}`,
    });
  }
  return result;
}

const ROW_LINE = /^ {0,3}\|/;

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
  const change = CHANGES.get(next);
  return change && change.from === SERIALS.get(previous) ? change.codes : undefined;
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
  const state = STATES.get(previous);
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!state || bytes.byteLength > maxBytes) return parse(input, options);
  // Changes a patch gave, when they are changes of the very bytes `previous` was parsed from.
  const regions =
    known && known.from === state.bytes
      ? regionsOf(state.bytes, bytes, known.changes)
      : changedRegions(state.bytes, bytes);
  const change = { codes: new Set<string>(), removed: [] as RegistryEntry[], added: [] as RegistryEntry[] };
  const step = regions && replaceRows(previous, state, regions, change);
  if (!step) return parse(input, options);
  STATES.set(step.result, { bytes, env: state.env, tables: step.tables, heading: step.heading });
  CHANGES.set(step.result, {
    from: serial(previous),
    codes: change.codes,
    removed: change.removed,
    added: change.added,
  });
  return step.result;
}

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

/** What changed from `from` (the bytes of the revision parsed before) to the input, as a patch told it. */
export interface KnownChanges {
  from: Uint8Array;
  /** In line order, apart by unchanged lines. */
  changes: readonly LineChange[];
}

/** Old lines [a, oldEnd) became new lines [a, newEnd) (old line numbers), whose text (each line ending in '\n') is `text`. */
interface Region {
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

/**
 * The changed regions between two revisions, found on the bytes, top to bottom: after the common
 * prefix, a region ends where old and new agree again on a line within RESYNC_LINES lines; the
 * common lines after it are skipped byte-wise, and so on down to the common suffix. Any such cut
 * is exact (unchanged lines are unchanged whatever the alignment); a short one parses least.
 * Undefined when the change cannot be cut into whole lines or is not clean text (not UTF-8, NUL,
 * CR), or has too many regions: parse it all.
 */
function changedRegions(old: Uint8Array, next: Uint8Array): Region[] | undefined {
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
function regionsOf(old: Uint8Array, next: Uint8Array, changes: readonly LineChange[]): Region[] | undefined {
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

function asBuffer(bytes: Uint8Array): Buffer {
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

/**
 * Reads the registry tables of a token stream; `lineOffset` maps its lines to the document, and
 * `heading` is the one in force where the stream starts. Returns the one in force at its end.
 */
function readTables(
  tokens: Token[],
  env: object,
  out: Collector,
  lineOffset = 0,
  heading: Heading = { name: '', line: 0 },
): Heading {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open') {
      heading = {
        name: inlineText(tokens[i + 1]?.content ?? '', env).text,
        line: (token.map?.[0] ?? 0) + 1 + lineOffset,
      };
    } else if (token.type === TABLE) {
      readTable(token.meta as TableRecord, env, heading, out, lineOffset);
    }
  }
  return heading;
}

/** Reads one table: a registry table's rows become entries; other tables are ignored. */
function readTable(table: TableRecord, env: object, heading: Heading, out: Collector, lineOffset: number): void {
  const tableLine = table.start + 1 + lineOffset;
  const headers = table.headers.map((h) => inlineText(h, env).text.toLowerCase());
  const column: ColumnMap = {};
  headers.forEach((name, index) => {
    const field = FIELD_HEADERS[name];
    if (field && column[field] === undefined) column[field] = index;
  });
  if (column.code === undefined) return; // Not a registry table: ignored.

  const missing = (['status', 'meaning'] as const).filter((f) => column[f] === undefined);
  if (missing.length > 0) {
    out.problems.push({
      rule: 'PARSE_ERROR',
      severity: 'error',
      line: tableLine,
      message: `registry table has no ${missing.map((m) => `\`${m}\``).join(' or ')} column (header: ${headers.join(' | ')})`,
    });
    return;
  }
  const section: RegistrySection = { name: heading.name, line: heading.line || tableLine, tableLine, entries: 0 };
  out.sections.push(section);
  out.tables.push({
    start: table.start + lineOffset,
    end: table.end + lineOffset,
    headers,
    column,
    section,
    topLevel: table.level === 0,
    head: '',
  });
  section.entries = readBodyRows(table, env, headers, column, section.name, lineOffset, out);
}

/** Lines git writes around a merge conflict it leaves in a file: `<<<<<<< ours`, `>>>>>>> theirs`, and between them `=======` (and `||||||| base`). */
const CONFLICT_START = /^<{7}(?:$|[ \t])/;
const CONFLICT_END = /^>{7}(?:$|[ \t])/;
const CONFLICT_MIDDLE = /^(?:={7}|\|{7})(?:$|[ \t])/;
/** Text that may hold a conflict marker: such documents are not parsed incrementally. */
const MAY_CONFLICT = /<{7}|>{7}|={7}|\|{7}/;

/**
 * A PARSE_ERROR for each merge conflict marker line of `text` (its lines numbered from
 * `lineOffset`): markdown reads such a file, but the rows between the markers are two versions at
 * once, and findings about them alone would puzzle.
 */
function conflictMarkers(text: string, lineOffset: number): ParseProblem[] {
  if (!text.includes('<<<<<<<') && !text.includes('>>>>>>>')) return [];
  const markers: ParseProblem[] = [];
  let open = false;
  text.split('\n').forEach((line, i) => {
    if (CONFLICT_START.test(line)) open = true;
    else if (CONFLICT_END.test(line)) open = false;
    else if (!open || !CONFLICT_MIDDLE.test(line)) return;
    const message = `unresolved merge conflict marker ${line.slice(0, 7)}: keep the right version of the rows between the markers and delete the markers`;
    markers.push({ rule: 'PARSE_ERROR', severity: 'error', line: i + 1 + lineOffset, message });
  });
  return markers;
}

/** Two lists of problems in line order, merged in line order (the first list first on a tie). */
function mergeByLine(a: ParseProblem[], b: ParseProblem[]): ParseProblem[] {
  if (b.length === 0) return a;
  const merged: ParseProblem[] = [];
  let k = 0;
  for (const p of a) {
    while (k < b.length && b[k]!.line < p.line) merged.push(b[k++]!);
    merged.push(p);
  }
  return [...merged, ...b.slice(k)];
}

/** Reads a table's body rows; `lineOffset` maps row lines to the document. Returns the entry count. */
function readBodyRows(
  table: TableRecord,
  env: object,
  headers: string[],
  column: ColumnMap,
  section: string,
  lineOffset: number,
  out: Collector,
): number {
  const width = table.headers.length;
  let count = 0;
  table.rows.forEach((line, row) => {
    if (out.markers?.has(line + 1 + lineOffset)) return;
    const entry = readRow(table.cells, row * width, headers, column, env, section, line + 1 + lineOffset, out.problems);
    if (entry) {
      out.entries.push(entry);
      count++;
    }
  });
  return count;
}

function readRow(
  cells: string[],
  at: number,
  headers: string[],
  column: ColumnMap,
  env: object,
  section: string,
  line: number,
  problems: ParseProblem[],
): RegistryEntry | undefined {
  const cell = (index: number | undefined): string => (index === undefined ? '' : (cells[at + index] ?? '').trim());
  const code = inlineText(cell(column.code), env);
  if (code.text === '') {
    problems.push({ rule: 'PARSE_ERROR', severity: 'error', line, message: 'row has an empty `code` cell' });
    return undefined;
  }
  const statusText = inlineText(cell(column.status), env).text;
  const status = /^\d+$/.test(statusText) ? Number(statusText) : null;
  const raw: Record<string, string> = {};
  const extra: Record<string, string> = {};
  headers.forEach((name, index) => {
    raw[name] = cell(index);
    if (FIELD_HEADERS[name] === undefined && name !== '') extra[name] = inlineText(cell(index), env).text;
  });
  const deprecatedCell = column.deprecated === undefined ? '' : inlineText(cell(column.deprecated), env).text;
  return {
    code: code.text,
    status,
    meaning: inlineText(cell(column.meaning), env).text,
    handling: column.handling === undefined ? '' : inlineText(cell(column.handling), env).text,
    section,
    deprecated: code.struck || deprecatedCell !== '',
    extra,
    raw,
    line,
  };
}
