/**
 * Markdown registry -> registry model.
 *
 * Parser choice, by measurement on these 2-core machines (one table of 100,000 rows):
 * micromark/mdast with GFM tables ~26 s (extrapolated from 1.3 s per 5,000 rows), marked's lexer ~2.0 s
 * with no positions, markdown-it 15 full parse ~4 s (its bundled class-field helpers make every token
 * slow to build), markdown-it 14 block parse ~0.9 s with a line range per table row. So: markdown-it 14,
 * block rules only (tables, headings, HTML blocks, fences: what decides which lines are table rows), and
 * each cell's inline markdown is parsed only when the cell holds markdown syntax at all.
 */
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { ParseProblem, ParsedRegistry, RegistryEntry, RegistrySection } from './model.js';

export interface ParseOptions {
  /** Inputs larger than this many bytes are refused with a problem. Default 10 MiB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

const md = new MarkdownIt('commonmark').enable(['table', 'strikethrough']);

/** Header names (lower-cased plain text) that map to model fields. */
const FIELD_HEADERS: Record<string, 'code' | 'status' | 'meaning' | 'handling' | 'deprecated'> = {
  code: 'code',
  status: 'status',
  meaning: 'meaning',
  'frontend handling': 'handling',
  handling: 'handling',
  deprecated: 'deprecated',
};

/** Cells without any of these characters are plain text already: no inline parse needed. */
const INLINE_SYNTAX = /[`*_[\]<>&!~\\]/;
/** A cell that is exactly one simple code span. */
const SIMPLE_CODE_SPAN = /^`([^`\s](?:[^`]*[^`\s])?)`$/;

export interface InlineText {
  text: string;
  /** True when the whole cell is struck through (`~~X~~`). */
  struck: boolean;
}

/** Plain text of an inline markdown fragment: code spans, emphasis and links reduced to their text. */
export function inlineText(raw: string, env: object = {}): InlineText {
  const trimmed = raw.trim();
  if (!INLINE_SYNTAX.test(trimmed)) return { text: collapse(trimmed), struck: false };
  const simple = SIMPLE_CODE_SPAN.exec(trimmed);
  if (simple) return { text: collapse(simple[1] ?? ''), struck: false };
  const tokens = md.parseInline(trimmed, env)[0]?.children ?? [];
  let text = '';
  let depth = 0;
  let struckText = '';
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
        text += ' ';
        break;
      case 'image':
        text += token.content;
        break;
      case 'html_inline':
        break;
      default:
        text += token.content;
        if (depth > 0) struckText += token.content;
    }
  }
  const plain = collapse(text);
  return { text: plain, struck: plain !== '' && collapse(struckText) === plain };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Decode bytes as strict UTF-8; on failure report the line of the first bad byte. */
function decode(input: string | Uint8Array, problems: ParseProblem[], maxBytes: number): string | undefined {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > maxBytes) {
    problems.push(unreadable(1, `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (set maxBytes to read it)`));
    return undefined;
  }
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      const lossy = new TextDecoder('utf-8').decode(input);
      problems.push(unreadable(lineAt(lossy, lossy.indexOf('\uFFFD')), 'file is not valid UTF-8: save it as UTF-8'));
      return undefined;
    }
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    problems.push(unreadable(lineAt(text, nul), 'file contains a NUL byte: it is binary, not a markdown registry'));
    return undefined;
  }
  // md.block.parse skips markdown-it's core `normalize` rule, so line endings are normalised here.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
}

function unreadable(line: number, message: string): ParseProblem {
  return { rule: 'PARSE_ERROR', severity: 'error', message, line, unreadable: true };
}

