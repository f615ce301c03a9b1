/**
 * CODE_REINTRODUCED across a history (`audit`): the transitive check that comparing consecutive
 * revisions misses. A code removed by one commit and brought back by a later one with another status
 * or meaning reads, to a client that still maps it, as its old meaning.
 */
import { entryView, type Finding, type RegistryEntry, type RegistryModel } from '../model.js';
import { byCode } from './by-code.js';
import { emitterOf } from './finding.js';
import { normaliseText } from './text.js';

/** CODE_REINTRODUCED's one emitter: for audit's history here, and for a retired code's return in compare (compat.ts). */
export const emitReintroduced = emitterOf('CODE_REINTRODUCED');

/**
 * Codes that revisions removed, each with its last entry, for `audit`: a code that a later revision
 * brings back with another status or meaning is CODE_REINTRODUCED. Consecutive revisions show only
 * an addition there, while a client that still maps the code reads its old meaning. A code that
 * comes back as it was (a revert) breaks nothing, and neither does a difference the project does
 * not count as a break in place (`breaks`: STATUS_CHANGED, MEANING_CHANGED at error after `rules`).
 */
export class RemovedCodes {
  private gone = new Map<string, { entry: RegistryEntry; removedBy: string; lastSeen: string }>();

  constructor(private readonly breaks: { status: boolean; meaning: boolean }) {}

  /** The findings for codes `after` brings back, then notes the codes it removes (`commit` made `after`; `previous` is the revision it was compared with). */
  step(before: RegistryModel, after: RegistryModel, path: string, commit: string, previous: string): Finding[] {
    const had = byCode(before.entries);
    const has = byCode(after.entries);
    const findings: Finding[] = [];
    for (const [code, entry] of has) {
      if (had.has(code)) continue;
      const gone = this.gone.get(code);
      if (!gone) continue;
      this.gone.delete(code);
      const old = gone.entry;
      const changed = [
        ...(this.breaks.status && old.status !== entry.status
          ? [`status ${old.status ?? '?'} -> ${entry.status ?? '?'}`]
          : []),
        ...(this.breaks.meaning && normaliseText(old.meaning) !== normaliseText(entry.meaning)
          ? [`meaning "${old.meaning}" -> "${entry.meaning}"`]
          : []),
      ];
      if (changed.length === 0) continue;
      findings.push(
        emitReintroduced({
          code,
          message: `${code} was removed in ${gone.removedBy.slice(0, 7)} and came back with another ${changed.join(' and ')}: clients that still map it read the old one; choose a new code`,
          path,
          line: entry.line || 1,
          against: [`git:${gone.lastSeen.slice(0, 7)}`],
          before: entryView(old),
          after: entryView(entry),
        }),
      );
    }
    for (const [code, entry] of had)
      if (!has.has(code)) this.gone.set(code, { entry, removedBy: commit, lastSeen: previous });
    return findings;
  }
}
