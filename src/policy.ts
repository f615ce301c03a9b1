/**
 * The user's policy over findings: severity overrides (`rules`) and accepted changes (`allow`).
 * Pure functions; the commands apply them after comparing.
 */
import type { AllowEntry } from './config.js';
import type { Finding, Severity } from './model.js';
import { ruleInfo } from './checks/catalog.js';

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
 * UNUSED_ALLOW warnings (returned separately: they belong to the config, not a registry).
 */
export function applyAllow(
  findings: Finding[],
  allow: readonly AllowEntry[],
  registry: string,
  used: Set<AllowEntry>,
): Finding[] {
  return findings.map((f) => {
    const entry = allow.find((a) => matches(a, f, registry));
    if (!entry) return f;
    used.add(entry);
    return { ...f, allowed: true, reason: entry.reason };
  });
}

export function unusedAllowFindings(
  allow: readonly AllowEntry[],
  used: Set<AllowEntry>,
  configPath: string,
  rules: Record<string, Severity | 'off'>,
  lines: readonly number[] = [],
): Finding[] {
  if (rules.UNUSED_ALLOW === 'off') return [];
  return allow
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => !used.has(entry))
    .map(({ entry, index }) => {
      const f: Finding = {
        rule: 'UNUSED_ALLOW',
        severity: (rules.UNUSED_ALLOW as Severity | undefined) ?? ruleInfo('UNUSED_ALLOW').severity,
        message: `allow[${index}] (${entry.rule}${entry.code ? ` ${entry.code}` : ''}) matches no finding: delete it`,
        path: configPath,
        line: lines[index] ?? 1,
      };
      if (entry.code) f.code = entry.code;
      return f;
    });
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
