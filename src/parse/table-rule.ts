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
 * - A header row needs no pipe in cmark-gfm (a table of one column); in markdown-it it does. And
 *   a delimiter row of dashes alone is a setext heading's underline there, never a table's.
 * - Any HTML block may start on a line below a table's rows in cmark-gfm, and so end the table;
 *   in markdown-it the seventh kind (a lone open or close tag) cannot, and reads as a row. A line
 *   of a lone pipe is no row to cmark-gfm either (it has no cell), and ends the table.
 * - markdown-it tries its table rule before any other, so a header line that starts a list item,
 *   a blockquote, a heading, a fence, a thematic break or an HTML block made a table; in
 *   cmark-gfm that block starts there, and no table (`startsOtherBlock`).
 * - cmark-gfm finds a table's header in the paragraph above the delimiter row: its last line,
 *   however far indented, or continued lazily (below a blockquote or list item, without its
 *   marker or indentation: the table is in the blockquote or item). markdown-it checks whether a
 *   table starts only on lines that could start a block, so a text line and a header indented
 *   four spaces or more below it read as one paragraph, and a lazy header ended the item. The
 *   paragraph rule is wrapped to end such a paragraph above the header and read the table there.
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
/** First characters of a line that may start a block other than a paragraph or a table. */
const BLOCK_START = /[-+*_>#`~<0-9]/;
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
  const others = ['fence', 'blockquote', 'hr', 'list', 'heading'].map((name) => {
    const other = rules.find((r) => r.name === name)?.fn;
    if (!other) throw new Error(`markdown-it has no ${name} rule`);
    return other;
  });
  /** Whether another block starts on the line (one that may interrupt a paragraph, when the table would). */
  const startsOtherBlock = (state: StateBlock, line: number, endLine: number, silent: boolean): boolean => {
    if (!BLOCK_START.test(state.src[state.bMarks[line]! + state.tShift[line]!] ?? '')) return false;
    if (others.some((other) => other(state, line, endLine, true))) return true;
    // Any kind of HTML block starts a block; the seventh kind cannot interrupt a paragraph.
    return silent && state.parentType === 'paragraph'
      ? htmlBlock(state, line, endLine, true)
      : startsHtmlBlock(state, htmlBlock, line);
  };
  const wrapped: RuleBlock = (state, startLine, endLine, silent) => {
    // Most lines are no header: the line below them is no delimiter row (what the rule checks first).
    if (startLine + 2 > endLine || !isDelimiterStart(state, startLine + 1)) return false;
    // A header the paragraph rule below found, or one below a link reference definition: a line of
    // a paragraph, whatever its indentation (or laziness).
    const relaxed =
      (relaxedHeader?.state === state && relaxedHeader.line === startLine) ||
      (!silent && continuesParagraph(state, startLine));
    // A line that continues a paragraph lazily, less indented than the list item that holds it:
    // a header there is the paragraph rule's to find (cmark-gfm keeps the table in the item).
    if (!relaxed && silent && state.parentType === 'paragraph' && state.sCount[startLine]! < state.blkIndent)
      return false;
    if (startsOtherBlock(state, startLine, endLine, silent) || isSetextUnderline(state, startLine + 1)) return false;
    const end = silent ? endLine : rowsEnd(state, htmlBlock, startLine + 2, endLine);
    const kinds = wideSpaceLines(state, startLine, silent ? startLine + 2 : end);
    const from = state.tokens.length;
    const source = state.src;
    const headerEnd = state.eMarks[startLine]!;
    if (kinds) state.src = withLetters(state, kinds);
    // A header without a pipe (one column) is a header to cmark-gfm, not to markdown-it: the rule
    // reads it with the line's newline shown as a pipe, which ends the one cell.
    const pipeless =
      headerEnd < source.length &&
      !/[|\\]/.test(source.slice(state.bMarks[startLine]! + state.tShift[startLine]!, headerEnd));
    if (pipeless) {
      state.src = `${state.src.slice(0, headerEnd)}|${state.src.slice(headerEnd + 1)}`;
      state.eMarks[startLine] = headerEnd + 1;
    }
    let found: boolean;
    try {
      const read = () => table(state, startLine, end, silent);
      found = relaxed ? asHeader(state, startLine, read) : read();
    } finally {
      state.src = source;
      state.eMarks[startLine] = headerEnd;
    }
    if (!found || silent) return found;
    const token = state.push(TABLE, 'table', 0);
    token.meta = collect(state.tokens, from, kinds);
    state.tokens.splice(from, state.tokens.length - from - 1);
    token.map = [(token.meta as TableRecord).start, (token.meta as TableRecord).end];
    return true;
  };
  md.block.ruler.at('table', wrapped, { alt: rule.alt });
  definitionsInParagraphs(md, wrapped);
  for (const name of ['lheading', 'paragraph']) {
    const paragraph = rules.find((r) => r.name === name)?.fn;
    if (!paragraph) throw new Error(`markdown-it has no ${name} rule`);
    md.block.ruler.at(name, headersInParagraphs(name, paragraph, wrapped));
  }
}

