/** Registry tables of a token stream -> entries, sections and problems; and merge conflict markers. */
import type Token from 'markdown-it/lib/token.mjs';
import type { ParseProblem, RegistryEntry, RegistrySection } from '../model.js';
import { inlineText } from './inline.js';
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
  const context: RowContext = { cells: table.cells, headers, column, env, section, problems: out.problems };
  let count = 0;
  table.rows.forEach((line, row) => {
    if (out.markers?.has(line + 1 + lineOffset)) return;
    const entry = readRow(context, row * width, line + 1 + lineOffset);
    if (entry) {
      out.entries.push(entry);
      count++;
    }
  });
  return count;
}

/** What reading a table's rows needs besides each row's place: one per table. */
interface RowContext {
  /** The table's body cells, row after row (TableRecord.cells). */
  cells: string[];
  /** Header names, lower-cased plain text. */
  headers: string[];
  column: ColumnMap;
  /** markdown-it's env of the document (its link references). */
  env: object;
  /** Name of the section the entries belong to. */
  section: string;
  /** Where a row that is no entry is reported. */
  problems: ParseProblem[];
}

/** One body row, its cells from `context.cells[at]` on, at 1-based `line`: an entry, or undefined and a problem. */
function readRow(context: RowContext, at: number, line: number): RegistryEntry | undefined {
  const { cells, headers, column, env, section, problems } = context;
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
