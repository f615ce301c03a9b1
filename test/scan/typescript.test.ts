/** TypeScript and JavaScript: the shared table with no-detail-branching, and handling by code. */
import { describe, expect, it } from 'vitest';
import { extractTypeScript } from '../../src/scan/typescript.js';
import { extract, OPTIONS, uses } from './helpers.js';
import { SHARED_INVALID, SHARED_VALID } from './shared-ts-cases.js';

describe('TS/JS detail branching (the table no-detail-branching runs too)', () => {
  it.each(SHARED_VALID)('does not report %j', async (code) => {
    expect((await extract('typescript', code)).details).toEqual([]);
  });
  it.each(SHARED_INVALID)('reports $code', async ({ code, line, column }) => {
    expect((await extract('typescript', code)).details.map((d) => [d.line, d.column])).toEqual([[line, column]]);
  });
});

describe('TS/JS handling and raising', () => {
  it.each([
    ["if (err.code === 'AUTH_UNAUTHORIZED') logout();", ['handle AUTH_UNAUTHORIZED']],
    ["switch (problem.code) { case 'AUTH_A': case 'AUTH_B': break; }", ['handle AUTH_A', 'handle AUTH_B']],
    ["if (['AUTH_A', 'AUTH_B'].includes(err.code)) retry();", ['handle AUTH_A', 'handle AUTH_B']],
    [
      "const m = { AUTH_A: 'x', 'AUTH_B': 'y' };\nexport const f = (e) => m[e.code];",
      ['handle AUTH_A', 'handle AUTH_B'],
    ],
    ["export const f = (e) => messages[e.code];\nconst messages = { AUTH_A: 'x' };", ['handle AUTH_A']],
    ['/* error-registry: handles AUTH_X */ dispatch(err.code);', ['handle AUTH_X']],
    ["if (get(err, 'response.data.code') === 'AUTH_EXPIRED') logout();", ['handle AUTH_EXPIRED']],
    ["let code = e.code;\nif (!code) code = 'UNKNOWN';\nswitch (code) { case 'AUTH_A': break; }", ['handle AUTH_A']],
  ])('%j', async (code, expected) => {
    expect(await uses('typescript', code)).toEqual(expected);
  });

  it('takes raising only from producer sources', async () => {
    const code = "throw new ApiError('AUTH_A');\nres.status(401).json({ code: 'AUTH_B' });";
    expect(await uses('typescript', code, 'producer')).toEqual(['raise AUTH_A', 'raise AUTH_B']);
    expect(await uses('typescript', code, 'consumer')).toEqual([]);
  });

  it('reads TSX', async () => {
    const code = "export const E = ({ err }) => (err.detail === 'x' ? <b>{err.detail}</b> : null);";
    expect((await extract('typescript', code)).details).toHaveLength(1);
  });

  it('reads .ts files with the TypeScript grammar: generic arrows and <T> casts', async () => {
    const code = "const id = <T>(x: T): T => x;\nconst p = <Problem>body;\nif (p.detail === 'x') retry();";
    const found = await extractTypeScript(code, 'src/x.ts', 'consumer', OPTIONS);
    expect(found.details.map((d) => [d.line, d.column])).toEqual([[3, 5]]);
  });

  it('reads JSX in a .js file', async () => {
    const code = "export const E = ({ err }) => (err.detail === 'x' ? <b>{err.detail}</b> : null);";
    expect((await extractTypeScript(code, 'src/x.js', 'consumer', OPTIONS)).details).toHaveLength(1);
  });

  it('reads around a syntax error, as a reader of the rest of the file would', async () => {
    const code = "if (\nfunction f(err) {\n  if (err.code === 'AUTH_A') retry();\n}";
    expect(await uses('typescript', code)).toEqual(['handle AUTH_A']);
  });
});
