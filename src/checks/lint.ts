/**
 * Lint rules over one registry revision. Each rule is a small pure function from the parsed registry
 * to findings; `lint` runs them all.
 */
import type { Finding, ParsedRegistry, ParseProblem, RegistryEntry } from '../model.js';
import { entryView } from '../model.js';
import type { RuleId } from './catalog.js';
import { finding as make } from './finding.js';

export const CODE_FORMAT = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
export const CODE_MAX_LENGTH = 63;

type LintRule = (registry: ParsedRegistry, path: string) => Finding[];

function finding(rule: RuleId, entry: RegistryEntry, path: string, message: string): Finding {
  return make(rule, { code: entry.code, message, path, line: entry.line, after: entryView(entry) });
}

/** A problem the parser found, as a PARSE_ERROR finding at `path`. */
export function parseError(problem: ParseProblem, path: string): Finding {
  return make('PARSE_ERROR', {
    ...(problem.code ? { code: problem.code } : {}),
    message: problem.message,
    path,
    line: problem.line,
  });
}

const parseErrors: LintRule = (registry, path) => registry.problems.map((p) => parseError(p, path));

const duplicateCode: LintRule = (registry, path) => {
  const first = new Map<string, RegistryEntry>();
  const out: Finding[] = [];
  for (const entry of registry.entries) {
    const seen = first.get(entry.code);
    if (seen) out.push(finding('DUPLICATE_CODE', entry, path, `${entry.code} is already defined on line ${seen.line}`));
    else first.set(entry.code, entry);
  }
  return out;
};

const invalidCodeFormat: LintRule = (registry, path) =>
  registry.entries.flatMap((entry) => {
    if (entry.code.length > CODE_MAX_LENGTH) {
      return [
        finding(
          'INVALID_CODE_FORMAT',
          entry,
          path,
          `code is ${entry.code.length} characters long; at most ${CODE_MAX_LENGTH} are allowed`,
        ),
      ];
    }
    if (!CODE_FORMAT.test(entry.code)) {
      return [finding('INVALID_CODE_FORMAT', entry, path, `code must be UPPER_SNAKE_CASE (${CODE_FORMAT.source})`)];
    }
    return [];
  });

const invalidStatus: LintRule = (registry, path) =>
  registry.entries.flatMap((entry) => {
    if (entry.status !== null && entry.status >= 100 && entry.status <= 599) return [];
    const cell = entry.raw.status ?? '';
    return [
      finding(
        'INVALID_STATUS',
        entry,
        path,
        `status ${cell === '' ? '(empty)' : `'${cell}'`} is not an integer from 100 to 599`,
      ),
    ];
  });

const nonErrorStatus: LintRule = (registry, path) =>
  registry.entries.flatMap((entry) =>
    entry.status !== null && entry.status >= 100 && entry.status < 400
      ? [finding('NON_ERROR_STATUS', entry, path, `status ${entry.status} is not an error status (4xx or 5xx)`)]
      : [],
  );

const emptyMeaning: LintRule = (registry, path) =>
  registry.entries.flatMap((entry) =>
    entry.meaning === '' ? [finding('EMPTY_MEANING', entry, path, 'meaning is empty')] : [],
  );

const emptyHandling: LintRule = (registry, path) =>
  registry.entries.flatMap((entry) => {
    const hasColumn = 'frontend handling' in entry.raw || 'handling' in entry.raw;
    return hasColumn && entry.handling === ''
      ? [finding('EMPTY_HANDLING', entry, path, 'frontend handling is empty')]
      : [];
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
export function lint(registry: ParsedRegistry, path = ''): Finding[] {
  return LINT_RULES.flatMap((rule) => rule(registry, path)).sort(
    (a, b) => a.line - b.line || a.rule.localeCompare(b.rule),
  );
}
