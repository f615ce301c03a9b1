/**
 * The oracle of the parser-fidelity tests: the registry rows a reader sees on GitHub.
 *
 * GitHub renders markdown with cmark-gfm (tables, strikethrough, the tag filter, raw HTML allowed);
 * the npm package `cmark-gfm` binds that very C library. Its HTML is read the way a browser reads
 * it, by parse5 (the WHATWG tree construction), and the rows are taken from the resulting DOM: a
 * markdown table's row counts when it is a `<tr>` in the document tree, so what an open comment,
 * a `<template>` or any other swallowing construct took is gone, as it is for a reader. Nothing
 * here comes from src/parse: the two readings meet only in the tests.
 */
import { createRequire } from 'node:module';
import { parse as parseHtml, type DefaultTreeAdapterTypes as Dom } from 'parse5';

interface CmarkGfm {
  renderHtmlSync(markdown: string, options: object): string;
}
const cmark = createRequire(import.meta.url)('cmark-gfm') as CmarkGfm;

/** GitHub's rendering: the table and strikethrough extensions, the tag filter, raw HTML kept. */
const OPTIONS = { extensions: { table: true, strikethrough: true, tagfilter: true }, unsafe: true, sourcepos: true };

/** Header names of the registry format (README, "The registry"). */
const FIELDS: Record<string, Field> = {
  code: 'code',
  status: 'status',
  meaning: 'meaning',
  'frontend handling': 'handling',
  handling: 'handling',
  deprecated: 'deprecated',
};
type Field = 'code' | 'status' | 'meaning' | 'handling' | 'deprecated';

export interface OracleRow {
  line: number;
  /** GitHub shows the row with its cells shifted (a no-break space or BOM before its leading pipe). */
  shifted: boolean;
  code: string;
  status: number | null;
  meaning: string;
  handling: string;
  deprecated: boolean;
}

/** What a reader cannot read as a registry row: the parser must say so with a PARSE_ERROR. */
export interface OracleError {
  kind: 'empty-code' | 'duplicate-column' | 'missing-column' | 'html-table';
  /** 1-based lines the error may point at (a row's line, or a table's lines). */
  lines: [number, number];
  shifted?: boolean;
}

export interface OracleReading {
  html: string;
  rows: OracleRow[];
  errors: OracleError[];
  /** Tables whose header has a `code` column. */
  registryTables: number;
}

export function renderGfm(markdown: string): string {
  return cmark.renderHtmlSync(markdown, OPTIONS);
}

/** The registry rows of `markdown` as GitHub shows them. */
export function readAsGitHub(markdown: string): OracleReading {
  const html = renderGfm(markdown);
  const reading: OracleReading = { html, rows: [], errors: [], registryTables: 0 };
  const lines = markdown.split(/\r\n|\r|\n/);
  for (const table of elements(parseHtml(html), 'table')) readTable(table, lines, reading);
  return reading;
}

/**
 * A row whose first cell GitHub made of white space that is not a space or tab (a no-break space,
 * a BOM), written before the row's leading pipe: its cells show one column to the right.
 * (cmark-gfm's source columns are off after a BOM, so the line itself is looked at.)
 */
function isShifted(lines: string[], line: number, first: Dom.Element | undefined): boolean {
  const raw = first ? rawText(first) : '';
  if (raw === '' || !/^\s+$/.test(raw) || /^[ \t]+$/.test(raw)) return false;
  const text = (lines[line - 1] ?? '').replace(/^(?:[ \t]*>)*/, '');
  return /^[ \t]*[^\S \t]\s*\|/.test(text);
}

function rawText(node: Dom.ParentNode): string {
  return node.childNodes.map((c) => ('value' in c ? c.value : 'childNodes' in c ? rawText(c) : '')).join('');
}