/** The line right below the last link reference definition read (whose paragraph cmark-gfm keeps open). */
let afterDefinition: { state: StateBlock; line: number; level: number } | undefined;

/** Whether `line` continues the paragraph of a link reference definition just above it (in the same container). */
export function continuesParagraph(state: StateBlock, line: number): boolean {
  return afterDefinition?.state === state && afterDefinition.line === line && afterDefinition.level === state.level;
}

/**
 * Wraps the link reference definition rule. In cmark-gfm a definition is part of a paragraph until
 * that paragraph ends, and is taken out of it only then: a paragraph that a table takes over (its
 * last line the header) keeps its definitions as text, defining nothing; a paragraph that goes on
 * lazily (below a blockquote, without its marker) takes those lines as text. markdown-it ends a
 * block after each definition: here neither reads as a definition block, but as the paragraph it is.
 */
function definitionsInParagraphs(md: MarkdownItType, table: RuleBlock): void {
  const rules = (md.block.ruler as unknown as { __rules__: { name: string; fn: RuleBlock }[] }).__rules__;
  const reference = rules.find((r) => r.name === 'reference')?.fn;
  if (!reference) throw new Error('markdown-it has no reference rule');
  md.block.ruler.at('reference', (state, startLine, endLine, silent) => {
    const env = state.env as { references?: Record<string, unknown> };
    const known = new Set(Object.keys(env.references ?? {}));
    if (!reference(state, startLine, endLine, silent)) return false;
    if (silent) return true;
    const next = state.line;
    const lazy = next < endLine && !state.isEmpty(next) && state.sCount[next]! < 0;
    if (lazy || tableTakesParagraph(state, table, next, endLine)) {
      // Lazily continued, the definition still defines (cmark-gfm takes it out at the end).
      if (!lazy)
        for (const label of Object.keys(env.references ?? {})) if (!known.has(label)) delete env.references![label];
      state.line = startLine;
      return false;
    }
    afterDefinition = { state, line: next, level: state.level };
    return true;
  });
}

/** Whether a table starts in the paragraph that goes on from `line` (as cmark-gfm reads it), before the paragraph ends. */
function tableTakesParagraph(state: StateBlock, table: RuleBlock, line: number, endLine: number): boolean {
  const ends = state.md.block.ruler.getRules('paragraph');
  const parentType = state.parentType;
  state.parentType = 'paragraph';
  try {
    for (; line < endLine && !state.isEmpty(line); line++) {
      const indent = state.sCount[line]! - state.blkIndent;
      if (indent > 3 || indent < 0) {
        if (
          line + 1 < endLine &&
          isDelimiterStart(state, line + 1) &&
          tableBelowText(state, table, line, endLine, true)
        )
          return true;
        continue;
      }
      if (table(state, line, endLine, true)) return true;
      if (ends.some((end) => end(state, line, endLine, true))) return false;
    }
    return false;
  } finally {
    state.parentType = parentType;
  }
}

/** The line the table rule is to read as a paragraph's last line, header of a table below it (see above). */
let relaxedHeader: { state: StateBlock; line: number } | undefined;

