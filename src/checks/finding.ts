/**
 * The one place findings are made. Every rule builds its findings here, so a finding's severity is
 * the catalog's default until the policy (policy.ts) applies the project's `rules` overrides: the
 * level of a rule is decided in exactly those two places (cf. oasdiff's levels decided in one file).
 */
import type { EntryView, Finding } from '../model.js';
import { ruleInfo, type RuleId } from './catalog.js';

/** What a rule says about one place: everything of a finding but its rule and severity. */
export type FindingFields = Omit<Finding, 'rule' | 'severity'>;

export function finding(rule: RuleId, fields: FindingFields): Finding {
  return { rule, severity: ruleInfo(rule).severity, ...fields };
}

/** Only the views that are there, so a finding's JSON has no `before: undefined` keys. */
export function views(before: EntryView | undefined, after: EntryView | undefined): Partial<Finding> {
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}
