/**
 * The markdown parser the registry is read with, patched to read what GitHub shows.
 *
 * Parser choice, by measurement on these 2-core machines (one table of 100,000 rows):
 * micromark/mdast with GFM tables ~26 s (extrapolated from 1.3 s per 5,000 rows), marked's lexer ~2.0 s
 * with no positions, markdown-it 15 full parse ~4 s (its bundled class-field helpers make every token
 * slow to build), markdown-it 14 block parse ~0.9 s with a line range per table row. So: markdown-it 14,
 * block rules only (tables, headings, HTML blocks, fences: what decides which lines are table rows), and
 * each cell's inline markdown is parsed only when the cell holds markdown syntax at all.
 *
 * Fidelity. The registry is what a reader sees on GitHub, which renders with cmark-gfm (CommonMark
 * 0.29 and GFM's table, strike-through and tag-filter extensions); markdown-it 14 follows
 * CommonMark 0.31 and differs from it on tables and raw HTML. Two designs read exactly what the
 * page shows, measured in one run on a loaded 2-core machine (20,000 rows, 1.8 MiB):
 * - render the page (markdown-it's HTML, or cmark-gfm's: 0.3 s) and read its DOM with a
 *   browser-grade parser (parse5): 3.6 s, of which parse5 alone 2.3 s: some 12 times the 0.29 s of
 *   the block parse, so `diff` of 100,000 codes could not stay under 2 s;
 * - markdown-it's block parse with its rules wrapped to read as cmark-gfm does (table-rule.ts,
 *   cmark-blocks.ts, strikethrough.ts: each difference found by test/parse-fidelity.test.ts, which
 *   holds the parser to cmark-gfm itself and parse5 on 2,000 generated documents a run), and the
 *   page (html.ts: parse5, the real HTML tokenizer and tree builder) only for a document that holds
 *   raw HTML, which alone can hide, swallow or strike what follows it. The same 20,000 rows: 0.29 s
 *   without raw HTML, as before these patches; with one `<br>` in a cell, 4.3 s.
 * This is the second: registries seldom hold raw HTML, and when they do, only the page is exact.
 */
import type MarkdownItType from 'markdown-it';
import { requireAs } from '../lazy-require.js';
import { cmarkBlocks } from './cmark-blocks.js';
import { gfmStrikethrough } from './strikethrough.js';
import { compactTables } from './table-rule.js';

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
    cmarkBlocks(instance);
    compactTables(instance);
    gfmStrikethrough(instance);
  }
  return instance;
}

/** Loads the parser now (it loads on the first parse otherwise): for a caller that would wait on git anyway. */
export function loadParser(): void {
  markdownIt();
}

export { TABLE, type TableRecord } from './table-rule.js';
