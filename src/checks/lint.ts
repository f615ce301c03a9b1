/**
 * Lint rules over one registry revision. Each rule is a small pure function from the parsed registry
 * to findings, bound to its rule id; `lint` runs them all.
 */
import type { Finding, ParsedRegistry, ParseProblem, RegistryEntry } from '../model.js';
import { entryView } from '../model.js';
import type { RuleId } from './catalog.js';
import { emitterOf, type Emitter } from './finding.js';
import { tooLargeText } from '../limits.js';

import { CODE_MAX_LENGTH, UPPER_SNAKE_CASE, type CodeFormat } from './code-format.js';

export { CODE_MAX_LENGTH };
/** The default format (AIP-193 UPPER_SNAKE_CASE); config `codeFormat` chooses another. */
export const CODE_FORMAT = UPPER_SNAKE_CASE.regex;

export interface LintOptions {
  /** The format codes must have (config `codeFormat`); UPPER_SNAKE_CASE by default. */
  codeFormat?: CodeFormat;
}

type LintRule = (registry: ParsedRegistry, path: string, options: LintOptions) => Finding[];

function atEntry(emit: Emitter, entry: RegistryEntry, path: string, message: string): Finding {
  return emit({ code: entry.code, message, path, line: entry.line, after: entryView(entry) });
}

/** A rule that judges each entry on its own: `check` returns the message of a finding, or nothing. */
function entryRule(rule: RuleId, check: (entry: RegistryEntry, options: LintOptions) => string | undefined): LintRule {
  const emit = emitterOf(rule);
  return (registry, path, options) =>
    registry.entries.flatMap((entry) => {
      const message = check(entry, options);
      return message === undefined ? [] : [atEntry(emit, entry, path, message)];
    });
}

const emitParseError = emitterOf('PARSE_ERROR');

/** A problem the parser found, as a PARSE_ERROR finding at `path`. */
export function parseError(problem: ParseProblem, path: string): Finding {
  return emitParseError({
    ...(problem.code ? { code: problem.code } : {}),
    message: problem.message,
    path,
    line: problem.line,
  });
}

/** A revision too large to be read at all (git told its size): the PARSE_ERROR the parser gives such a file. */
export function tooLargeError(size: number, limit: number, path: string): Finding {
  return emitParseError({ message: tooLargeText(size, limit), path, line: 1 });
}

const parseErrors: LintRule = (registry, path) => registry.problems.map((p) => parseError(p, path));

const emitDuplicate = emitterOf('DUPLICATE_CODE');

const duplicateCode: LintRule = (registry, path) => {
  const first = new Map<string, RegistryEntry>();
  const out: Finding[] = [];
  for (const entry of registry.entries) {
    const seen = first.get(entry.code);
    if (seen) out.push(atEntry(emitDuplicate, entry, path, `${entry.code} is already defined on line ${seen.line}`));
    else first.set(entry.code, entry);
  }
  return out;
};

const invalidCodeFormat = entryRule('INVALID_CODE_FORMAT', (entry, { codeFormat = UPPER_SNAKE_CASE }) => {
  if (entry.code.length > CODE_MAX_LENGTH)
    return `code is ${entry.code.length} characters long; at most ${CODE_MAX_LENGTH} are allowed`;
  if (codeFormat.regex.test(entry.code)) return undefined;
  return codeFormat.name === UPPER_SNAKE_CASE.name || codeFormat.name === 'snake_case'
    ? `code must be ${codeFormat.name} (${codeFormat.regex.source})`
    : `code must match the configured codeFormat (${codeFormat.regex.source})`;
});

const invalidStatus = entryRule('INVALID_STATUS', (entry) => {
  if (entry.status !== null && entry.status >= 100 && entry.status <= 599) return undefined;
  const cell = entry.raw.status ?? '';
  return `status ${cell === '' ? '(empty)' : `'${cell}'`} is not an integer from 100 to 599`;
});

const nonErrorStatus = entryRule('NON_ERROR_STATUS', (entry) =>
  entry.status !== null && entry.status >= 100 && entry.status < 400
    ? `status ${entry.status} is not an error status (4xx or 5xx)`
    : undefined,
);

const emptyMeaning = entryRule('EMPTY_MEANING', (entry) => (entry.meaning === '' ? 'meaning is empty' : undefined));

const emptyHandling = entryRule('EMPTY_HANDLING', (entry) => {
  const hasColumn = 'frontend handling' in entry.raw || 'handling' in entry.raw;
  return hasColumn && entry.handling === '' ? 'frontend handling is empty' : undefined;
});

export const LINT_RULES: readonly LintRule[] = [
  parseErrors,
  duplicateCode,
  invalidCodeFormat,
  invalidStatus,
  nonErrorStatus,
  emptyMeaning,
  emptyHandling,
];

/** Lint one parsed registry revision. Findings are ordered by line, then rule. */
export function lint(registry: ParsedRegistry, path = '', options: LintOptions = {}): Finding[] {
  return LINT_RULES.flatMap((rule) => rule(registry, path, options)).sort(
    (a, b) => a.line - b.line || a.rule.localeCompare(b.rule),
  );
}
