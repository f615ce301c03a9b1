/**
 * known-code's suggestions: the registered code a string most likely meant (a typo, or the same
 * code in another case, for UPPER_SNAKE_CASE and snake_case registries alike), and how it replaces
 * the string or table key in the source.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { closest, distance } from 'fastest-levenshtein';
import type { CodeLiteral } from './code-literals.js';

/** Suggestions by registry: the same typo in many files is looked up once. */
interface RegistryIndex {
  /** Codes in lower case (the first spelling of each). */
  names: string[];
  byFolded: Map<string, string>;
  nearest: Map<string, string | undefined>;
  /** True when the registry has codes of Node's `ERR_*` form itself. */
  errPrefix: boolean;
  /** known-code's verdicts on strings (could it be a code of this registry?), by code format. */
  candidates: Map<unknown, Map<string, boolean>>;
}

const suggestions = new WeakMap<ReadonlyMap<string, unknown>, RegistryIndex>();

export function registryIndex(codes: ReadonlyMap<string, unknown>): RegistryIndex {
  let known = suggestions.get(codes);
  if (!known) {
    const byFolded = new Map<string, string>();
    for (const code of codes.keys()) if (!byFolded.has(code.toLowerCase())) byFolded.set(code.toLowerCase(), code);
    const names = [...byFolded.keys()];
    known = {
      names,
      byFolded,
      nearest: new Map(),
      errPrefix: [...codes.keys()].some((c) => c.startsWith('ERR_')),
      candidates: new Map(),
    };
    suggestions.set(codes, known);
  }
  return known;
}

/** The registered code written in another case (`auth_expired` for `AUTH_EXPIRED`), if any. */
export function sameCodeOtherCase(code: string, codes: ReadonlyMap<string, unknown>): string | undefined {
  return registryIndex(codes).byFolded.get(code.toLowerCase());
}

/** The nearest registered code, whatever the case of either (upper or snake_case registries), when near enough to be the intended one. */
export function nearestCode(code: string, codes: ReadonlyMap<string, unknown>): string | undefined {
  const known = registryIndex(codes);
  if (known.nearest.has(code)) return known.nearest.get(code);
  const folded = code.toLowerCase();
  let result = known.byFolded.get(folded);
  if (result === undefined) {
    // Beyond a third of the length it is another word, not a typo: suggesting it would mislead.
    const within = Math.max(2, Math.floor(code.length / 3));
    // Names whose length differs by more cannot be that near: left out before any distance is
    // computed (the first reports of a run run cold, where each distance costs tens of µs).
    const near = known.names.filter((name) => Math.abs(name.length - folded.length) <= within);
    const best = near.length > 0 ? closest(folded, near) : undefined;
    if (best !== undefined && distance(folded, best) <= within) result = known.byFolded.get(best);
  }
  known.nearest.set(code, result);
  return result;
}

/** How a suggested code replaces `literal`: quoted as the literal is, or a bare key when it is a valid one. */
export function replacement(
  context: { sourceCode: { getText(node: TSESTree.Node): string } },
  literal: CodeLiteral,
  code: string,
): string {
  if (literal.type === 'Identifier') return /^[A-Za-z_$][\w$]*$/.test(code) ? code : `'${code}'`;
  const quote = literal.type === 'TemplateLiteral' ? '`' : context.sourceCode.getText(literal).charAt(0);
  return `${quote}${code}${quote}`;
}