function readTable(table: Dom.Element, source: string[], out: OracleReading): void {
  const rows = elements(table, 'tr').filter((tr) => closest(tr, 'table') === table);
  const head = rows.find((tr) => tr.parentNode && (tr.parentNode as Dom.Element).tagName === 'thead') ?? rows[0];
  if (!head) return;
  const headers = cells(head).map((c) => visibleText(c).text.toLowerCase());
  const fields = headers.map((h) => FIELDS[h]);
  if (!fields.includes('code')) return;
  out.registryTables++;
  const span = sourceLines(table);
  const tableLines: [number, number] = span ? [span[0], span[1]] : [0, Number.MAX_SAFE_INTEGER];
  if (!span) return void out.errors.push({ kind: 'html-table', lines: tableLines });
  const duplicated = fields.some((f, i) => f !== undefined && fields.indexOf(f) !== i);
  if (duplicated) return void out.errors.push({ kind: 'duplicate-column', lines: tableLines });
  if (!fields.includes('status') || !fields.includes('meaning'))
    return void out.errors.push({ kind: 'missing-column', lines: tableLines });
  const column = (f: Field) => fields.indexOf(f);
  for (const tr of rows) {
    if (tr === head) continue;
    const pos = sourceLines(tr);
    if (pos === undefined) continue; // a row of raw HTML inside a markdown table: not a registry row
    const line = pos[0];
    const shifted = isShifted(source, line, cells(tr)[0]);
    const texts = cells(tr).map(visibleText);
    const at = (f: Field) => texts[column(f)] ?? { text: '', struck: '' };
    const code = at('code');
    const codeText = code.text !== '' ? code.text : code.struck;
    if (codeText === '') {
      out.errors.push({ kind: 'empty-code', lines: [line, line], shifted });
      continue;
    }
    const status = at('status').text;
    out.rows.push({
      line,
      shifted,
      code: codeText,
      status: /^\d+$/.test(status) ? Number(status) : null,
      meaning: at('meaning').text,
      handling: column('handling') === -1 ? '' : at('handling').text,
      deprecated:
        (code.text === '' && code.struck !== '') || (column('deprecated') !== -1 && at('deprecated').text !== ''),
    });
  }
}

/** The text a reader sees in a node: struck-through text apart, images by their alt text, whitespace collapsed. */
export function visibleText(node: Dom.ParentNode): { text: string; struck: string } {
  const out = { text: '', struck: '' };
  const walk = (n: Dom.ChildNode, struck: boolean): void => {
    if (n.nodeName === '#text') {
      if (struck) out.struck += (n as Dom.TextNode).value;
      else out.text += (n as Dom.TextNode).value;
      return;
    }
    if (n.nodeName === '#comment' || n.nodeName === '#documentType') return;
    const el = n as Dom.Element;
    if (el.tagName === 'img') {
      const alt = el.attrs.find((a) => a.name === 'alt')?.value ?? '';
      if (struck) out.struck += alt;
      else out.text += alt;
      return;
    }
    if (el.tagName === 'br') out.text += ' ';
    // <template> content is not in childNodes (parse5 keeps it apart, as browsers do); <noscript>
    // shows nothing where scripts run.
    if (el.tagName === 'noscript') return;
    const strikes = struck || el.tagName === 'del' || el.tagName === 's' || el.tagName === 'strike';
    for (const c of el.childNodes) walk(c, strikes);
  };
  for (const c of node.childNodes) walk(c, false);
  return { text: collapse(out.text), struck: collapse(out.struck) };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cells(tr: Dom.Element): Dom.Element[] {
  return tr.childNodes.filter((c): c is Dom.Element => c.nodeName === 'td' || c.nodeName === 'th');
}

/** Elements named `tag` under `root`, in document order (template contents are not children: skipped). */
function elements(root: Dom.ParentNode, tag: string): Dom.Element[] {
  const found: Dom.Element[] = [];
  const walk = (n: Dom.ParentNode) => {
    for (const c of n.childNodes) {
      if (!('tagName' in c)) continue;
      if (c.tagName === tag) found.push(c);
      walk(c);
    }
  };
  walk(root);
  return found;
}

function closest(node: Dom.Element, tag: string): Dom.Element | undefined {
  for (let p = node.parentNode; p; p = (p as Dom.Element).parentNode) {
    if ((p as Dom.Element).tagName === tag) return p as Dom.Element;
  }
  return undefined;
}

/** The 1-based first and last line of a markdown element, and its first byte's column (cmark-gfm's `data-sourcepos`). */
function sourceLines(el: Dom.Element): [number, number, number] | undefined {
  const pos = el.attrs.find((a) => a.name === 'data-sourcepos')?.value;
  const m = pos && /^(\d+):(\d+)-(\d+):\d+$/.exec(pos);
  return m ? [Number(m[1]), Number(m[3]), Number(m[2])] : undefined;
}
