/**
 * Compatibility rules between two registry revisions. Each rule is a small pure function over a
 * shared, precomputed comparison context; `compare` runs them all.
 */
import { createRequire } from 'node:module';
import type * as Levenshtein from 'fastest-levenshtein';
import type { EntryView, Finding, RegistryEntry, RegistrySection } from '../model.js';
import { entryView } from '../model.js';
import { ruleInfo } from './catalog.js';

/** The part of a registry a comparison needs: parsed files and snapshots both provide it. */
export interface RegistryModel {
  entries: readonly RegistryEntry[];
  sections?: readonly RegistrySection[];
}

export interface RetiredCode {
  code: string;
  /** Snapshot version that accepted the removal. */
  version: string;
  reason?: string;
}

export interface CompareOptions {
  /** Path reported on findings (the NEW side). */
  path?: string;
  /** Codes a snapshot retired: their return is CODE_REINTRODUCED, not CODE_ADDED. */
  retired?: ReadonlyMap<string, RetiredCode>;
  /** Minimum meaning similarity (0..1) for a removed and an added code to count as a rename. */
  renameSimilarity?: number;
  /** Pair removed and added codes as renames (default true). */
  detectRenames?: boolean;
}

export const DEFAULT_RENAME_SIMILARITY = 0.8;

/**
 * Cosmetic differences are never findings: whitespace, letter case, a trailing period. (Inline
 * formatting, backticks, CRLF and BOM are already gone from the model's plain text.)
 */
export function normaliseText(text: string): string {
  const folded = text.replace(/\s+/g, ' ').trim().toLowerCase();
  let end = folded.length;
  while (end > 0 && (folded[end - 1] === '.' || folded[end - 1] === ' ')) end--;
  return folded.slice(0, end);
}

/** Equal after normalising; the plain comparison first, since nearly all texts are unchanged. */
function sameText(a: string, b: string): boolean {
  return a === b || normaliseText(a) === normaliseText(b);
}

/** Similarity of two texts from 0 (nothing alike) to 1 (equal), by edit distance. */
export function similarity(a: string, b: string): number {
  const max = Math.max(a.length, b.length);
  return max === 0 ? 1 : 1 - levenshtein()(a, b) / max;
}

/** Loaded on first use: only fuzzy rename matching needs it, and most runs have nothing to match. */
let distance: typeof Levenshtein.distance | undefined;
function levenshtein(): typeof Levenshtein.distance {
  return (distance ??= (createRequire(import.meta.url)('fastest-levenshtein') as typeof Levenshtein).distance);
}

interface Context {
  before: RegistryModel;
  after: RegistryModel;
  beforeByCode: ReadonlyMap<string, RegistryEntry>;
  afterByCode: ReadonlyMap<string, RegistryEntry>;
  /** Codes on both sides whose entries are not the very same object (an incremental parse reuses unchanged ones). */
  pairs: [RegistryEntry, RegistryEntry][];
  /** Old code -> new entry, for removed/added pairs judged to be renames. */
  renames: Map<string, RegistryEntry>;
  renamedTo: Set<string>;
  retired: ReadonlyMap<string, RetiredCode>;
  path: string;
  /** Entries of codes only BEFORE has, and only AFTER has (less retired codes), in order. */
  removed: RegistryEntry[];
  added: RegistryEntry[];
  /** Table line of the first AFTER section of each name (see removalLine), built on first use. */
  tableLines?: Map<string, number>;
}

type CompatRule = (ctx: Context) => Finding[];

/** Index per entries array: in an audit each revision is compared twice (as after, then as before). */
const INDEX = new WeakMap<readonly RegistryEntry[], Map<string, RegistryEntry>>();

/** Below this many entries an index is quicker built again than looked up (audit compares a few changed rows a revision). */
const INDEX_MIN = 32;

/** Each code's first entry (indexed once per entries array from INDEX_MIN entries on). */
export function byCode(entries: readonly RegistryEntry[]): ReadonlyMap<string, RegistryEntry> {
  let map = entries.length < INDEX_MIN ? undefined : INDEX.get(entries);
  if (map) return map;
  map = new Map<string, RegistryEntry>();
  // The first definition wins; duplicates are the lint rule DUPLICATE_CODE's business.
  for (const entry of entries) if (!map.has(entry.code)) map.set(entry.code, entry);
  if (entries.length >= INDEX_MIN) INDEX.set(entries, map);
  return map;
}

