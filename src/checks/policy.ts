/**
 * The user's policy over findings, decided in one place: severity overrides (`rules`), accepted
 * changes (`allow` entries of the config, acceptances recorded in the ledger) and allow entries that
 * accept nothing. Pure functions; the commands apply them to what the rules found.
 */
import type { AllowEntry, Config } from '../config/types.js';
import { acceptedInLedger, type Ledger } from '../ledger.js';
import type { Finding, Severity } from '../model.js';
import { ruleInfo, type RuleId } from './catalog.js';
import { emitterOf } from './finding.js';

const emitUnusedAllow = emitterOf('UNUSED_ALLOW');

/** A rule's level in this project: its `rules` override, else the catalog's default. */
export function severityOf(rule: RuleId, rules: Record<string, Severity | 'off'>): Severity | 'off' {
  return rules[rule] ?? ruleInfo(rule).severity;
}

/** Apply `rules` overrides; findings of rules set to "off" are dropped. */
export function applySeverity(findings: Finding[], rules: Record<string, Severity | 'off'>): Finding[] {
  return findings.flatMap((f) => {
    const level = rules[f.rule];
    if (level === 'off') return [];
    return level ? [{ ...f, severity: level }] : [f];
  });
}

function matches(entry: AllowEntry, finding: Finding, registry: string): boolean {
  return (
    entry.rule === finding.rule &&
    (entry.code === undefined || entry.code === finding.code) &&
    (entry.registry === undefined || entry.registry === registry)
  );
}

/**
 * Mark findings accepted by an allow entry. Entries that match nothing in any registry become
 * UNUSED_ALLOW warnings (see unusedAllowFindings: they belong to the config, not a registry).
 */
export function applyAllow(
  findings: Finding[],
  allow: readonly AllowEntry[],
  registry: string,
  used: Set<AllowEntry>,
  baseAllow?: readonly AllowEntry[],
): Finding[] {
  return findings.map((f) => {
    const entry = allow.find((a) => matches(a, f, registry));
    if (!entry) return f;
    used.add(entry);
    return {
      ...f,
      allowed: true,
      reason: entry.reason,
      ...(baseAllow && !inBase(entry, baseAllow) ? { newAcceptance: true } : {}),
    };
  });
}

/**
 * Severity overrides, config allow entries, then what the ledger already accepted. With
 * `baseAllow` (a check with a git base), an acceptance by an allow entry the base's config does not
 * have is marked `newAcceptance`: the change accepts it itself, and reports show it as such.
 */
export function applyPolicy(
  findings: Finding[],
  config: Config,
  registry: string,
  ledger: Ledger,
  used: Set<AllowEntry>,
  baseAllow?: readonly AllowEntry[],
): Finding[] {
  const accepted = applyAllow(applySeverity(findings, config.rules), config.allow, registry, used, baseAllow);
  return accepted.map((f) => {
    if (f.allowed || !f.against || f.against.some((a) => a.startsWith('snapshot:'))) return f;
    // Not a change against the latest snapshot: it was released already; if the ledger accepted it, so do we.
    const hit = acceptedInLedger(ledger, f);
    return hit ? { ...f, allowed: true, reason: `accepted in snapshot ${hit.version}: ${hit.reason}` } : f;
  });
}

/** Is this allow entry in the base's config (the same rule, code, registry and reason)? */
function inBase(entry: AllowEntry, baseAllow: readonly AllowEntry[]): boolean {
  return baseAllow.some(
    (b) => b.rule === entry.rule && b.code === entry.code && b.registry === entry.registry && b.reason === entry.reason,
  );
}

/** UNUSED_ALLOW for each allow entry that accepted nothing, at its line of the config file (`configPath`). */
export function unusedAllowFindings(
  allow: readonly AllowEntry[],
  used: Set<AllowEntry>,
  configPath: string,
  rules: Record<string, Severity | 'off'>,
  lines: readonly number[] = [],
): Finding[] {
  const unused = allow
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => !used.has(entry))
    .map(({ entry, index }) =>
      emitUnusedAllow({
        message: `allow[${index}] (${entry.rule}${entry.code ? ` ${entry.code}` : ''}) matches no finding: delete it`,
        path: configPath,
        line: lines[index] ?? 1,
        ...(entry.code ? { code: entry.code } : {}),
      }),
    );
  return applySeverity(unused, rules);
}

/** One finding per rule and code (and path), listing every baseline it was found against. */
export function mergeFindings(groups: { against: string; findings: Finding[] }[]): Finding[] {
  const merged = new Map<string, Finding>();
  for (const { against, findings } of groups) {
    for (const f of findings) {
      const key =
        f.code !== undefined ? `${f.path}\0${f.rule}\0${f.code}` : `${f.path}\0${f.rule}\0${f.line}\0${f.message}`;
      const seen = merged.get(key);
      if (seen) {
        if (against && !seen.against?.includes(against)) seen.against = [...(seen.against ?? []), against];
      } else {
        merged.set(key, against ? { ...f, against: [against] } : { ...f });
      }
    }
  }
  return [...merged.values()];
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.path.localeCompare(b.path) ||
      a.line - b.line ||
      a.rule.localeCompare(b.rule) ||
      (a.code ?? '').localeCompare(b.code ?? ''),
  );
}
