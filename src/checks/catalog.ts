/**
 * Every rule id the checker can report, with its default severity and one-line doc: the contract
 * users write `rules` overrides and `allow` entries against (cf. graphql-inspector's ChangeType map).
 */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export const DOCS_BASE = 'https://github.com/error-registry-guard/error-registry-guard/blob/main/docs/rules';

export type RuleKind = 'lint' | 'compat' | 'meta' | 'usage';

export interface RuleInfo {
  id: RuleId;
  kind: RuleKind;
  severity: Severity;
  /** What the rule means, one sentence. */
  summary: string;
  /** Breaking rules decide the semver bump of an accepted change. */
  bump?: 'major' | 'minor' | 'patch';
}

const table = [
  ['PARSE_ERROR', 'lint', 'error', 'A registry table or row cannot be read.'],
  ['DUPLICATE_CODE', 'lint', 'error', 'A code appears more than once.'],
  [
    'INVALID_CODE_FORMAT',
    'lint',
    'error',
    'A code does not have the configured format (UPPER_SNAKE_CASE by default) or is over 63 characters.',
  ],
  ['INVALID_STATUS', 'lint', 'error', 'A status is not an integer from 100 to 599.'],
  ['NON_ERROR_STATUS', 'lint', 'warning', 'A status is below 400, so it is not an error status.'],
  ['EMPTY_MEANING', 'lint', 'error', 'A meaning cell is empty.'],
  ['EMPTY_HANDLING', 'lint', 'warning', 'A frontend handling cell is empty.'],
  ['CODE_REMOVED', 'compat', 'error', 'A code of the baseline is missing.', 'major'],
  [
    'CODE_RENAMED',
    'compat',
    'error',
    'A code was replaced by another with the same status and (nearly) the same meaning.',
    'major',
  ],
  ['STATUS_CHANGED', 'compat', 'error', 'A code kept its name but changed its HTTP status.', 'major'],
  ['MEANING_CHANGED', 'compat', 'error', 'A code kept its name but its meaning was reworded.', 'minor'],
  ['HANDLING_CHANGED', 'compat', 'warning', 'A code kept its name but its frontend handling changed.', 'patch'],
  ['CODE_MOVED', 'compat', 'info', 'A code moved to another section.', 'patch'],
  ['CODE_DEPRECATED', 'compat', 'info', 'A code became deprecated.', 'patch'],
  ['CODE_ADDED', 'compat', 'info', 'A new code.', 'minor'],
  [
    'CODE_REINTRODUCED',
    'compat',
    'error',
    'A removed code is back: one a snapshot retired, or (in audit) one that returns with another status or meaning.',
    'major',
  ],
  ['UNUSED_ALLOW', 'meta', 'warning', 'An allow entry of the config matches no finding.'],
  ['SNAPSHOT_CHANGED', 'meta', 'error', 'A released snapshot was modified or deleted since the git base.'],
  [
    'SNAPSHOT_INVALID',
    'meta',
    'error',
    'A snapshot the change adds is not what `snapshot` would record for the registry being committed.',
  ],
  [
    'POLICY_CHANGED',
    'meta',
    'error',
    "The change weakens the policy that judges it (a rule's level, a registry, a snapshot folder, the base branch); strengthening is info.",
  ],
  // The registry against the code that uses it (scan, and check with `sources`).
  ['DETAIL_BRANCHING', 'usage', 'error', "Source code decides on a problem's `detail` text instead of its code."],
  ['UNKNOWN_CODE', 'usage', 'error', 'A consumer compares, switches on or maps a code the registry lacks.'],
  ['UNREGISTERED_CODE', 'usage', 'error', 'A producer raises a code the registry lacks.'],
  ['DEPRECATED_CODE_USED', 'usage', 'warning', 'A source raises or handles a deprecated code.'],
  ['CODE_UNHANDLED', 'usage', 'warning', 'A registry code that no consumer handles.'],
  ['CODE_NOT_RAISED', 'usage', 'info', 'A registry code that no producer raises.'],
  [
    'GENERATED_STALE',
    'meta',
    'error',
    'A file that config `generate` lists is not what `generate` would write from the registry now.',
  ],
] as const satisfies readonly (readonly [string, RuleKind, Severity, string, ...('major' | 'minor' | 'patch')[]])[];

export type RuleId = (typeof table)[number][0];

export const RULES: ReadonlyMap<string, RuleInfo> = new Map(
  table.map(
    ([id, kind, severity, summary, bump]: readonly [
      string,
      RuleKind,
      Severity,
      string,
      ('major' | 'minor' | 'patch')?,
    ]) => [id, { id: id as RuleId, kind, severity, summary, ...(bump ? { bump } : {}) }],
  ),
);

/** Is this string (from a config or a snapshot) one of the catalog's rule ids? */
export function isRuleId(id: string): id is RuleId {
  return RULES.has(id);
}

export function ruleInfo(id: string): RuleInfo {
  const info = RULES.get(id);
  if (!info) throw new Error(`unknown rule ${id}`);
  return info;
}

export function docsUrl(id: string): string {
  return `${DOCS_BASE}/${id}.md`;
}
