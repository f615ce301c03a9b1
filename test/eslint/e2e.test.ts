/**
 * End to end: ESLint 10's Node API with the plugin's `configs.recommended`, as a frontend project
 * would use it, on the fixture frontend in test/fixtures/frontend (registry: the real v2 fixture).
 */
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import errorRegistry from '../../rules/index.js';
import { FRONTEND_FIXTURE } from './rule-tester.js';

const DETAIL = 'map by `code` instead.';
const REGISTRY = '../v2-http-error-codes.md';

async function lintFixture(typeAware: boolean) {
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: {
        parser: tseslint.parser,
        parserOptions: typeAware ? { projectService: true, tsconfigRootDir: FRONTEND_FIXTURE } : {},
      },
    },
    errorRegistry.configs.recommended,
    { settings: { 'error-registry': { registry: REGISTRY } } },
  ];
  const eslint = new ESLint({ cwd: FRONTEND_FIXTURE, overrideConfigFile: true, overrideConfig: config });
  const results = await eslint.lintFiles(['src']);
  return results
    .map((result) => ({
      file: path.relative(FRONTEND_FIXTURE, result.filePath).split(path.sep).join('/'),
      fatal: result.fatalErrorCount,
      messages: result.messages.map((m) => ({
        ruleId: m.ruleId,
        line: m.line,
        column: m.column,
        message: m.message,
        suggestions: m.suggestions?.map((s) => s.desc) ?? [],
      })),
    }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

const expected = [
  {
    file: 'src/api-errors.ts',
    fatal: 0,
    messages: [
      {
        ruleId: 'error-registry/no-detail-branching',
        line: 12,
        column: 7,
        message: `Comparing \`detail\` with fixed text breaks when the backend rewords the message: ${DETAIL}`,
        suggestions: [],
      },
      {
        ruleId: 'error-registry/known-code',
        line: 13,
        column: 24,
        message: `Error code 'AUTH_UNAUTHORISED' is not in the registry ${REGISTRY}: this branch never runs. Did you mean 'AUTH_UNAUTHORIZED'?`,
        suggestions: ["Replace with 'AUTH_UNAUTHORIZED'."],
      },
      {
        ruleId: 'error-registry/known-code',
        line: 18,
        column: 10,
        message: `Error code 'TOOL_REJECT' is not in the registry ${REGISTRY}: this branch never runs. Did you mean 'TOOL_REJECTED'?`,
        suggestions: ["Replace with 'TOOL_REJECTED'."],
      },
      {
        ruleId: 'error-registry/no-detail-branching',
        line: 23,
        column: 7,
        message: `Matching the text of \`detail\` breaks when the backend rewords the message: ${DETAIL}`,
        suggestions: [],
      },
    ],
  },
  // DOM events and display only.
  { file: 'src/events.ts', fatal: 0, messages: [] },
  // Plain JavaScript through ESLint's default parser.
  {
    file: 'src/legacy.js',
    fatal: 0,
    messages: [
      {
        ruleId: 'error-registry/no-detail-branching',
        line: 3,
        column: 7,
        message: `Comparing \`detail\` with fixed text breaks when the backend rewords the message: ${DETAIL}`,
        suggestions: [],
      },
    ],
  },
];

describe('the plugin in ESLint 10', () => {
  it('reports the fixture frontend without type information', async () => {
    expect(await lintFixture(false)).toEqual(expected);
  });

  it('reports the same with type information (projectService)', async () => {
    expect(await lintFixture(true)).toEqual(expected);
  });
});
