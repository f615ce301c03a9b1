/**
 * RuleTester wired to vitest, and the two ways the rules are run: syntax only (no type
 * information, as most editors and CI setups without `projectService` run them) and type-aware,
 * against the small fixture project in test/fixtures/frontend (as typescript-eslint's own tests do).
 */
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const FRONTEND_FIXTURE = fileURLToPath(new URL('../fixtures/frontend/', import.meta.url));
export const V2_REGISTRY = fileURLToPath(new URL('../fixtures/v2-http-error-codes.md', import.meta.url));
export const DEPRECATED_REGISTRY = fileURLToPath(new URL('../fixtures/frontend/registry-with-deprecated.md', import.meta.url));

/**
 * A rule as RuleTester's types see it. @typescript-eslint/rule-tester 8.72 brings its own nested
 * @typescript-eslint/utils 8.72, whose classes (scope `Reference`, with private fields) are nominally
 * different types from the 8.73 the rules are built with: the same object, seen through the
 * tester's copy of the types. Not needed once both packages are on the same version.
 */
export function testable<MessageIds extends string, Options extends readonly unknown[]>(
  rule: TSESLint.RuleModule<MessageIds, Options>,
): Parameters<typeof RuleTester.prototype.run<MessageIds, Options>>[1] {
  return rule as unknown as Parameters<typeof RuleTester.prototype.run<MessageIds, Options>>[1];
}

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
