/**
 * The ESLint plugin: `import errorRegistry from 'error-registry-guard/eslint-plugin'`.
 * Flat config only (ESLint 9 and 10); works with and without type information.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { packageRoot } from '../src/package-root.js';
import knownCode from './known-code.js';
import noDetailBranching from './no-detail-branching.js';

/** The prefix `configs.recommended` registers the plugin under: `error-registry/known-code`. */
export const PLUGIN_NAMESPACE = 'error-registry';

// Read at runtime so a release cannot ship a plugin that reports a stale version (ESLint's cache keys on it).
const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { name: string; version: string };

const rules = {
  'no-detail-branching': noDetailBranching,
  'known-code': knownCode,
};

interface ErrorRegistryPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: { recommended: TSESLint.FlatConfig.Config };
}

const plugin: ErrorRegistryPlugin = {
  meta: { name: pkg.name, version: pkg.version, namespace: PLUGIN_NAMESPACE },
  rules,
  configs: {
    // Filled in below: the config refers to the plugin object itself.
    recommended: {},
  },
};

plugin.configs.recommended = {
  name: `${PLUGIN_NAMESPACE}/recommended`,
  plugins: { [PLUGIN_NAMESPACE]: plugin },
  rules: {
    [`${PLUGIN_NAMESPACE}/no-detail-branching`]: 'error',
    [`${PLUGIN_NAMESPACE}/known-code`]: 'error',
  },
};

export default plugin;
