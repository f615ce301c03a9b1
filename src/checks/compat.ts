/**
 * Compatibility rules between two registry revisions. Each rule is a small pure function over a
 * shared, precomputed comparison context; `compare` runs them all.
 */
import type { EntryView, Finding, RegistryEntry, RegistryModel, RetiredCode } from '../model.js';
import { entryView } from '../model.js';
import type { RuleId } from './catalog.js';
import { byCode } from './by-code.js';
import { emitterOf, views, type Emitter } from './finding.js';
import { emitReintroduced } from './reintroduction.js';
import { DEFAULT_RENAME_SIMILARITY, findRenames } from './renames.js';
import { sameText } from './text.js';

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

function make(
  emit: Emitter,
  ctx: Context,
  code: string,
  line: number,
  message: string,
  before?: EntryView,
  after?: EntryView,
): Finding {
  return emit({ code, message, path: ctx.path, line, ...views(before, after) });
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

const emitRemoved = emitterOf('CODE_REMOVED');

const codeRemoved: CompatRule = (ctx) => {
  const out: Finding[] = [];
  for (const old of ctx.removed) {
    if (ctx.renames.has(old.code)) continue;
    out.push(
      make(
        emitRemoved,
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

const emitRenamed = emitterOf('CODE_RENAMED');

const codeRenamed: CompatRule = (ctx) =>
  [...ctx.renames].map(([oldCode, next]) => {
    const old = ctx.beforeByCode.get(oldCode)!;
    const f = make(
      emitRenamed,
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
  rule: RuleId,
  differs: (a: RegistryEntry, b: RegistryEntry) => boolean,
  message: (a: RegistryEntry, b: RegistryEntry) => string,
): CompatRule {
  const emit = emitterOf(rule);
  return (ctx) => {
    const out: Finding[] = [];
    for (const [old, next] of ctx.pairs) {
      if (differs(old, next))
        out.push(make(emit, ctx, next.code, next.line || 1, message(old, next), entryView(old), entryView(next)));
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

const emitAdded = emitterOf('CODE_ADDED');

const codeAdded: CompatRule = (ctx) => {
  const out: Finding[] = [];
  for (const next of ctx.added) {
    const code = next.code;
    if (ctx.renamedTo.has(code)) continue;
    out.push(
      make(
        emitAdded,
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
        emitReintroduced,
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

/** Compare two revisions. Findings are ordered by line, then rule, then code. */
export { DEFAULT_RENAME_SIMILARITY };

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
