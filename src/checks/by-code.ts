/** Entries looked up by code, as both compare and the history's reintroduction check need them. */
import type { RegistryEntry } from '../model.js';

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
