/**
 * POLICY_CHANGED: the change under review proposes another policy than the base's. The base's policy
 * judges the change; each weakening the change proposes is an error that needs an explicit, visible
 * acceptance (an allow entry for POLICY_CHANGED with a reason), each strengthening is info.
 */
import type { Config } from '../config/types.js';
import type { Finding, PolicyChange, Severity } from '../model.js';
import { RULES, SEVERITY_RANK, type RuleId } from './catalog.js';
import { emitterOf } from './finding.js';
import { severityOf } from './policy.js';

const emit = emitterOf('POLICY_CHANGED');

/** A registry of the base's config and where the change keeps it. */
export interface RegistryPairing {
  base: { path: string; snapshots: string };
  /** Undefined when the change's config no longer names it. */
  head?: { path: string; snapshots: string };
}

const LEVEL_RANK: Record<Severity | 'off', number> = { off: -1, ...SEVERITY_RANK };

/** The policy changes from `base` to `head`, at the head's config file (`configPath`, relative to the root). */
export function policyChanges(
  base: Config,
  head: Config,
  pairings: readonly RegistryPairing[],
  configPath: string,
): Finding[] {
  const out: Finding[] = [];
  const change = (policy: PolicyChange, weakens: boolean, message: string) =>
    out.push({
      ...emit({ message, path: configPath, line: 1, policy }),
      // Strengthening is news, not a risk: info, whatever the rule's level.
      ...(weakens ? {} : { severity: 'info' as const }),
    });
  for (const rule of RULES.keys() as IterableIterator<RuleId>) {
    const before = severityOf(rule, base.rules);
    const after = severityOf(rule, head.rules);
    if (before === after) continue;
    const weakens = LEVEL_RANK[after] < LEVEL_RANK[before];
    change(
      { setting: `rules.${rule}`, before, after },
      weakens,
      `${rule} ${weakens ? 'lowered' : 'raised'} from ${before} to ${after}${weakens ? '; the base policy still applies until this change is accepted' : ''}`,
    );
  }
  for (const { base: was, head: now } of pairings) {
    if (!now) {
      change(
        { setting: 'registries', before: was.path, after: '(none)' },
        true,
        `registry ${was.path} was dropped from the config; it is still checked at its base path`,
      );
      continue;
    }
    if (now.path !== was.path)
      change(
        { setting: `registry ${was.path}`, before: was.path, after: now.path },
        true,
        `registry path changed from ${was.path} to ${now.path}; it is compared with the base's ${was.path}`,
      );
    if (now.snapshots !== was.snapshots)
      change(
        { setting: `snapshots of ${was.path}`, before: was.snapshots, after: now.snapshots },
        true,
        `snapshot folder of ${was.path} changed from ${was.snapshots}/ to ${now.snapshots}/; the base's ledger still applies`,
      );
  }
  const known = new Set(pairings.flatMap((p) => (p.head ? [p.head.path] : [])));
  for (const added of head.registries.filter((r) => !known.has(r.path)))
    change(
      { setting: 'registries', before: '(none)', after: added.path },
      false,
      `registry ${added.path} is now guarded`,
    );
  // A generated file the base holds fresh that the change stops generating escapes GENERATED_STALE.
  const headTargets = new Set((head.generate ?? []).map((t) => t.path));
  const baseTargets = new Set((base.generate ?? []).map((t) => t.path));
  for (const gone of (base.generate ?? []).filter((t) => !headTargets.has(t.path)))
    change(
      { setting: 'generate', before: gone.path, after: '(none)' },
      true,
      `${gone.path} (${gone.language}, from ${gone.registry}) is no longer generated, so no longer checked against the registry`,
    );
  for (const added of (head.generate ?? []).filter((t) => !baseTargets.has(t.path)))
    change(
      { setting: 'generate', before: '(none)', after: added.path },
      false,
      `${added.path} (${added.language}) is now generated from ${added.registry}`,
    );
  if (base.codeFormat.name !== head.codeFormat.name)
    change(
      { setting: 'codeFormat', before: base.codeFormat.name, after: head.codeFormat.name },
      true,
      `codeFormat changed from ${base.codeFormat.name} to ${head.codeFormat.name}; the base's format still applies`,
    );
  // Sources: any change of what is scanned or how (a glob, a role, its code keys) is a weakening to review.
  const sourcesText = (config: Config) => JSON.stringify(config.sources ?? []);
  if (sourcesText(base) !== sourcesText(head))
    change(
      { setting: 'sources', before: sourcesText(base), after: sourcesText(head) },
      (base.sources ?? []).length > 0,
      `sources changed; the base's sources still decide what is scanned`,
    );
  if (base.baseBranch !== head.baseBranch)
    change(
      { setting: 'baseBranch', before: base.baseBranch, after: head.baseBranch },
      true,
      `baseBranch changed from ${base.baseBranch} to ${head.baseBranch}; the base's ${base.baseBranch} still decides the git base`,
    );
  return out;
}
