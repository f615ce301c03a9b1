/**
 * RuleTester wired to vitest, and the two ways the rules are run: syntax only (no type
 * information, as most editors and CI setups without `projectService` run them) and type-aware,
 * against the small fixture project in test/fixtures/frontend (as typescript-eslint's own tests do).
 */
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const FRONTEND_FIXTURE = fileURLToPath(new URL('../fixtures/frontend/', import.meta.url));
export const V2_REGISTRY = fileURLToPath(new URL('../fixtures/v2-http-error-codes.md', import.meta.url));
export const DEPRECATED_REGISTRY = fileURLToPath(
  new URL('../fixtures/frontend/registry-with-deprecated.md', import.meta.url),
);

/** typescript-eslint's parser, no type information. */
export function syntaxTester(): RuleTester {
  return new RuleTester();
}

/** Type-aware: cases are linted as `file.ts` (or `react.tsx` with JSX) inside the fixture project. */
export function typedTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.ts*'], defaultProject: 'tsconfig.json' },
        tsconfigRootDir: FRONTEND_FIXTURE,
      },
    },
  });
}

/** Options for a TSX case. */
export const tsx = {
  filename: 'x.tsx',
  languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
} as const;