function lineAt(text: string, index: number): number {
  if (index < 0) return 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${n} bytes`;
}

/** Parse a registry's markdown. Never throws: what cannot be read becomes a PARSE_ERROR problem. */
export function parse(input: string | Uint8Array, options: ParseOptions = {}): ParsedRegistry {
  const problems: ParseProblem[] = [];
  const entries: RegistryEntry[] = [];
  const sections: RegistrySection[] = [];
  try {
    const text = decode(input, problems, options.maxBytes ?? DEFAULT_MAX_BYTES);
    if (text === undefined) return { entries, sections, problems };
    const env = {};
    const tokens: Token[] = [];
    md.block.parse(text, md, env, tokens);
    readTables(tokens, env, entries, sections, problems);
    if (sections.length === 0 && problems.length === 0) {
      problems.push({
        rule: 'PARSE_ERROR',
        severity: 'error',
        line: 1,
        message: 'no registry table found: expected a markdown table whose header has a `code` column',
      });
    }
  } catch (error) {
    // A parser bug must not take the caller down: report it where it can be seen.
    problems.push({ rule: 'PARSE_ERROR', severity: 'error', line: 1, message: `could not parse: ${String(error)}` });
  }
  return { entries, sections, problems };
}

function readTables(
  tokens: Token[],
  env: object,
  entries: RegistryEntry[],
  sections: RegistrySection[],
  problems: ParseProblem[],
): void {
  let heading = { name: '', line: 0 };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open') {
      heading = { name: inlineText(tokens[i + 1]?.content ?? '', env).text, line: (token.map?.[0] ?? 0) + 1 };
    } else if (token.type === 'table_open') {
      i = readTable(tokens, i, env, heading, entries, sections, problems);
    }
  }
}

/** Reads one table starting at `start` (its table_open); returns the index of its table_close. */
function readTable(
  tokens: Token[],
  start: number,
  env: object,
  heading: { name: string; line: number },
  entries: RegistryEntry[],
  sections: RegistrySection[],
  problems: ParseProblem[],
): number {
  const tableLine = (tokens[start]!.map?.[0] ?? 0) + 1;
  const headers: string[] = [];
  let i = start + 1;
  // Header row: inline tokens up to thead_close.
  for (; i < tokens.length && tokens[i]!.type !== 'thead_close'; i++) {
    if (tokens[i]!.type === 'inline') headers.push(inlineText(tokens[i]!.content, env).text.toLowerCase());
  }
  const end = findClose(tokens, i);
  const column: Partial<Record<'code' | 'status' | 'meaning' | 'handling' | 'deprecated', number>> = {};
  headers.forEach((name, index) => {
    const field = FIELD_HEADERS[name];
    if (field && column[field] === undefined) column[field] = index;
  });
  if (column.code === undefined) return end; // Not a registry table: ignored.

  const missing = (['status', 'meaning'] as const).filter((f) => column[f] === undefined);
  if (missing.length > 0) {
    problems.push({
      rule: 'PARSE_ERROR',
      severity: 'error',
      line: tableLine,
      message: `registry table has no ${missing.map((m) => `\`${m}\``).join(' or ')} column (header: ${headers.join(' | ')})`,
    });
    return end;
  }
  const section: RegistrySection = {
    name: heading.name,
    line: heading.line || tableLine,
    tableLine,
    entries: 0,
  };
  sections.push(section);

  let cells: string[] = [];
  let rowLine = 0;
  for (i = i + 1; i < end; i++) {
    const token = tokens[i]!;
    if (token.type === 'tr_open') {
      cells = [];
      rowLine = (token.map?.[0] ?? 0) + 1;
    } else if (token.type === 'inline') {
      cells.push(token.content);
    } else if (token.type === 'tr_close') {
      const entry = readRow(cells, headers, column, env, section.name, rowLine, problems);
      if (entry) {
        entries.push(entry);
        section.entries++;
      }
    }
  }
  return end;
}

function findClose(tokens: Token[], from: number): number {
  for (let i = from; i < tokens.length; i++) if (tokens[i]!.type === 'table_close') return i;
  return tokens.length - 1;
}

function readRow(
  cells: string[],
  headers: string[],
  column: Partial<Record<'code' | 'status' | 'meaning' | 'handling' | 'deprecated', number>>,
  env: object,
  section: string,
  line: number,
  problems: ParseProblem[],
): RegistryEntry | undefined {
  const cell = (index: number | undefined): string => (index === undefined ? '' : (cells[index] ?? '').trim());
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
