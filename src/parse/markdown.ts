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