function make(
  rule: string,
  ctx: Context,
  code: string,
  line: number,
  message: string,
  before?: EntryView,
  after?: EntryView,
): Finding {
  const f: Finding = { rule, severity: ruleInfo(rule).severity, code, message, path: ctx.path, line };
  if (before) f.before = before;
  if (after) f.after = after;
  return f;
}

/** Where a removed code would have been in NEW: its old section's table, else the top of the file. */
function removalLine(ctx: Context, old: RegistryEntry): number {
  if (!ctx.tableLines) {
    // The first section of a name, as a search from the top would find it.
    ctx.tableLines = new Map();
    for (const s of ctx.after.sections ?? []) if (!ctx.tableLines.has(s.name)) ctx.tableLines.set(s.name, s.tableLine);
  }
  return ctx.tableLines.get(old.section) ?? 1;
}

const codeRemoved: CompatRule = (ctx) => {
  const out: Finding[] = [];
  for (const old of ctx.removed) {
    if (ctx.renames.has(old.code)) continue;
    out.push(
      make(
        'CODE_REMOVED',
        ctx,
        old.code,
        removalLine(ctx, old),
        `${old.code} (${old.status ?? '?'}) was removed; clients that map it break`,
        entryView(old),
      ),
    );
  }
  return out;
};

const codeRenamed: CompatRule = (ctx) =>
  [...ctx.renames].map(([oldCode, next]) => {
    const old = ctx.beforeByCode.get(oldCode)!;
    const f = make(
      'CODE_RENAMED',
      ctx,
      oldCode,
      next.line || removalLine(ctx, old),
      `${oldCode} was renamed to ${next.code}; clients still map ${oldCode}`,
      entryView(old),
      entryView(next),
    );
    f.renamedTo = next.code;
    return f;
  });

/** Same code on both sides: one rule per field. */
function sameCodeRule(
  rule: string,
  differs: (a: RegistryEntry, b: RegistryEntry) => boolean,
  message: (a: RegistryEntry, b: RegistryEntry) => string,
): CompatRule {
  return (ctx) => {
    const out: Finding[] = [];
    for (const [old, next] of ctx.pairs) {
      if (differs(old, next))
        out.push(make(rule, ctx, next.code, next.line || 1, message(old, next), entryView(old), entryView(next)));
    }
    return out;
  };
}

const statusChanged = sameCodeRule(
  'STATUS_CHANGED',
  (a, b) => a.status !== b.status,
  (a, b) => `status changed from ${a.status ?? '?'} to ${b.status ?? '?'}`,
);

const meaningChanged = sameCodeRule(
  'MEANING_CHANGED',
  (a, b) => !sameText(a.meaning, b.meaning),
  () => 'meaning was reworded; confirm it keeps the semantics (allow it with a reason) or add a new code',
);

const handlingChanged = sameCodeRule(
  'HANDLING_CHANGED',
  (a, b) => !sameText(a.handling, b.handling),
  () => 'frontend handling changed; frontends may need to follow',
);

const codeMoved = sameCodeRule(
  'CODE_MOVED',
  (a, b) => !sameText(a.section, b.section),
  (a, b) => `moved from section "${a.section}" to "${b.section}"`,
);

const codeDeprecated = sameCodeRule(
  'CODE_DEPRECATED',
  (a, b) => !a.deprecated && b.deprecated,
  () => 'became deprecated; keep serving it until its removal is accepted',
);

const codeAdded: CompatRule = (ctx) => {
  const out: Finding[] = [];
  for (const next of ctx.added) {
    const code = next.code;
    if (ctx.renamedTo.has(code)) continue;
    out.push(
      make(
        'CODE_ADDED',
        ctx,
        code,
        next.line || 1,
        `${code} (${next.status ?? '?'}) was added`,
        undefined,
        entryView(next),
      ),
    );
  }
  return out;
};

const codeReintroduced: CompatRule = (ctx) => {
  const out: Finding[] = [];
  // Usually far fewer retired codes than entries: look each one up.
  for (const [code, retired] of ctx.retired) {
    const next = ctx.afterByCode.get(code);
    if (!next || ctx.beforeByCode.has(code)) continue;
    out.push(
      make(
        'CODE_REINTRODUCED',
        ctx,
        code,
        next.line || 1,
        `${code} was retired in snapshot ${retired.version} and must not come back; choose a new code`,
        undefined,
        entryView(next),
      ),
    );
  }
  return out;
};

export const COMPAT_RULES: readonly CompatRule[] = [
  codeRemoved,
  codeRenamed,
  statusChanged,
  meaningChanged,
  handlingChanged,
  codeMoved,
  codeDeprecated,
  codeAdded,
  codeReintroduced,
];

