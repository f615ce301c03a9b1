/**
 * The one place findings are made. Each rule binds one emitter to its id, once, in the file that is
 * the rule's home (cf. buf's one handler bound to each rule id); a second binding of an id throws,
 * and a test holds every catalog id to exactly one binding and a doc page. A finding's severity is
 * the catalog's default until the policy (policy.ts) applies the project's `rules` overrides: the
 * level of a rule is decided in exactly those two places (cf. oasdiff's levels decided in one file).
 */
import type { EntryView, Finding } from '../model.js';
import { ruleInfo, type RuleId } from './catalog.js';

/** What a rule says about one place: everything of a finding but its rule and severity. */
export type FindingFields = Omit<Finding, 'rule' | 'severity'>;

export type Emitter = (fields: FindingFields) => Finding;

const bound = new Set<RuleId>();

/** The emitter of `rule`'s findings. Called once per rule, at the top of the rule's home module. */
export function emitterOf(rule: RuleId): Emitter {
  if (bound.has(rule)) throw new Error(`${rule} is bound to a second emitter: a rule has one home`);
  bound.add(rule);
  const { severity } = ruleInfo(rule);
  return (fields) => ({ rule, severity, ...fields });
}

/** The rules bound so far (every one, once the checks are loaded). */
export function boundRules(): ReadonlySet<RuleId> {
  return bound;
}

/** Only the views that are there, so a finding's JSON has no `before: undefined` keys. */
export function views(before: EntryView | undefined, after: EntryView | undefined): Partial<Finding> {
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}
