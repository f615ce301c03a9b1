/** The plain text of a cell's inline markdown, read directly when the cell is plain text or simple code spans. */
import { markdownIt } from './markdown.js';

/** Cells without any of these characters are plain text already: no inline parse needed. */
const INLINE_SYNTAX = /[`*_[\]<>&!~\\]/;

export interface InlineText {
  /** The text a reader sees: struck-through text is deleted text, left out (unless it is all there is). */
  text: string;
  /** True when the whole cell is struck through (`~~X~~`): then `text` is the struck-through text. */
  struck: boolean;
  /** The cell holds raw HTML: what a reader sees of it is decided by the page (see html.ts). */
  html?: true;
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
  let struckText = '';
  let depth = 0;
  let html = false;
  const add = (content: string) => {
    if (depth > 0) struckText += content;
    else text += content;
  };
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
        add(' ');
        break;
      case 'image':
        // The alt text, as the page has it: the image's label reduced to its text.
        add(markdownIt().renderer.renderInlineAsText(token.children ?? [], {}, env));
        break;
      case 'html_inline':
        html = true;
        break;
      default:
        add(token.content);
    }
  }
  const plain = collapse(text);
  const struck = collapse(struckText);
  const result: InlineText =
    plain === '' && struck !== '' ? { text: struck, struck: true } : { text: plain, struck: false };
  if (html) result.html = true;
  return result;
}

function collapse(text: string): string {
  // Most texts have single plain spaces only: then there is nothing to replace.
  return (/[^\S ]| {2}/.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
}
