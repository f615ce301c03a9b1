/**
 * What the three extractors share: collecting uses with their places, the directive comments
 * (`error-registry: handles AUTH_X`, `error-registry: raises AUTH_X`,
 * `error-registry-ignore-next-line`), and the names that make an expression a `detail` or a code.
 */
import type { CodeUse, DetailBranch, ExtractOptions, FileScan, Language } from './model.js';
import type { SourceRole } from '../config/sources.js';

/** Methods that test text against a fixed string or a pattern, in the three languages. */
export const TEXT_TESTS = new Set([
  // Dart
  'contains',
  'startsWith',
  'endsWith',
  'indexOf',
  'lastIndexOf',
  'hasMatch',
  'firstMatch',
  'allMatches',
  'stringMatch',
  'matchAsPrefix',
  'compareTo',
  // TS/JS
  'includes',
  'match',
  'matchAll',
  'search',
  'test',
  'localeCompare',
  // Python
  'startswith',
  'endswith',
  'find',
  'rfind',
  'index',
  'rindex',
  'count',
]);

/** Functions that match a pattern against text: `re.match(p, detail)`, `RegExp(p).hasMatch(detail)`. */
export const REGEX_FUNCTIONS = new Set(['match', 'search', 'fullmatch', 'findall', 'finditer']);

/** Objects whose `detail` is not a problem's: Flutter widgets, DOM events. */
export const FOREIGN_DETAIL_OWNERS = new Set(['widget', 'event', 'this', 'self']);

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  "'": "'",
  '"': '"',
  '\\': '\\',
  $: '$',
};

/**
 * A string literal's text with its escapes decoded (`\x64etail` is `detail`): a name or code spelt
 * with escapes must read as what it is. An unknown escape gives its character (Dart's reading; Python
 * keeps the backslash, which no name or code has).
 */
export function decodeEscapes(text: string): string {
  return text.replace(
    /\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/gs,
    (_, e: string) => {
      if (e.length > 1 && 'xuU'.includes(e[0]!)) {
        const point = Number.parseInt(e.replace(/^[xuU]\{?|\}$/g, ''), 16);
        return point <= 0x10ffff ? String.fromCodePoint(point) : e;
      }
      return SIMPLE_ESCAPES[e] ?? e;
    },
  );
}

/**
 * Where a file names `detail`, a code key or an escape (`\\`, which may spell either): a node whose
 * text holds none of them cannot decide on a detail or a code, and is not read further.
 */
export class Mentions {
  private readonly offsets: number[];

  constructor(text: string, codeKeys: Iterable<string>) {
    const found: number[] = [];
    for (const word of ['detail', '\\', ...codeKeys]) {
      for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) found.push(at);
    }
    this.offsets = found.sort((a, b) => a - b);
  }

  /** Does the text from `start` to `end` (string offsets) hold a mention? */
  within(start: number, end: number): boolean {
    const offsets = this.offsets;
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (offsets[mid]! < start) low = mid + 1;
      else high = mid;
    }
    return low < offsets.length && offsets[low]! < end;
  }
}

const DIRECTIVE = /error-registry:\s*(handles|raises)\s+([^\n*]+)/g;
const IGNORE = 'error-registry-ignore-next-line';

export class Collector {
  readonly codes: CodeUse[] = [];
  readonly details: DetailBranch[] = [];
  private readonly ignored = new Set<number>();

  constructor(
    readonly path: string,
    readonly language: Language,
    readonly role: SourceRole,
    readonly options: ExtractOptions,
  ) {}

  code(code: string, kind: CodeUse['kind'], line: number, column: number, how: string): void {
    this.codes.push({ path: this.path, line, column, code, kind, how });
  }

  detail(line: number, column: number, how: string): void {
    this.details.push({ path: this.path, line, column, how });
  }

  /** At a place: a handling of each of `codes`, or, without codes, a branch on the detail. */
  found(place: { line: number; column: number }, how: string, codes?: readonly string[]): void {
    if (codes) for (const code of codes) this.code(code, 'handle', place.line, place.column, how);
    else this.detail(place.line, place.column, how);
  }

  /** A raising of `code` at a place; raising is read from producer sources only. */
  raised(code: string | undefined, place: { line: number; column: number }, how: string): void {
    if (code !== undefined && this.role === 'producer') this.code(code, 'raise', place.line, place.column, how);
  }

  isCodeKey(name: string | undefined): boolean {
    return name !== undefined && this.options.codeKeys.has(name);
  }

  /** A comment's text (markers included) at its 1-based line: directives and ignores. */
  comment(text: string, line: number, column: number): void {
    if (text.includes(IGNORE)) this.ignored.add(line + 1);
    for (const match of text.matchAll(DIRECTIVE)) {
      const kind = match[1] === 'raises' ? 'raise' : 'handle';
      for (const code of match[2]!.split(/[\s,]+/)) {
        if (code !== '' && /^[\w.-]+$/.test(code)) this.code(code, kind, line, column, 'declared in a comment');
      }
    }
  }

  result(): FileScan {
    // In the order of the file, whatever order the tree was read in (sort is stable).
    const kept = <T extends { line: number; column: number }>(items: T[]) =>
      items.filter((item) => !this.ignored.has(item.line)).sort((a, b) => a.line - b.line || a.column - b.column);
    return {
      path: this.path,
      language: this.language,
      role: this.role,
      codes: kept(this.codes),
      details: kept(this.details),
    };
  }
}
