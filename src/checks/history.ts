/**
 * Judging a registry's history (`audit`) revision by revision: each revision is compared with the one
 * before, and only breaks (errors after the project's `rules`) are reported, at the commit that made
 * them. Consecutive revisions mostly differ in a few rows; after an incremental parse only the
 * entries of the codes it touched are compared (a property test holds that to comparing everything).
 */
import type { Config } from '../config/types.js';
import type { CommitInfo, Finding, ParsedRegistry, ParseProblem, RegistryEntry, RegistryModel } from '../model.js';
import { changedEntries } from '../parse/incremental.js';
import { byPosition, compare } from './compat.js';
import { parseError, tooLargeError } from './lint.js';
import { applySeverity, severityOf } from './policy.js';
import { RemovedCodes } from './reintroduction.js';

/** How many entries carry each code, in the revision audit compared last (exported for its property test). */
export class CodeCounts {
  private counts = new Map<string, number>();

  recount(entries: readonly RegistryEntry[]): void {
    this.counts = new Map();
    for (const e of entries) this.counts.set(e.code, (this.counts.get(e.code) ?? 0) + 1);
  }

  get(code: string): number {
    return this.counts.get(code) ?? 0;
  }

  add(code: string, by: number): void {
    const n = this.get(code) + by;
    if (n === 0) this.counts.delete(code);
    else this.counts.set(code, n);
  }
}

/**
 * The two revisions as compare should see them, moving `counts` from `previous` to `next`. After an
 * incremental parse, only the entries of the codes it touched: the rows it took out and read in when
 * those are every entry of their codes (no duplicates elsewhere), else found by a scan.
 */
export function changedModels(
  previous: ParsedRegistry,
  next: ParsedRegistry,
  counts: CodeCounts,
): [RegistryModel, RegistryModel] {
  const change = changedEntries(previous, next);
  if (!change) {
    counts.recount(next.entries);
    return [previous, next];
  }
  const tally = (list: readonly RegistryEntry[]) => {
    const m = new Map<string, number>();
    for (const e of list) m.set(e.code, (m.get(e.code) ?? 0) + 1);
    return m;
  };
  const removed = tally(change.removed);
  const added = tally(change.added);
  const codes = [...change.codes];
  const onlyRemoved = codes.every((c) => counts.get(c) === (removed.get(c) ?? 0));
  for (const c of codes) counts.add(c, (added.get(c) ?? 0) - (removed.get(c) ?? 0));
  const onlyAdded = codes.every((c) => counts.get(c) === (added.get(c) ?? 0));
  const scan = (m: ParsedRegistry) => m.entries.filter((e) => change.codes.has(e.code));
  return [
    { entries: onlyRemoved ? change.removed : scan(previous), sections: previous.sections },
    { entries: onlyAdded ? change.added : scan(next), sections: next.sections },
  ];
}

/** The revisions of one registry, judged in order, oldest first. */
export class HistoryJudge {
  private readonly counts = new CodeCounts();
  private readonly removed: RemovedCodes;
  private previous: ParsedRegistry | undefined;
  /** The commit `previous` was read from: the one before, unless that one could not be read. */
  private previousSha = '';

  constructor(private readonly rules: Config['rules']) {
    const isError = (rule: 'STATUS_CHANGED' | 'MEANING_CHANGED') => severityOf(rule, rules) === 'error';
    this.removed = new RemovedCodes({ status: isError('STATUS_CHANGED'), meaning: isError('MEANING_CHANGED') });
  }

  /** The revision judged last (the one the next is compared with). */
  get last(): ParsedRegistry | undefined {
    return this.previous;
  }

  /** A revision that cannot be read: a PARSE_ERROR at its commit; the next is compared with the one before. */
  unreadable(problem: ParseProblem, path: string, commit: CommitInfo): Finding {
    return { ...parseError(problem, path), commit };
  }

  /** A revision too large to read (not read at all): unreadable, as the parser says of such a file. */
  tooLarge(size: number, limit: number, path: string, commit: CommitInfo): Finding {
    return { ...tooLargeError(size, limit, path), commit };
  }

  /** The breaks `parsed` (made by `commit`, at `path`) brings against the revision judged before it. */
  step(parsed: ParsedRegistry, path: string, commit: CommitInfo): Finding[] {
    const previous = this.previous;
    const previousSha = this.previousSha;
    this.previous = parsed;
    this.previousSha = commit.sha;
    if (!previous) {
      this.counts.recount(parsed.entries);
      return [];
    }
    const [before, after] = changedModels(previous, parsed, this.counts);
    const found = [
      ...compare(before, after, { path }),
      ...this.removed.step(before, after, path, commit.sha, previousSha),
    ].sort(byPosition);
    // Breaks only (errors after `rules` overrides): the history's additions and notes are not news.
    return applySeverity(found, this.rules)
      .filter((f) => f.severity === 'error')
      .map((f) => ({ against: [`git:${previousSha.slice(0, 7)}`], ...f, commit }));
  }
}
