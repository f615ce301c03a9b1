/** The TS/JS table `scan` runs too (test/scan/shared-ts-cases.ts): the rule agrees with it, case by case. */
import { syntaxTester } from '../test/eslint/rule-tester.js';
import { SHARED_INVALID, SHARED_VALID } from '../test/scan/shared-ts-cases.js';
import rule from './no-detail-branching.js';

syntaxTester().run('no-detail-branching (shared with scan)', rule, {
  valid: SHARED_VALID,
  invalid: SHARED_INVALID.map(({ code, messageId, line, column }) => ({
    code,
    errors: [{ messageId, line, column, data: { property: 'detail' } }],
  })),
});
