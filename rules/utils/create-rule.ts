/**
 * Rule factory shared by the plugin's rules. Imported from the `eslint-utils` subpath on purpose:
 * the package's main entry loads `eslint` itself at runtime, and the plugin must not.
 */
import { applyDefault, RuleCreator } from '@typescript-eslint/utils/eslint-utils';
import type { RuleContext, RuleListener, RuleModule } from '@typescript-eslint/utils/ts-eslint';
import { docsUrl } from '../../src/checks/catalog.js';

export interface PluginDocs {
  /** Turned on by `configs.recommended`. */
  recommended: boolean;
}

// The ESLint rules' pages sit in docs/rules beside the checker rules' (`known-code.md`).
const createNamedRule = RuleCreator<PluginDocs>(docsUrl);

type Definition<Options extends readonly unknown[], MessageIds extends string> = Parameters<
  typeof createNamedRule<Options, MessageIds>
>[0];

/**
 * RuleCreator, with the options merged once per distinct configuration instead of on every file:
 * its `applyDefault` deep-clones the defaults (structuredClone) for each file ESLint lints, which
 * was a measurable part of the rules' cost on a 2,000-file run. The merged options are read-only.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  definition: Definition<Options, MessageIds>,
): RuleModule<MessageIds, Options, PluginDocs, RuleListener> {
  const rule = createNamedRule<Options, MessageIds>(definition);
  const defaults = definition.meta.defaultOptions ?? definition.defaultOptions;
  const merged = new Map<string, Options>();
  // ESLint (10, and 9 since it knows `meta.defaultOptions`) merges them into each file's options: a rule
  // configured without options gets a new array holding the very default objects, every file. Those
  // are recognised by identity, without serialising them again. (Configured options are merged into
  // new objects for each file, and take the JSON key.)
  let forDefaults: Options | undefined;
  return {
    ...rule,
    create(context: Readonly<RuleContext<MessageIds, Options>>): RuleListener {
      const given = context.options;
      let options = forDefaults !== undefined && sameElements(given, defaults) ? forDefaults : undefined;
      if (!options) {
        const key = JSON.stringify(given);
        options = merged.get(key);
        if (!options) {
          options = applyDefault(defaults as Options, given) as Options;
          merged.set(key, options);
        }
        if (sameElements(given, defaults)) forDefaults = options;
      }
      return definition.create(context, options);
    },
  };
}

function sameElements(a: readonly unknown[], b: readonly unknown[] | undefined): boolean {
  if (b === undefined) return false;
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
