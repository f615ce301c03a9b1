/**
 * Rule factory shared by the plugin's rules. Imported from the `eslint-utils` subpath on purpose:
 * the package's main entry loads `eslint` itself at runtime, and the plugin must not.
 */
import { RuleCreator } from '@typescript-eslint/utils/eslint-utils';

export const DOCS_BASE_URL = 'https://github.com/error-registry-guard/error-registry-guard/blob/main/docs/rules/';

export interface PluginDocs {
  /** Turned on by `configs.recommended`. */
  recommended: boolean;
}

export const createRule = RuleCreator<PluginDocs>((name) => `${DOCS_BASE_URL}${name}.md`);
