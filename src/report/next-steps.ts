/**
 * What the text report says after its findings: info findings folded into one line per rule (they
 * bury the errors on a real registry: 28 CODE_ADDED a run on v2), and, when the run fails, what to
 * do next: the allow entry to paste for each unaccepted break, the rule's doc, and in a hook how to
 * skip it once. Pure: the CLI passes the config file's path and whether a hook is running.
 */
import { DOCS_BASE, RULES } from '../checks/catalog.js';
import type { Finding } from '../model.js';
import { isFailing, type NextStepContext, type Report } from './types.js';

/** How many codes an info summary line names before `…`. */
const NAMED_CODES = 3;

/** The noun phrase of an info summary line, per rule; other rules read `N RULE findings`. */
const INFO_PHRASES: Record<string, [one: string, many: string]> = {
  CODE_ADDED: ['code added', 'codes added'],
  CODE_MOVED: ['code moved to another section', 'codes moved to another section'],
  CODE_DEPRECATED: ['code deprecated', 'codes deprecated'],
  CODE_NOT_RAISED: ['code no producer raises', 'codes no producer raises'],
  POLICY_CHANGED: ['policy setting strengthened', 'policy settings strengthened'],
};

/** One line per rule for the unaccepted info findings, in the order the rules first appear. */
export function infoSummaryLines(findings: readonly Finding[]): string[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  return [...byRule].map(([rule, group]) => {
    const [one, many] = INFO_PHRASES[rule] ?? [`${rule} finding`, `${rule} findings`];
    const codes = group.flatMap((f) => (f.code ? [f.code] : []));
    const named = codes.slice(0, NAMED_CODES);
    const list = named.length > 0 ? `: ${named.join(', ')}${codes.length > named.length ? ', …' : ''}` : '';
    return `${group.length} ${group.length === 1 ? one : many}${list} (--verbose lists them)`;
  });
}

/** Is this finding folded into a summary line (unless --verbose)? Accepted findings stay listed. */
export function isSummarised(f: Finding): boolean {
  return f.severity === 'info' && !f.allowed;
}

/** The allow entry that accepts a finding, as JSON to paste into `allow`. */
export function allowEntryFor(f: Finding): string {
  const entry: Record<string, string> = { rule: f.rule };
  if (f.code) entry.code = f.code;
  entry.reason = 'TODO: why clients are not broken by this';
  return `{ ${Object.entries(entry)
    .map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join(', ')} }`;
}

/** Lines that end a failing report: what to paste, where, which doc to read; empty when it passed. */
export function nextStepLines(report: Report, context: NextStepContext): string[] {
  if (report.ok) return [];
  const failing = report.findings.filter((f) => isFailing(f, report.failOn));
  // Source findings (scan) are fixed in the code that raises or handles the code, not accepted as breaks.
  const usage = failing.filter((f) => RULES.get(f.rule)?.kind === 'usage');
  const accept = failing.filter(
    (f) => !usage.includes(f) && RULES.get(f.rule)?.kind !== 'lint' && (f.code || f.rule === 'POLICY_CHANGED'),
  );
  const fix = failing.filter((f) => !accept.includes(f) && !usage.includes(f));
  const lines = ['', 'Next steps:'];
  if (accept.length > 0) {
    lines.push(
      `  If a break is intended, accept it: add its entry to "allow" in ${context.configFile} with a real reason:`,
    );
    const seen = new Set<string>();
    for (const f of accept) {
      const entry = allowEntryFor(f);
      if (seen.has(entry)) continue;
      seen.add(entry);
      lines.push(`    ${entry}`);
    }
    lines.push('  Otherwise undo the change (add a new code instead of changing or removing one).');
  }
  if (fix.length > 0) lines.push('  Fix the registry where the errors point.');
  if (usage.length > 0)
    lines.push(
      '  Fix the sources where the errors point: branch on the code, not the detail text; use or register the',
      "  registry's codes. A line that must stay: // error-registry-ignore-next-line (# in Python).",
    );
  const rules = [...new Set(failing.map((f) => f.rule))];
  for (const rule of rules) lines.push(`  ${rule}: ${DOCS_BASE}/${rule}.md`);
  if (context.hook) lines.push('  To commit once without the check: git commit --no-verify');
  return lines;
}