/** Above this many candidate pairs in one status, fuzzy rename matching is skipped (exact still runs). */
const MAX_FUZZY_PAIRS = 250_000;

/**
 * Pair removed and added codes that have the same status and the same or nearly the same meaning.
 * Exact meaning matches first (hash lookup), then the most similar pairs above the threshold.
 */
function findRenames(removed: RegistryEntry[], added: RegistryEntry[], threshold: number): Map<string, RegistryEntry> {
  const renames = new Map<string, RegistryEntry>();
  if (removed.length === 0 || added.length === 0) return renames;
  // Each meaning normalised once (not once per candidate pair).
  const normal = new Map<RegistryEntry, string>();
  for (const e of removed) normal.set(e, normaliseText(e.meaning));
  for (const e of added) normal.set(e, normaliseText(e.meaning));
  const key = (e: RegistryEntry) => `${e.status}\u0000${normal.get(e)!}`;
  const group = <K>(map: Map<K, RegistryEntry[]>, k: K, e: RegistryEntry) => {
    const list = map.get(k);
    if (list) list.push(e);
    else map.set(k, [e]);
  };
  const addedByKey = new Map<string, RegistryEntry[]>();
  for (const e of added) group(addedByKey, key(e), e);
  const used = new Set<string>();
  const rest: RegistryEntry[] = [];
  for (const old of removed) {
    const match = addedByKey.get(key(old))?.find((e) => !used.has(e.code));
    if (match && normal.get(old) !== '') {
      renames.set(old.code, match);
      used.add(match.code);
    } else rest.push(old);
  }
  const byStatus = new Map<number | null, RegistryEntry[]>();
  for (const e of added) if (!used.has(e.code)) group(byStatus, e.status, e);
  const candidates: { old: RegistryEntry; next: RegistryEntry; score: number }[] = [];
  const restByStatus = new Map<number | null, RegistryEntry[]>();
  for (const e of rest) group(restByStatus, e.status, e);
  for (const [status, olds] of restByStatus) {
    const nexts = byStatus.get(status) ?? [];
    if (olds.length * nexts.length > MAX_FUZZY_PAIRS) continue;
    for (const old of olds) {
      const a = normal.get(old)!;
      for (const next of nexts) {
        const b = normal.get(next)!;
        // Cheap bound first: the length difference alone caps the similarity.
        if (a === '' || b === '' || 1 - Math.abs(a.length - b.length) / Math.max(a.length, b.length) < threshold)
          continue;
        const score = similarity(a, b);
        if (score >= threshold) candidates.push({ old, next, score });
      }
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.old.code.localeCompare(y.old.code));
  for (const { old, next } of candidates) {
    if (renames.has(old.code) || used.has(next.code)) continue;
    renames.set(old.code, next);
    used.add(next.code);
  }
  return renames;
}

/** Compare two revisions. Findings are ordered by line, then rule, then code. */
export function compare(before: RegistryModel, after: RegistryModel, options: CompareOptions = {}): Finding[] {
  const beforeByCode = byCode(before.entries);
  const afterByCode = byCode(after.entries);
  const retired = options.retired ?? new Map<string, RetiredCode>();
  const removed: RegistryEntry[] = [];
  for (const e of beforeByCode.values()) if (!afterByCode.has(e.code)) removed.push(e);
  const added: RegistryEntry[] = [];
  const pairs: [RegistryEntry, RegistryEntry][] = [];
  for (const [code, next] of afterByCode) {
    const old = beforeByCode.get(code);
    if (!old) {
      if (!retired.has(code)) added.push(next);
    } else if (old !== next) {
      pairs.push([old, next]);
    }
  }
  const renames =
    options.detectRenames === false
      ? new Map<string, RegistryEntry>()
      : findRenames(removed, added, options.renameSimilarity ?? DEFAULT_RENAME_SIMILARITY);
  const ctx: Context = {
    pairs,
    before,
    after,
    beforeByCode,
    afterByCode,
    renames,
    renamedTo: new Set(Array.from(renames.values(), (e) => e.code)),
    retired,
    path: options.path ?? '',
    removed,
    added,
  };
  const findings: Finding[] = [];
  for (const rule of COMPAT_RULES) for (const f of rule(ctx)) findings.push(f);
  return findings.length < 2 ? findings : findings.sort(byPosition);
}

/** The order of compare's findings (within one file): by line, then rule, then code. */
export function byPosition(a: Finding, b: Finding): number {
  return a.line - b.line || a.rule.localeCompare(b.rule) || (a.code ?? '').localeCompare(b.code ?? '');
}
