/**
 * Markdown registry -> registry model: the full parse.
 *
 * The pipeline, one job a file: markdown.ts loads markdown-it (why that parser, and how it is made
 * to read what GitHub shows: see there), with its rules wrapped to read as GitHub's cmark-gfm does
 * (table-rule.ts: tables; cmark-blocks.ts: raw HTML and link reference definitions;
 * strikethrough.ts); tables.ts reads the registry tables it finds into entries, with inline.ts for
 * the text of each cell; a document that holds raw HTML is read from its page instead (html.ts,
 * parse5), where raw HTML decides what is seen; this file decodes the input and runs them. For a
 * revision after one already parsed, incremental.ts reads only the changed rows again, where
 * regions.ts found them; it keeps each result's layout in PARSE_STATES, below.
 */
import type Token from 'markdown-it/lib/token.mjs';
import type { ParseProblem, ParsedRegistry } from '../model.js';
import { holdsHtml, readPage } from './html.js';
import { markdownIt } from './markdown.js';
import {
  conflictMarkers,
  mergeByLine,
  readPageTables,
  readTables,
  type Collector,
  type Heading,
  type TableLayout,
} from './tables.js';

export interface ParseOptions {
  /** Inputs larger than this many bytes are refused with a problem. Default 10 MiB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** Decode bytes as strict UTF-8; on failure report the line of the first bad byte. */
function decode(input: string | Uint8Array, problems: ParseProblem[], maxBytes: number): string | undefined {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > maxBytes) {
    problems.push(
      unreadable(1, `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit: is it the right file?`),
    );
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

/** What parseIncremental needs of a parse result besides the result itself. */
export interface ParseState {
  /** The input's bytes: the next revision is compared with them byte-wise, without decoding. */
  bytes: Uint8Array;
  tables: TableLayout[];
  env: object;
  /** The last heading of the document (what a table added at its end would take as its section). */
  heading: Heading;
}

/** Layout of each parse result, for parseIncremental. Weak: it goes when the result goes. */
export const PARSE_STATES = new WeakMap<ParsedRegistry, ParseState>();

/** Parse a registry's markdown. Never throws: what cannot be read becomes a PARSE_ERROR problem. */
export function parse(input: string | Uint8Array, options: ParseOptions = {}): ParsedRegistry {
  const out: Collector = { entries: [], sections: [], problems: [], tables: [] };
  const result: ParsedRegistry = { entries: out.entries, sections: out.sections, problems: out.problems };
  try {
    const text = decode(input, out.problems, options.maxBytes ?? DEFAULT_MAX_BYTES);
    if (text === undefined) return result;
    const env = {};
    const tokens: Token[] = [];
    const md = markdownIt();
    md.block.parse(text, md, env, tokens);
    const markers = conflictMarkers(text, 0);
    if (markers.length > 0) out.markers = new Set(markers.map((m) => m.line));
    let heading = readTables(tokens, env, out);
    // Raw HTML may hide, swallow or strike what follows it: then the page says what a reader sees.
    const html = (out.html ?? false) || holdsHtml(text, tokens, env);
    if (html) {
      out.entries.length = 0;
      out.sections.length = 0;
      out.problems.length = 0;
      out.tables.length = 0;
      readPageTables(readPage(text), tokens, env, out);
      heading = { name: '', line: 0 };
    }
    if (out.sections.length === 0 && out.problems.length === 0) {
      out.problems.push({
        rule: 'PARSE_ERROR',
        severity: 'error',
        line: 1,
        message: 'no registry table found: expected a markdown table whose header has a `code` column',
      });
    }
    if (markers.length > 0) out.problems.splice(0, out.problems.length, ...mergeByLine(out.problems, markers));
    // Incremental parsing works on '\n' lines of the bytes as given: not for CR line endings.
    // Nor with conflict markers, whose meaning depends on the lines around them.
    // Nor when raw HTML decides what is seen: a change anywhere may change what is seen after it.
    if (!html && markers.length === 0 && !text.includes('\r') && !(typeof input === 'string' && input.includes('\r'))) {
      const lines = text.split('\n');
      for (const t of out.tables) t.head = `${lines[t.start]}\n${lines[t.start + 1]}\n`;
      PARSE_STATES.set(result, {
        bytes: typeof input === 'string' ? Buffer.from(input) : input,
        tables: out.tables,
        env,
        heading,
      });
    }
  } catch (error) {
    // A parser bug must not take the caller down: report it where it can be seen.
    out.problems.push({
      rule: 'PARSE_ERROR',
      severity: 'error',
      line: 1,
      message: `could not parse: ${String(error)}`,
    });
  }
  return result;
}
