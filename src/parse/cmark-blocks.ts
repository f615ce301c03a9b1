/**
 * Raw HTML, and the lines after a link reference definition, as cmark-gfm reads them.
 *
 * Raw HTML as cmark-gfm reads it (CommonMark 0.29). GitHub's cmark-gfm implements CommonMark 0.29; markdown-it
 * 14 implements 0.31.2, which changed what starts an HTML block and what inline HTML is. Where the
 * two differ, GitHub's page is what a reader sees, so markdown-it's html_block and html_inline
 * rules are wrapped to read as 0.29 does (found by test/parse-fidelity.test.ts):
 * - `<textarea` starts an HTML block of the first kind (up to `</textarea>`) only since 0.30; in
 *   0.29 it is an ordinary tag (the seventh kind: alone on its line, up to a blank line);
 * - a declaration (`<!doctype`) in lower case starts an HTML block only since 0.30;
 * - `search` is a block tag name (the sixth kind) since 0.31; `source` was one until 0.30;
 * - a lone tag (the seventh kind) cannot interrupt a paragraph, but a line below a blockquote or a
 *   list item that would continue its paragraph only lazily is no paragraph line in cmark-gfm;
 * - an inline comment may not contain `--`, nor start with `>` or `->`, nor end with `-`, in 0.29;
 *   inline declarations start with an upper-case letter.
 * Each block case is read by markdown-it's own rule from a copy of the line with the tag renamed
 * to one of the same length and kind (so every offset holds), only while the rule runs.
 *
 * A link reference definition ends a block in markdown-it; in cmark-gfm it is part of a paragraph
 * until the paragraph ends, so the line after it continues that paragraph: there an indented line
 * starts no code block, and a lone tag no HTML block (see `continuesParagraph` in table-rule.ts).
 */
import type MarkdownItType from 'markdown-it';
import type { RuleBlock } from 'markdown-it/lib/parser_block.mjs';
import type { RuleInline } from 'markdown-it/lib/parser_inline.mjs';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import { continuesParagraph } from './table-rule.js';

/** A line start that 0.29 reads as another kind of HTML block, and a tag name of that kind and length that markdown-it reads so. */
const RENAMED: { start: RegExp; as: string }[] = [
  { start: /^<textarea(?=\s|>|$)/i, as: 'xextarea' }, // an ordinary tag
  { start: /^<\/?search(?=\s|\/?>|$)/i, as: 'searcx' }, // an ordinary tag
  { start: /^<\/?source(?=\s|\/?>|$)/i, as: 'header' }, // a block tag
];
/** A declaration that does not start with an upper-case letter: no HTML block in 0.29. */
const LOWER_DECLARATION = /^<![a-z]/;

export function cmarkBlocks(md: MarkdownItType): void {
  const rules = (md.block.ruler as unknown as { __rules__: { name: string; fn: RuleBlock; alt: string[] }[] })
    .__rules__;
  const rule = (name: string) => {
    const found = rules.find((r) => r.name === name);
    if (!found) throw new Error(`markdown-it has no ${name} rule`);
    return found;
  };
  const code = rule('code').fn;
  md.block.ruler.at('code', (state, startLine, endLine, silent) =>
    continuesParagraph(state, startLine) ? false : code(state, startLine, endLine, silent),
  );
  const { fn: htmlBlock, alt: htmlAlt } = rule('html_block');
  md.block.ruler.at(
    'html_block',
    (state, startLine, endLine, silent) => {
      if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
      const pos = state.bMarks[startLine]! + state.tShift[startLine]!;
      if (state.src.charCodeAt(pos) !== 0x3c) return false;
      const text = state.src.slice(pos, state.eMarks[startLine]);
      if (LOWER_DECLARATION.test(text)) return false;
      const renamed = RENAMED.find((r) => r.start.test(text));
      if (!renamed) {
        if (!silent && continuesParagraph(state, startLine) && !htmlBlock(state, startLine, endLine, true))
          return false;
        const found = htmlBlock(state, startLine, endLine, silent);
        if (found || !silent || !isLazy(state, startLine)) return found;
        // A lone tag (the seventh kind) cannot interrupt a paragraph, but a line that continues one
        // only lazily (outside the blockquote or list item that holds it) is no part of it in
        // cmark-gfm: there, the tag starts an HTML block.
        const { tokens, line } = state;
        const count = tokens.length;
        const starts = htmlBlock(state, startLine, startLine + 1, false);
        tokens.length = count;
        state.line = line;
        return starts;
      }
      // A lone tag (what `<textarea>` and `<search>` are in 0.29) continues a paragraph.
      if (!silent && renamed.as !== 'header' && continuesParagraph(state, startLine)) return false;
      const source = state.src;
      const tag = renamed.start.exec(text)![0];
      const from = state.tokens.length;
      let found: boolean;
      state.src = source.slice(0, pos) + tag.replace(/[a-z]+/i, renamed.as) + source.slice(pos + tag.length);
      try {
        found = htmlBlock(state, startLine, endLine, silent);
      } finally {
        state.src = source;
      }
      const token = state.tokens[from];
      if (found && token) token.content = state.getLines(startLine, state.line, state.blkIndent, true);
      return found;
    },
    { alt: htmlAlt },
  );

  const inline = (md.inline.ruler as unknown as { __rules__: { name: string; fn: RuleInline }[] }).__rules__;
  const htmlInline = inline.find((r) => r.name === 'html_inline')?.fn;
  if (!htmlInline) throw new Error('markdown-it has no html_inline rule');
  md.inline.ruler.at('html_inline', (state, silent) => {
    const { pos } = state;
    const count = state.tokens.length;
    if (!htmlInline(state, silent)) return false;
    const html = state.src.slice(pos, state.pos);
    if (!isHtml029(html)) {
      state.pos = pos;
      // Only the tag goes: the text before it, pushed as a token of its own on the way, stays.
      if (state.tokens.length > count) state.tokens.pop();
      return false;
    }
    return true;
  });
}

/** Whether a line checked as the end of a paragraph continues it only lazily: below a blockquote or a list item, less indented than its content. */
function isLazy(state: StateBlock, line: number): boolean {
  // (Indented four spaces or more, the line could not start a block outside the container either.)
  const lazy =
    state.parentType === 'blockquote' || (state.parentType === 'paragraph' && state.sCount[line]! < state.blkIndent);
  return lazy && state.sCount[line]! < 4;
}

/** Whether inline HTML that markdown-it (0.31) recognised is inline HTML in 0.29 too. */
function isHtml029(html: string): boolean {
  if (html.startsWith('<!--')) {
    const text = html.slice(4, -3);
    return (
      html.endsWith('-->') && html.length >= 7 && !/^-?>/.test(text) && !text.endsWith('-') && !text.includes('--')
    );
  }
  if (html.startsWith('<![CDATA[') || html.startsWith('<?')) return true;
  if (html.startsWith('<!')) return /^<![A-Z]+\s/.test(html);
  return true;
}
