/**
 * What the formats say about one finding beyond its rule and severity, worked out once: its
 * message, where it is, what was reworded, what a renamed code became, which baselines it was
 * found against and why it was accepted. The formats only lay these out (the text report with a
 * word diff, the others as plain lines).
 */
import type { EntryView, Finding } from '../model.js';

/** The message, led by the code when the message does not name it (e.g. "meaning was reworded"). */
export function findingMessage(f: Finding): string {
  return f.code && !f.message.includes(f.code) ? `${f.code}: ${f.message}` : f.message;
}

/** Where a finding is: `path:line`, or the path alone for findings about a whole file. */
export function location(f: Finding): string {
  return f.line > 0 ? `${f.path}:${f.line}` : f.path;
}

export interface ChangedText {
  field: 'meaning' | 'handling';
  before: string;
  after: string;
}

/** The reworded field of a MEANING_CHANGED or HANDLING_CHANGED finding, with its text before and after. */
export function changedText(f: Finding): ChangedText | undefined {
  if ((f.rule !== 'MEANING_CHANGED' && f.rule !== 'HANDLING_CHANGED') || !f.before || !f.after) return undefined;
  const field = f.rule === 'MEANING_CHANGED' ? 'meaning' : 'handling';
  return { field, before: f.before[field], after: f.after[field] };
}

/** The entry a CODE_RENAMED finding's code became. */
export function renamedTo(f: Finding): EntryView | undefined {
  return f.rule === 'CODE_RENAMED' ? f.after : undefined;
}

/** The baselines worth naming: additions are many and self-explanatory, their baselines would only add noise. */
export function namedBaselines(f: Finding): readonly string[] {
  return f.severity !== 'info' && f.against ? f.against : [];
}

/** Why an accepted finding was accepted, as the reports print it. */
export function acceptedReason(f: Finding): string {
  const reason = f.reason ?? 'no reason given';
  // An acceptance the change under review adds itself: a reviewer must see it as such.
  return f.newAcceptance ? `${reason} (accepted by this change)` : reason;
}

/** The acceptances the change under review adds itself (allow entries not in the base's config). */
export function newAcceptances(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.allowed && f.newAcceptance);
}

/** Lines that explain a finding beyond its message, as plain text: what changed, against what, and why it was accepted. */
export function findingDetails(f: Finding): string[] {
  const lines: string[] = [];
  const changed = changedText(f);
  if (changed) lines.push(`before: ${changed.before}`, `after: ${changed.after}`);
  const against = namedBaselines(f);
  if (against.length > 0) lines.push(`against: ${against.join(', ')}`);
  if (f.allowed) lines.push(`accepted: ${acceptedReason(f)}`);
  return lines;
}
