/**
 * What a scan finds in one source file: the codes it raises or handles and where it decides on a
 * problem's `detail` text. Pure data: the extractors (one per language) fill it, checks/usage.ts
 * judges it against the registry.
 */
import type { SourceRole } from '../config/sources.js';
import type { Language } from './select.js';

export type { Language } from './select.js';

export interface Place {
  /** Path relative to the repository root. */
  path: string;
  /** 1-based line and column. */
  line: number;
  column: number;
}

export interface CodeUse extends Place {
  code: string;
  /** `raise`: the file produces the code; `handle`: it compares, switches on or maps it. */
  kind: 'raise' | 'handle';
  /** How, in a few words: `keyword code=`, `switch case`, `declared in a comment`... */
  how: string;
}

export interface DetailBranch extends Place {
  /** How the text decides: `comparison`, `contains`, `switch`, `regex match`, `lookup`... */
  how: string;
}

export interface FileScan {
  path: string;
  language: Language;
  role: SourceRole;
  /** The configured glob that selected the file (set by the scan, not the extractor). */
  source?: string;
  codes: CodeUse[];
  details: DetailBranch[];
}

/** What an extractor is told about the project. */
export interface ExtractOptions {
  /** Keys, keyword arguments and properties that carry a code. */
  codeKeys: ReadonlySet<string>;
  /** Error classes or factories whose first string argument is a code. */
  errorClasses: ReadonlySet<string>;
  /** Is this string in the registry's code format (for Python enum members)? */
  isCodeFormat: (text: string) => boolean;
  /** Read every node, not only those whose text names a detail or a code key (for the test of that gate). */
  readAll?: boolean;
}
