/**
 * What a reader sees of a document that holds raw HTML. Raw HTML can hide what follows it across
 * blocks (`<div><!--` here, `-->` three tables down: the browser takes everything between for a
 * comment), swallow it (`<template>`), or strike it (`<s>`, `<del>`, `<strike>`): only an HTML
 * parser can tell. So such a document is rendered as GitHub renders it (markdown-it's HTML, raw
 * HTML as is but for GFM's tag filter), each table row marked with its line, and the result is
 * parsed by parse5, which builds the DOM as browsers do (the WHATWG algorithm); the registry rows
 * are the marked rows found in that DOM. Documents without raw HTML (nearly all) never come here,
 * nor load parse5: see parse.ts.
 */
import type * as Parse5 from 'parse5';
import type { DefaultTreeAdapterTypes as Dom } from 'parse5';
import type Token from 'markdown-it/lib/token.mjs';
import type * as Crypto from 'node:crypto';
import { lazyRequire, requireAs } from '../lazy-require.js';
import type { InlineText } from './inline.js';
import { markdownIt, TABLE, type TableRecord } from './markdown.js';

const parse5 = lazyRequire<typeof Parse5>('parse5');

/**
 * The attribute that marks a rendered table row with its 0-based line: named anew in each process,
 * so raw HTML cannot forge it (from node:crypto, loaded only here: most runs never render a page).
 */
let rowMark: string | undefined;
function rowMarkName(): string {
  return (rowMark ??= `data-erg-${requireAs<typeof Crypto>('node:crypto').randomBytes(6).toString('hex')}`);
}

/** A table as the page shows it. */
export interface PageTable {
  /** 0-based line of the markdown table's header row; undefined for a table of raw HTML. */
  headerLine?: number;
  /** 0-based line the table starts on (for a table of raw HTML, the line of the HTML that holds it). */
  line: number;
  headers: InlineText[];
  /** Its markdown rows that a reader sees, by 0-based line. */
  rows: { line: number; cells: InlineText[] }[];
}

/** True when `text` holds raw HTML: an HTML block, or inline HTML in a paragraph, heading or table cell. */
export function holdsHtml(text: string, tokens: Token[], env: object): boolean {
  if (!text.includes('<')) return false;
  const md = markdownIt();
  const inlineHtml = (source: string) =>
    source.includes('<') && (md.parseInline(source, env)[0]?.children ?? []).some((t) => t.type === 'html_inline');
  return tokens.some((token) => {
    if (token.type === 'html_block') return true;
    if (token.type === 'inline') return inlineHtml(token.content);
    if (token.type !== TABLE) return false;
    const table = token.meta as TableRecord;
    return table.headers.some(inlineHtml) || table.cells.some(inlineHtml);
  });
}

/** The tables of `text` as the page shows them, in document order. */
export function readPage(text: string): PageTable[] {
  const { html, starts, lines } = render(text);
  const tables = readTables(parse5().parse(html), () => 0);
  const registry = (t: PageTable) => t.headers.some((h) => !h.struck && h.text.toLowerCase() === 'code');
  if (!tables.some((t) => t.headerLine === undefined && registry(t))) return tables;
  // A registry table of raw HTML: parse again with source locations (they cost), to say on which line it is.
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    const i = Math.max(0, lo - 1);
    return lines[i]! + countNewlines(html, starts[i] ?? 0, offset);
  };
  return readTables(parse5().parse(html, { sourceCodeLocationInfo: true }), (table) =>
    lineAt(table.sourceCodeLocation?.startOffset ?? 0),
  );
}

function readTables(document: Dom.Document, lineOf: (table: Dom.Element) => number): PageTable[] {
  const tables: PageTable[] = [];
  for (const table of elementsNamed(document, 'table')) {
    const rows = elementsNamed(table, 'tr').filter((tr) => closest(tr, 'table') === table);
    const head = rows.find((tr) => (tr.parentNode as Dom.Element | null)?.tagName === 'thead') ?? rows[0];
    if (!head) continue;
    const headerLine = markedLine(head);
    tables.push({
      headerLine,
      line: headerLine ?? lineOf(table),
      headers: cellsOf(head).map(pageText),
      rows: rows.flatMap((tr) => {
        const line = tr === head ? undefined : markedLine(tr);
        return line === undefined ? [] : [{ line, cells: cellsOf(tr).map(pageText) }];
      }),
    });
  }
  return tables;
}

/**
 * The document rendered as GitHub renders it, and where each token's HTML starts (`starts`, with
 * the 0-based source line of the token in `lines`), to map a place in the HTML back to a line.
 */
