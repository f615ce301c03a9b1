/**
 * The registry model: what a registry revision is once parsed, and the findings the checks produce.
 * Everything downstream (lint, compare, snapshots, reports) speaks these types.
 */

import type { RuleId, Severity } from './checks/catalog.js';

export type { RuleId, Severity } from './checks/catalog.js';

/** What a code is: the fields every view of an entry (parsed row, snapshot, report) shares. */
export interface EntryFields {
  /** The error code, plain text (backticks and strike-through removed). */
  code: string;
  /** HTTP status as an integer, or null when the cell is not an integer. */
  status: number | null;
  /** The "meaning" cell as plain text (inline markdown reduced to its text). */
  meaning: string;
  /** The "frontend handling" cell as plain text ('' when the table has no such column). */
  handling: string;
  /** Text of the nearest heading above the table ('' when there is none). */
  section: string;
  /** Struck-through code cell or a non-empty `deprecated` column. */
  deprecated: boolean;
}

/** One row of a registry table. */
export interface RegistryEntry extends EntryFields {
  /** Extra columns by header name (plain text). */
  extra: Record<string, string>;
  /** Raw markdown of every cell by header name (lower-cased), for reports that want it. */
  raw: Record<string, string>;
  /** 1-based source line of the row; 0 for entries that do not come from a file (snapshots). */
  line: number;
}

export interface RegistrySection {
  /** Heading text ('' for tables before any heading). */
  name: string;
  /** 1-based line of the heading (of the table when there is no heading). */
  line: number;
  /** 1-based line of the table's header row. */
  tableLine: number;
  /** Number of entries in this section's registry tables. */
  entries: number;
}

export interface ParseProblem {
  rule: 'PARSE_ERROR';
  severity: 'error';
  message: string;
  line: number;
  code?: string;
  /**
   * True when the whole input could not be read (not UTF-8, NUL bytes, too large):
   * the CLI treats such input as unusable (exit 2) rather than as a registry with findings.
   */
  unreadable?: boolean;
}

export interface ParsedRegistry {
  entries: RegistryEntry[];
  sections: RegistrySection[];
  problems: ParseProblem[];
}

/** A compact view of an entry for reports: what a code was before and after a change. */
export interface EntryView extends EntryFields {
  line?: number;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  code?: string;
  message: string;
  path: string;
  line: number;
  /** 1-based column, for findings in source files (`scan`). */
  column?: number;
  /** The source's language, for findings in source files (`scan`). */
  language?: 'python' | 'dart' | 'typescript';
  /** Baselines the finding was found against (compare findings only), e.g. `git:origin/main@abc1234`. */
  against?: string[];
  /** True when an allow entry accepts the finding: it is reported but never fails the run. */
  allowed?: boolean;
  /** The allow entry's reason, when allowed. */
  reason?: string;
  before?: EntryView;
  after?: EntryView;
  /** For CODE_RENAMED: the code it was renamed to. */
  renamedTo?: string;
  /** For `audit`: the commit that made the change. */
  commit?: CommitInfo;
  /** For POLICY_CHANGED: the setting and its value at the base and in the change. */
  policy?: PolicyChange;
  /** True when the allow entry that accepts the finding is added by the change under review. */
  newAcceptance?: boolean;
}

export interface PolicyChange {
  /** e.g. `rules.CODE_REMOVED`, `registries`, `snapshots of docs/errors.md`, `baseBranch`. */
  setting: string;
  before: string;
  after: string;
}

export interface CommitInfo {
  sha: string;
  author: string;
  date: string;
  subject: string;
}

/** Just the fields that say what a code is (no source position, raw cells or extra columns). */
export function entryFields(entry: EntryFields): EntryFields {
  return {
    code: entry.code,
    status: entry.status,
    meaning: entry.meaning,
    handling: entry.handling,
    section: entry.section,
    deprecated: entry.deprecated,
  };
}

export function entryView(entry: RegistryEntry): EntryView {
  const view: EntryView = entryFields(entry);
  if (entry.line > 0) view.line = entry.line;
  return view;
}

export { SEVERITY_RANK } from './checks/catalog.js';

/** The part of a registry a comparison needs: parsed files and snapshots both provide it. */
export interface RegistryModel {
  entries: readonly RegistryEntry[];
  sections?: readonly RegistrySection[];
}

/** A code whose removal a snapshot accepted: it must not come back. */
export interface RetiredCode {
  code: string;
  /** Snapshot version that accepted the removal. */
  version: string;
  reason?: string;
}

/** Where a source raises or handles a code. */
export interface UsagePlace {
  path: string;
  line: number;
}

/** One row of `scan`'s usage matrix: who raises and who handles a registry code. */
export interface UsageRow {
  code: string;
  raisedBy: UsagePlace[];
  handledBy: UsagePlace[];
}
