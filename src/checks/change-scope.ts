/**
 * What a change's report speaks of (pure): with a git base, a report is about what the change does.
 * Additions, warnings and infos come from the comparison with the base; the latest snapshot and the
 * ledger contribute breaks only (findings at error level under the base's rules), and what they
 * would say beyond that (codes the base added since the snapshot: a lagging snapshot) becomes one
 * note on the snapshot's baseline. Warnings of rows the change leaves as they are at the base are
 * the base's, not the change's; errors are reported wherever they are (nothing a change does can
 * turn a break into a note: every error of every comparison stays).
 */
import type { Finding, RegistryEntry, RegistryModel, Severity } from '../model.js';
import { byCode } from './by-code.js';
import { RULES } from './catalog.js';

/** The level a rule has under the judging rules (the base's), before acceptances. */
export type Levels = Readonly<Record<string, Severity | 'off'>>;

function level(rule: string, levels: Levels | undefined): Severity | 'off' {
  return levels?.[rule] ?? RULES.get(rule)?.severity ?? 'error';
}

/** A break: a finding at error level under the judging rules. */
export function isBreak(f: Finding, levels: Levels | undefined): boolean {
  return level(f.rule, levels) === 'error';
}

function same(a: RegistryEntry, b: RegistryEntry): boolean {
  return (
    a.status === b.status &&
    a.meaning === b.meaning &&
    a.handling === b.handling &&
    a.section === b.section &&
    a.deprecated === b.deprecated
  );
}

/** Lint findings of the change: all errors, and the others only on rows it added or edited. */
export function changeLint(
  findings: Finding[],
  base: RegistryModel,
  current: RegistryModel,
  levels?: Levels,
): Finding[] {
  const before = byCode(base.entries);
  const now = byCode(current.entries);
  return findings.filter((f) => {
    if (isBreak(f, levels) || f.code === undefined) return true;
    const was = before.get(f.code);
    const is = now.get(f.code);
    return !was || !is || !same(was, is);
  });
}

/** The breaks of a snapshot or ledger comparison, and how many other findings it had. */
export function breaksOnly(findings: Finding[], levels?: Levels): { kept: Finding[]; left: Finding[] } {
  const kept: Finding[] = [];
  const left: Finding[] = [];
  for (const f of findings) (isBreak(f, levels) ? kept : left).push(f);
  return { kept, left };
}

/** `28 codes added since, with the base` — the one line a lagging snapshot gets. */
export function laggingNote(left: readonly Finding[]): string | undefined {
  if (left.length === 0) return undefined;
  const byRule = new Map<string, number>();
  for (const f of left) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  const parts = [...byRule].map(([rule, n]) => `${n} ${rule}`);
  return `behind the base: ${parts.join(', ')} since this snapshot, not by this change (record a snapshot when releasing)`;
}
