/**
 * The ESLint plugin: `import errorRegistry from 'error-registry-guard/eslint-plugin'`.
 * Flat config only (ESLint 9 and 10); works with and without type information.
 */
import { packageManifest } from '../src/package.js';
import knownCode from './known-code.js';
import noDetailBranching from './no-detail-branching.js';

/** The prefix `configs.recommended` registers the plugin under: `error-registry/known-code`. */
export const PLUGIN_NAMESPACE = 'error-registry' as const;

/** Rule names, without the plugin prefix. */
export type RuleName = 'no-detail-branching' | 'known-code';

/**
 * The public types are plain shapes, like typescript-eslint's own `CompatiblePlugin`/`CompatibleConfig`:
 * ESLint's config types (`defineConfig`, `new ESLint({ overrideConfig })`) and typescript-eslint's
 * (`tseslint.config()`) disagree on rule modules and language options, and a plugin typed as either
 * side's `Plugin` is rejected by the other. Type aliases, not interfaces: assignability to the
 * `Record<string, ...>` those types use needs the implicit index signature only aliases have.
 */
export type CompatibleRule = {
  meta?: object;
  // `any[]` is what both ESLint's and typescript-eslint's visitor types accept: nothing narrower is assignable to both.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  create(context: unknown): { [selector: string]: ((...args: any[]) => void) | undefined };
};

export type RecommendedConfig = {
  name: string;
  plugins: { [PLUGIN_NAMESPACE]: ErrorRegistryPlugin };
  rules: { [rule in `${typeof PLUGIN_NAMESPACE}/${RuleName}`]: 'error' };
};

export type ErrorRegistryPlugin = {
  meta: { name: string; version: string; namespace: string };
  rules: { [rule in RuleName]: CompatibleRule };
  configs: { recommended: RecommendedConfig };
};

const ruleModules = {
  'no-detail-branching': noDetailBranching,
  'known-code': knownCode,
} satisfies { [rule in RuleName]: unknown };

// Same objects, seen through the compatible shape (typescript-eslint's rule types are stricter than it).
const rules = ruleModules as unknown as ErrorRegistryPlugin['rules'];

/** Each rule whose `meta.docs.recommended` is set, as an error: the rules report bugs, not style. */
const recommendedRules = Object.fromEntries(
  Object.entries(ruleModules)
    .filter(([, rule]) => rule.meta.docs?.recommended === true)
    .map(([name]) => [`${PLUGIN_NAMESPACE}/${name}`, 'error']),
) as RecommendedConfig['rules'];

const recommended = {
  name: `${PLUGIN_NAMESPACE}/recommended`,
  rules: recommendedRules,
} as RecommendedConfig; // `plugins` is set below: the config refers to the plugin object itself.

const { name, version } = packageManifest();
const plugin: ErrorRegistryPlugin = {
  meta: { name, version, namespace: PLUGIN_NAMESPACE },
  rules,
  configs: { recommended },
};
recommended.plugins = { [PLUGIN_NAMESPACE]: plugin };

export default plugin;