/** Runs the table rule at `line`, read as a paragraph's last line. */
function tableBelowText(state: StateBlock, table: RuleBlock, line: number, endLine: number, silent: boolean): boolean {
  const parentType = state.parentType;
  relaxedHeader = { state, line };
  // Checked as the end of a paragraph: only what may interrupt one keeps the table from starting.
  if (silent) state.parentType = 'paragraph';
  try {
    return table(state, line, endLine, silent);
  } finally {
    relaxedHeader = undefined;
    state.parentType = parentType;
  }
}

/**
 * A paragraph rule (a setext heading's too) that ends its paragraph above a table header that
 * markdown-it would not look for (a line indented four spaces or more, or continued lazily), and
 * then reads that table, as cmark-gfm does.
 */
function headersInParagraphs(name: string, paragraph: RuleBlock, table: RuleBlock): RuleBlock {
  return (state, startLine, endLine, silent) => {
    let line = startLine + 1;
    for (; line + 1 < endLine && !state.isEmpty(line); line++) {
      const indent = state.sCount[line]! - state.blkIndent;
      if (
        (indent > 3 || indent < 0) &&
        isDelimiterStart(state, line + 1) &&
        tableBelowText(state, table, line, endLine, true)
      )
        break;
    }
    if (line + 1 >= endLine || state.isEmpty(line)) return paragraph(state, startLine, endLine, silent);
    const found = paragraph(state, startLine, line, silent);
    // (A setext heading ends at its underline: what follows it is no paragraph line.)
    if (found && state.line === line && name === 'paragraph') tableBelowText(state, table, line, endLine, false);
    return found;
  };
}

/** A delimiter row of dashes alone underlines a setext heading in cmark-gfm (it is looked for first), whatever the header. */
function isSetextUnderline(state: StateBlock, line: number): boolean {
  if (line >= state.lineMax) return false;
  return /^-+[ \t]*$/.test(state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]));
}

/** Whether a line starts like a table's delimiter row, inside the paragraph's container (cheap: the table rule checks the rest). */
function isDelimiterStart(state: StateBlock, line: number): boolean {
  const c = state.src.charCodeAt(state.bMarks[line]! + state.tShift[line]!);
  const indent = state.sCount[line]! - state.blkIndent;
  return (c === 0x7c || c === 0x2d || c === 0x3a) && indent >= 0 && indent < 4;
}

/** Runs `read` with the line's indentation taken for none (a header's, inside a paragraph). */
function asHeader<T>(state: StateBlock, line: number, read: () => T): T {
  const indent = state.sCount[line]!;
  state.sCount[line] = state.blkIndent;
  try {
    return read();
  } finally {
    state.sCount[line] = indent;
  }
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
 * The first line from `line` on (before the rows end at a blank line anyway) where cmark-gfm ends
 * a table and markdown-it would not: one that starts an HTML block of the seventh kind, or one that
 * holds a lone pipe (no cell at all: no row, to cmark-gfm). Else `endLine`.
 */
function rowsEnd(state: StateBlock, htmlBlock: RuleBlock, line: number, endLine: number): number {
  for (; line < endLine && !state.isEmpty(line); line++) {
    const start = state.bMarks[line]! + state.tShift[line]!;
    const c = state.src.charCodeAt(start);
    if (c === 0x3c && startsHtmlBlock(state, htmlBlock, line)) return line;
    if (c === 0x7c && /^\|[ \t\v\f]*$/.test(state.src.slice(start, state.eMarks[line]))) return line;
  }
  return endLine;
}

/** Whether an HTML block of any kind starts on the line (markdown-it's rule, run for nothing). */
function startsHtmlBlock(state: StateBlock, htmlBlock: RuleBlock, line: number): boolean {
  const { tokens, line: at } = state;
  const length = tokens.length;
  const starts = htmlBlock(state, line, line + 1, false);
  tokens.length = length;
  state.line = at;
  return starts;
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
      next =
        text.slice(0, text.length - trail.length) +
        trail.replace(WIDE_SPACES, (c) => (c === '\v' || c === '\f' ? c : LETTER));
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
