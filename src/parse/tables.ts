/** Registry tables of a token stream -> entries, sections and problems; and merge conflict markers. */
import type Token from 'markdown-it/lib/token.mjs';
import type { ParseProblem, RegistryEntry, RegistrySection } from '../model.js';
import { inlineText, type InlineText } from './inline.js';
import type { PageTable } from './html.js';
import { TABLE, type TableRecord } from './markdown.js';

/** Header names (lower-cased plain text) that map to model fields. */
const FIELD_HEADERS: Record<string, 'code' | 'status' | 'meaning' | 'handling' | 'deprecated'> = {
  code: 'code',
  status: 'status',
  meaning: 'meaning',
  'frontend handling': 'handling',
  handling: 'handling',
  deprecated: 'deprecated',
};

export type ColumnMap = Partial<Record<'code' | 'status' | 'meaning' | 'handling' | 'deprecated', number>>;

/** Where a registry table sits, kept so that a later revision can be parsed incrementally. */
export interface TableLayout {
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

export interface Heading {
  name: string;
  /** 1-based; 0 when there is none. */
  line: number;
}

export interface Collector {
  entries: RegistryEntry[];
  sections: RegistrySection[];
  problems: ParseProblem[];
  tables: TableLayout[];
  /** Lines (1-based) of merge conflict markers: inside a table they read as rows, but are none. */
  markers?: ReadonlySet<number>;
  /** A cell read holds raw HTML: the page decides what a reader sees (parse.ts reads it from there). */
  html?: boolean;
}

/**
 * Reads the registry tables of a token stream; `lineOffset` maps its lines to the document, and
 * `heading` is the one in force where the stream starts. Returns the one in force at its end.
 */
export function readTables(
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

/**
 * The model field of each column by its header, or a problem: a header with no `code` column is no
 * registry table (undefined, ignored); one that names a field twice cannot be read unambiguously.
 */
export function columnsOf(headers: string[]): { column: ColumnMap } | { problem: string } | undefined {
  const column: ColumnMap = {};
  let twice: string | undefined;
  headers.forEach((name, index) => {
    const field = FIELD_HEADERS[name];
    if (!field) return;
    if (column[field] === undefined) column[field] = index;
    else twice ??= field;
  });
  if (column.code === undefined) return undefined; // Not a registry table: ignored.
  if (twice !== undefined)
    return {
      problem: `registry table has two \`${twice}\` columns (header: ${headers.join(' | ')}): a reader cannot tell which one counts; keep one`,
    };
  const missing = (['status', 'meaning'] as const).filter((f) => column[f] === undefined);
  if (missing.length > 0)
    return {
      problem: `registry table has no ${missing.map((m) => `\`${m}\``).join(' or ')} column (header: ${headers.join(' | ')})`,
    };
  return { column };
}

/** Reads one table: a registry table's rows become entries; other tables are ignored. */
function readTable(table: TableRecord, env: object, heading: Heading, out: Collector, lineOffset: number): void {
  const tableLine = table.start + 1 + lineOffset;
  const headerTexts = table.headers.map((h) => inlineText(h, env));
  if (headerTexts.some((h) => h.html)) out.html = true;
  const headers = headerTexts.map((h) => visible(h).toLowerCase());
  const columns = columnsOf(headers);
  if (!columns) return;
  if ('problem' in columns) {
    out.problems.push({ rule: 'PARSE_ERROR', severity: 'error', line: tableLine, message: columns.problem });
    return;
  }
  const { column } = columns;
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

/** What a reader sees of a cell other than the code: struck-through text is deleted text. */
export function visible(text: InlineText): string {
  return text.struck ? '' : text.text;
}

/**
 * Reads the registry tables of a document from the page (html.ts): the rows a reader sees there,
 * with the text a reader sees in each cell; `tokens` give the sections and each row's markdown.
 */
export function readPageTables(page: PageTable[], tokens: Token[], env: object, out: Collector): void {
  const known = new Map<number, { record: TableRecord; heading: Heading }>();
  let heading: Heading = { name: '', line: 0 };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open')
      heading = { name: inlineText(tokens[i + 1]?.content ?? '', env).text, line: (token.map?.[0] ?? 0) + 1 };
    else if (token.type === TABLE)
      known.set((token.meta as TableRecord).start, { record: token.meta as TableRecord, heading });
  }
  const none: InlineText = { text: '', struck: false };
  for (const table of page) {
    const headers = table.headers.map((h) => visible(h).toLowerCase());
    const columns = columnsOf(headers);
    if (!columns) continue;
    const markdown = table.headerLine === undefined ? undefined : known.get(table.headerLine);
    if (!markdown) {
      const message = `registry table written in HTML (header: ${headers.join(' | ')}): only markdown tables are read; write it as a markdown table`;
      out.problems.push({ rule: 'PARSE_ERROR', severity: 'error', line: table.line + 1, message });
      continue;
    }
    const { record } = markdown;
    const tableLine = record.start + 1;
    if ('problem' in columns) {
      out.problems.push({ rule: 'PARSE_ERROR', severity: 'error', line: tableLine, message: columns.problem });
      continue;
    }
    const section: RegistrySection = {
      name: markdown.heading.name,
      line: markdown.heading.line || tableLine,
      tableLine,
      entries: 0,
    };
    out.sections.push(section);
    const context: RowContext = { headers, column: columns.column, section: section.name, problems: out.problems };
    const width = record.headers.length;
    for (const row of table.rows) {
      const line = row.line + 1;
      if (out.markers?.has(line)) continue;
      const index = record.rows.indexOf(row.line);
      if (record.shifted.includes(index)) {
        out.problems.push(shiftedRow(line));
        continue;
      }
      const raw = (i: number) => (record.cells[index * width + i] ?? '').trim();
      const entry = readRow(context, (i) => row.cells[i] ?? none, raw, line);
      if (entry) {
        out.entries.push(entry);
        section.entries++;
      }
    }
  }
}

/** Lines git writes around a merge conflict it leaves in a file: `<<<<<<< ours`, `>>>>>>> theirs`, and between them `=======` (and `||||||| base`). */
const CONFLICT_START = /^<{7}(?:$|[ \t])/;
const CONFLICT_END = /^>{7}(?:$|[ \t])/;
const CONFLICT_MIDDLE = /^(?:={7}|\|{7})(?:$|[ \t])/;
/** Text that may hold a conflict marker: such documents are not parsed incrementally. */
export const MAY_CONFLICT = /<{7}|>{7}|={7}|\|{7}/;

/**
 * A PARSE_ERROR for each merge conflict marker line of `text` (its lines numbered from
 * `lineOffset`): markdown reads such a file, but the rows between the markers are two versions at
 * once, and findings about them alone would puzzle.
 */
export function conflictMarkers(text: string, lineOffset: number): ParseProblem[] {
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
export function mergeByLine(a: ParseProblem[], b: ParseProblem[]): ParseProblem[] {
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
export function readBodyRows(
  table: TableRecord,
  env: object,
  headers: string[],
  column: ColumnMap,
  section: string,
  lineOffset: number,
  out: Collector,
): number {
  const width = table.headers.length;
  const context: RowContext = { headers, column, section, problems: out.problems };
  let count = 0;
  let shifted = 0;
  table.rows.forEach((line, row) => {
    if (out.markers?.has(line + 1 + lineOffset)) return;
    if (table.shifted[shifted] === row) {
      shifted++;
      out.problems.push(shiftedRow(line + 1 + lineOffset));
      return;
    }
    const at = row * width;
    const cellText = (index: number): InlineText => {
      const text = inlineText((table.cells[at + index] ?? '').trim(), env);
      if (text.html) out.html = true;
      return text;
    };
    const entry = readRow(context, cellText, (index) => (table.cells[at + index] ?? '').trim(), line + 1 + lineOffset);
    if (entry) {
      out.entries.push(entry);
      count++;
    }
  });
  return count;
}

/** The problem of a row GitHub shows with its cells one column to the right. */
export function shiftedRow(line: number): ParseProblem {
  return {
    rule: 'PARSE_ERROR',
    severity: 'error',
    line,
    message:
      'row starts with a no-break space, BOM or other Unicode space before its leading pipe: GitHub shows its cells one column to the right; delete that space',
  };
}

/** What reading a table's rows needs besides each row's cells and place: one per table. */
export interface RowContext {
  /** Header names, lower-cased plain text. */
  headers: string[];
  column: ColumnMap;
  /** Name of the section the entries belong to. */
  section: string;
  /** Where a row that is no entry is reported. */
  problems: ParseProblem[];
}

/**
 * One body row at 1-based `line`, given what a reader sees of each cell (`cell`, by column index)
 * and each cell's markdown (`raw`): an entry, or undefined and a problem.
 */
export function readRow(
  context: RowContext,
  cell: (index: number) => InlineText,
  raw: (index: number) => string,
  line: number,
): RegistryEntry | undefined {
  const { headers, column, section, problems } = context;
  const none: InlineText = { text: '', struck: false };
  const read = (index: number | undefined): InlineText => (index === undefined ? none : cell(index));
  const code = read(column.code);
  if (code.text === '') {
    problems.push({ rule: 'PARSE_ERROR', severity: 'error', line, message: 'row has an empty `code` cell' });
    return undefined;
  }
  const statusText = visible(read(column.status));
  const status = /^\d+$/.test(statusText) ? Number(statusText) : null;
  const rawCells: Record<string, string> = {};
  const extra: Record<string, string> = {};
  headers.forEach((name, index) => {
    rawCells[name] = raw(index);
    if (FIELD_HEADERS[name] === undefined && name !== '') extra[name] = visible(cell(index));
  });
  const deprecatedCell = column.deprecated === undefined ? '' : visible(read(column.deprecated));
  return {
    code: code.text,
    status,
    meaning: visible(read(column.meaning)),
    handling: column.handling === undefined ? '' : visible(read(column.handling)),
    section,
    deprecated: code.struck || deprecatedCell !== '',
    extra,
    raw: rawCells,
    line,
  };
}