function render(text: string): { html: string; starts: number[]; lines: number[] } {
  const md = markdownIt();
  const env = {};
  const tokens = md.parse(text, env);
  const renderer = md.renderer;
  const rules = renderer.rules;
  rules.html_block = (t, i) => tagFilter(t[i]!.content, true);
  rules.html_inline = (t, i) => tagFilter(t[i]!.content, false);
  rules[TABLE] = (t, i, _options, e: object) => renderTable(t[i]!.meta as TableRecord, e);
  let html = '';
  const starts: number[] = [];
  const lines: number[] = [];
  let line = 0;
  // markdown-it's Renderer.render, keeping where each token's HTML starts.
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    line = token.map?.[0] ?? line;
    starts.push(html.length);
    lines.push(line);
    const rule = rules[token.type];
    if (token.type === 'inline') html += renderer.renderInline(token.children ?? [], md.options, env);
    else if (rule) html += rule(tokens, i, md.options, env, renderer);
    else html += renderer.renderToken(tokens, i, md.options);
  }
  return { html, starts, lines };
}

function renderTable(table: TableRecord, env: object): string {
  const md = markdownIt();
  const cell = (tag: string, source: string) => `<${tag}>${md.renderInline(source, env)}</${tag}>\n`;
  const width = table.headers.length;
  const mark = rowMarkName();
  let html = `<table>\n<thead>\n<tr ${mark}="${table.start}">\n${table.headers.map((h) => cell('th', h)).join('')}</tr>\n</thead>\n`;
  if (table.rows.length > 0) {
    html += '<tbody>\n';
    table.rows.forEach((line, row) => {
      html += `<tr ${mark}="${line}">\n`;
      for (let i = 0; i < width; i++) html += cell('td', table.cells[row * width + i] ?? '');
      html += '</tr>\n';
    });
    html += '</tbody>\n';
  }
  return `${html}</table>\n`;
}

/**
 * GFM's tag filter (cmark-gfm's tagfilter extension): the `<` of these tags is written `&lt;`, so
 * that they show as text instead of changing how the rest of the page is parsed. In an HTML block
 * every such tag; inline HTML is one tag, checked at its start.
 */
const FILTERED = /<(?=\/?(?:title|textarea|style|xmp|iframe|noembed|noframes|script|plaintext)(?:[\t\n\r >]|\/>))/gi;
const FILTERED_AT_START = new RegExp(`^${FILTERED.source}`, 'i');

function tagFilter(html: string, block: boolean): string {
  return html.replace(block ? FILTERED : FILTERED_AT_START, '&lt;');
}

/** The text a reader sees in a cell: struck-through text left out (unless it is all there is), images by their alt text. */
function pageText(cell: Dom.Element): InlineText {
  let text = '';
  let struck = '';
  const walk = (node: Dom.ChildNode, strike: boolean): void => {
    if (node.nodeName === '#text') {
      if (strike) struck += (node as Dom.TextNode).value;
      else text += (node as Dom.TextNode).value;
      return;
    }
    if (!('tagName' in node)) return; // comments
    if (node.tagName === 'img') {
      const alt = node.attrs.find((a) => a.name === 'alt')?.value ?? '';
      if (strike) struck += alt;
      else text += alt;
      return;
    }
    if (node.tagName === 'br') text += ' ';
    // Where scripts run (GitHub's page), <noscript> shows nothing; <template> content is no child.
    if (node.tagName === 'noscript') return;
    const strikes = strike || node.tagName === 'del' || node.tagName === 's' || node.tagName === 'strike';
    for (const child of node.childNodes) walk(child, strikes);
  };
  for (const child of cell.childNodes) walk(child, false);
  const plain = collapse(text);
  const gone = collapse(struck);
  return plain === '' && gone !== '' ? { text: gone, struck: true } : { text: plain, struck: false };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function markedLine(tr: Dom.Element): number | undefined {
  const mark = tr.attrs.find((a) => a.name === rowMarkName())?.value;
  return mark === undefined ? undefined : Number(mark);
}

function cellsOf(tr: Dom.Element): Dom.Element[] {
  return tr.childNodes.filter((c): c is Dom.Element => c.nodeName === 'td' || c.nodeName === 'th');
}

/** Elements named `tag` under `root`, in document order (a template's content is no child: skipped, as it is unseen). */
function elementsNamed(root: Dom.ParentNode, tag: string): Dom.Element[] {
  const found: Dom.Element[] = [];
  const stack: Dom.ParentNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let i = node.childNodes.length - 1; i >= 0; i--) {
      const child = node.childNodes[i]!;
      if (!('tagName' in child)) continue;
      stack.push(child);
    }
    if ('tagName' in node && node.tagName === tag && node !== root) found.push(node);
  }
  return found;
}

function closest(node: Dom.Element, tag: string): Dom.Element | undefined {
  for (let p = node.parentNode; p; p = (p as Dom.Element).parentNode)
    if ((p as Dom.Element).tagName === tag) return p as Dom.Element;
  return undefined;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
