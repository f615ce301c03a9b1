/**
 * markdown-it's GFM table rule, wrapped twice over: so that a table is read where and as GitHub's
 * cmark-gfm reads it, and so that its tokens stay few.
 *
 * Where markdown-it 14 and cmark-gfm disagree about tables (found by test/parse-fidelity.test.ts):
 * - markdown-it trims a line with JavaScript's trim(), which also strips no-break spaces, a BOM and
 *   other Unicode spaces; cmark-gfm strips spaces and tabs only. Such a space before a row's leading
 *   pipe makes an extra first cell on GitHub (every cell one column to the right: the row is
 *   recorded in `shifted`, and reported), on the header row an extra cell (the header no longer
 *   matches the delimiter row: no table), and a line of nothing else is an empty row on GitHub that
 *   markdown-it would end the table at. The rule reads those lines as GitHub does: from a copy of
 *   the source in which such spaces are letters (`WIDE_SPACE`, below), only while it runs.
 * - Any HTML block may start on a line below a table's rows in cmark-gfm, and so end the table;
 *   in markdown-it the seventh kind (a lone open or close tag) cannot, and reads as a row.
 */
import type MarkdownItType from 'markdown-it';
import type { RuleBlock } from 'markdown-it/lib/parser_block.mjs';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';

/** Token type of a table as `compactTables` leaves it: one token, its cells in `meta`. */
export const TABLE = 'registry_table';

/** A table's cells, as `compactTables` records them in place of its tokens. */
export interface TableRecord {
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
  /** Body rows (indexes into `rows`) whose cells GitHub shifts one column right. */
  shifted: number[];
}

