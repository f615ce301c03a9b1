/** Library API of error-registry-guard. The ESLint plugin lives at `error-registry-guard/eslint-plugin`. */
export { parse, DEFAULT_MAX_BYTES } from './parse/parse.js';
export { parseIncremental } from './parse/incremental.js';
export { inlineText } from './parse/inline.js';
export type { ParseOptions } from './parse/parse.js';
export { lint, CODE_FORMAT, CODE_MAX_LENGTH } from './checks/lint.js';
export { compare } from './checks/compat.js';
export { normaliseText } from './checks/text.js';
export { similarity, DEFAULT_RENAME_SIMILARITY } from './checks/renames.js';
export type { CompareOptions } from './checks/compat.js';
export { RULES, ruleInfo, docsUrl } from './checks/catalog.js';
export type { RuleInfo, RuleId } from './checks/catalog.js';
export { loadConfig, resolveRegistryPath } from './config/load.js';
export { DEFAULT_REGISTRY, CONFIG_FILE } from './config/types.js';
export type { Config, AllowEntry, RegistryConfig } from './config/types.js';
export type * from './model.js';
export { generateSource, LANGUAGES, DEFAULT_TYPE_NAME } from './generate/index.js';
export type { GenerateInput, GeneratedEntry, Language } from './generate/index.js';
