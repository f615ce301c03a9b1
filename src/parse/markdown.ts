/**
 * The markdown parser the registry is read with, and the table rule patch that keeps big tables cheap.
 *
 * Parser choice, by measurement on these 2-core machines (one table of 100,000 rows):
 * micromark/mdast with GFM tables ~26 s (extrapolated from 1.3 s per 5,000 rows), marked's lexer ~2.0 s
 * with no positions, markdown-it 15 full parse ~4 s (its bundled class-field helpers make every token
 * slow to build), markdown-it 14 block parse ~0.9 s with a line range per table row. So: markdown-it 14,
 * block rules only (tables, headings, HTML blocks, fences: what decides which lines are table rows), and
 * each cell's inline markdown is parsed only when the cell holds markdown syntax at all.
 */
import type MarkdownItType from 'markdown-it';
import type { RuleBlock } from 'markdown-it/lib/parser_block.mjs';
import { requireAs } from '../lazy-require.js';

/**
 * markdown-it's own single-file build of the same version (`dist/markdown-it.js`, dependencies
 * inlined): one file to load instead of some seventy ES modules, about 60 ms less on every run of
 * the CLI. A test holds it to the package's ES module build, token for token. Loaded on the first
 * parse, not with this module: `check` starts git before, so the two overlap.
 */
let instance: MarkdownItType | undefined;
export function markdownIt(): MarkdownItType {
  if (!instance) {
    const MarkdownIt = requireAs<typeof MarkdownItType>('markdown-it/dist/markdown-it.js');
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