/** White space that JavaScript's trim() strips and cmark-gfm's table rows keep. */
const WIDE_SPACE = /[\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const WIDE_SPACES = new RegExp(WIDE_SPACE.source, 'g');
/** After a row's last pipe, cmark-gfm also skips vertical tabs and form feeds. */
const WIDE_TRAILING_SPACE = /[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
/** What a wide space becomes in the copy the rule reads: a letter, from the private use area. */
const LETTER = '\uE000';

/** How a line holds wide spaces that matter: before its leading pipe, as all it holds, or after its last pipe. */
type LineKind = 'lead' | 'blank' | 'trail';

/**
 * markdown-it's table rule, wrapped so that a table reads as on GitHub (see above), and so that
 * each table's tokens (some fourteen a row, all alive until the whole document is parsed) become
 * one token holding just the cells: a 100,000-row table no longer keeps 1.4 million tokens in
 * memory, and collecting them no longer dominates. The rule keeps its `alt` list: a table may
 * interrupt a paragraph, as on GitHub.
 */
export function compactTables(md: MarkdownItType): void {
  const rules = (md.block.ruler as unknown as { __rules__: { name: string; fn: RuleBlock; alt: string[] }[] })
    .__rules__;
  const rule = rules.find((r) => r.name === 'table');
  const htmlBlock = rules.find((r) => r.name === 'html_block')?.fn;
  if (!rule || !htmlBlock) throw new Error('markdown-it has no table or html_block rule');
  const table = rule.fn;
  const wrapped: RuleBlock = (state, startLine, endLine, silent) => {
    const end = silent ? endLine : htmlBlockStart(state, htmlBlock, startLine + 2, endLine);
    const kinds = wideSpaceLines(state, startLine, silent ? startLine + 2 : end);
    const from = state.tokens.length;
    const source = state.src;
    if (kinds) state.src = withLetters(state, kinds);
    let found: boolean;
    try {
      found = table(state, startLine, end, silent);
    } finally {
      state.src = source;
    }
    if (!found || silent) return found;
    const token = state.push(TABLE, 'table', 0);
    token.meta = collect(state.tokens, from, kinds);
    state.tokens.splice(from, state.tokens.length - from - 1);
    token.map = [(token.meta as TableRecord).start, (token.meta as TableRecord).end];
    return true;
  };
  md.block.ruler.at('table', wrapped, { alt: rule.alt });
}

/** The record of the table whose tokens start at `from`. */
function collect(tokens: StateBlock['tokens'], from: number, kinds: Map<number, LineKind> | undefined): TableRecord {
  const open = tokens[from]!;
  const record: TableRecord = {
    level: open.level,
    start: open.map?.[0] ?? 0,
    end: open.map?.[1] ?? 0,
    headers: [],
    rows: [],
    cells: [],
    shifted: [],
  };
  let inBody = false;
  for (let i = from + 1; i < tokens.length - 1; i++) {
    const token = tokens[i]!;
    if (token.type === 'inline') (inBody ? record.cells : record.headers).push(token.content);
    else if (token.type === 'tbody_open') inBody = true;
    else if (token.type === 'tr_open' && inBody) record.rows.push(token.map?.[0] ?? 0);
  }
  if (kinds) {
    // The letters stood for white space: as such they read (a cell of them is an empty cell).
    const back = (cell: string) => (cell.includes(LETTER) ? cell.replaceAll(LETTER, ' ').trim() : cell);
    record.headers = record.headers.map(back);
    record.cells = record.cells.map(back);
    const width = record.headers.length;
    record.rows.forEach((line, row) => {
      const kind = kinds.get(line);
      if (kind === 'lead') record.shifted.push(row);
      // A line of white space only: an empty row on GitHub.
      else if (kind === 'blank') record.cells.fill('', row * width, (row + 1) * width);
    });
  }
  return record;
}

/**
 * The first line from `line` on, before the table's rows end at a blank line, that starts an HTML
 * block (cmark-gfm ends a table there; markdown-it, for the seventh kind, would not), or `endLine`.
 */
function htmlBlockStart(state: StateBlock, htmlBlock: RuleBlock, line: number, endLine: number): number {
  for (; line < endLine && !state.isEmpty(line); line++) {
    if (state.src.charCodeAt(state.bMarks[line]! + state.tShift[line]!) !== 0x3c) continue;
    const { tokens, line: at } = state;
    const length = tokens.length;
    const starts = htmlBlock(state, line, line + 1, false);
    tokens.length = length;
    state.line = at;
    if (starts) return line;
  }
  return endLine;
}

/**
 * Lines from `from` until a blank one (as markdown-it sees them: spaces and tabs only) or `to` that
 * hold wide spaces where GitHub keeps them: before a leading pipe, or making up the whole line (or,
 * on the header line, after the last pipe). Undefined when there are none (the common case).
 */
function wideSpaceLines(state: StateBlock, from: number, to: number): Map<number, LineKind> | undefined {
  let kinds: Map<number, LineKind> | undefined;
  for (let line = from; line < to && !state.isEmpty(line); line++) {
    const start = state.bMarks[line]! + state.tShift[line]!;
    const end = state.eMarks[line]!;
    const first = state.src[start]!;
    const last = state.src[end - 1]!;
    if (!WIDE_SPACE.test(first) && !(line === from && WIDE_TRAILING_SPACE.test(last))) continue;
    const text = state.src.slice(start, end);
    const lead = /^\s*/.exec(text)![0];
    let kind: LineKind | undefined;
    if (lead.length === text.length) kind = 'blank';
    else if (text[lead.length] === '|' && WIDE_SPACE.test(lead)) kind = 'lead';
    else if (line === from && /[^\\]\|\s*$/.test(text) && WIDE_TRAILING_SPACE.test(/\s*$/.exec(text)![0]))
      kind = 'trail';
    if (kind) (kinds ??= new Map()).set(line, kind);
  }
  return kinds;
}

/** The source with the wide spaces of those lines made letters (same length: every offset holds). */
function withLetters(state: StateBlock, kinds: Map<number, LineKind>): string {
  const pieces: string[] = [];
  let at = 0;
  for (const [line, kind] of kinds) {
    const start = state.bMarks[line]! + state.tShift[line]!;
    const end = state.eMarks[line]!;
    const text = state.src.slice(start, end);
    let next: string;
    if (kind === 'trail') {
      const trail = /\s*$/.exec(text)![0];
      next = text.slice(0, text.length - trail.length) + trail.replace(WIDE_SPACES, (c) => (c === '\v' || c === '\f' ? c : LETTER));
    } else {
      const lead = kind === 'blank' ? text : /^\s*/.exec(text)![0];
      next = lead.replace(WIDE_SPACES, LETTER) + text.slice(lead.length);
    }
    pieces.push(state.src.slice(at, start), next);
    at = end;
  }
  pieces.push(state.src.slice(at));
  return pieces.join('');
}
