// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
// The project lints itself with its own ESLint plugin. ESLint loads this file as JavaScript and the
// plugin is TypeScript, so it comes from the build: CI runs `npm run build` before `npm run lint`.
import errorRegistry from './dist/rules/index.js';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'test/fixtures/', '.bench-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Scripts and configs run on Node.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/**/*.ts', 'rules/**/*.ts', 'scripts/**'],
    ...errorRegistry.configs.recommended,
  },
  {
    // The rules compare `node.type` with string literals: the AST_NODE_TYPES enum is exported only by
    // the @typescript-eslint/utils entry that loads eslint at runtime, which the plugin must not do.
    files: ['rules/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-enum-comparison': 'off' },
  },
);
