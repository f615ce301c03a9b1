/**
 * Rename detection for `compare`: a removed code and an added one with the same status and the same
 * or nearly the same meaning are one code renamed (CODE_RENAMED), not a removal and an addition.
 */
import type * as Levenshtein from 'fastest-levenshtein';
import { lazyRequire } from '../lazy-require.js';
import type { RegistryEntry } from '../model.js';
import { normaliseText } from './text.js';

export const DEFAULT_RENAME_SIMILARITY = 0.8;

/** Loaded on first use: only fuzzy rename matching needs it, and most runs have nothing to match. */
const levenshtein = lazyRequire<typeof Levenshtein>('fastest-levenshtein');

/** Similarity of two texts from 0 (nothing alike) to 1 (equal), by edit distance. */
export function similarity(a: string, b: string): number {
  const max = Math.max(a.length, b.length);
  return max === 0 ? 1 : 1 - levenshtein().distance(a, b) / max;
}

/** Above this many candidate pairs in one status, fuzzy rename matching is skipped (exact still runs). */
const MAX_FUZZY_PAIRS = 250_000;

/**
 * Pair removed and added codes that have the same status and the same or nearly the same meaning.
 * Exact meaning matches first (hash lookup), then the most similar pairs above the threshold.
 */
export function findRenames(
  removed: RegistryEntry[],
  added: RegistryEntry[],
  threshold: number,
): Map<string, RegistryEntry> {
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
