/**
 * One table of TS/JS cases for both definitions of detail branching: `scan`'s TypeScript extractor
 * (test/scan/typescript.test.ts) and the ESLint rule `no-detail-branching`
 * (rules/no-detail-branching.shared.test.ts). Each invalid case says where both report, and the
 * rule's message id. The rule also follows the text through aliases and helpers (its own test has
 * those cases); this table is what the two must agree on.
 */
export interface SharedInvalid {
  code: string;
  messageId: 'comparison' | 'textMatch' | 'switchCase' | 'lookup';
  line: number;
  column: number;
}

export const SHARED_VALID: string[] = [
  'if (err.detail) show(err.detail);',
  'const message = err.detail ?? fallback;',
  "if (typeof err.detail === 'string') show(err.detail);",
  "if (err.detail !== '') show(err.detail);",
  'toast(err.detail);',
  'throw new Error(err.detail);',
  'const text = `Request failed: ${err.detail}`;',
  "const problem = { code: 'AUTH_UNAUTHORIZED', detail: 'Missing credentials' };",
  "err.detail = 'Rewritten';",
  'seen[err.detail] = true;',
  "expect(problem.detail).toBe('Missing credentials');",
  "expect(problem.detail === 'Missing credentials').toBe(true);",
  "if (err.details === 'x') retry();",
  "if (err.detailCode === 'x') retry();",
  'if (err.detail === previous.detail) return;',
  'if (err.detail.startsWith(prefix)) collapse();',
  "if (err.title === 'Not Found') showNotFound();",
  // Variables whose text may come from elsewhere: reassigned, or `let`.
  "let { detail } = body; detail = normalise(detail); if (detail === 'x') retry();",
  "let text = body.detail; text = normalise(text); if (text === 'x') retry();",
  "let text = body.detail; text += suffix; if (text === 'x') retry();",
  "if (get(err, 'response.data.code') === 'AUTH_EXPIRED') logout();",
  // An alias lives in its block: the same name elsewhere is another variable.
  "function f(err) { const d = err.detail; show(d); }\nfunction g(d) { if (d === 'x') retry(); }",
];

export const SHARED_INVALID: SharedInvalid[] = [
  {
    code: 'if (error.response.data.detail === "Username already registered") { showTaken(); }',
    messageId: 'comparison',
    line: 1,
    column: 5,
  },
  {
    code: 'switch (err.detail) {\n  case "Verification code has expired.":\n    resend();\n}',
    messageId: 'switchCase',
    line: 1,
    column: 9,
  },
  { code: 'if (/token/i.test(res.data.detail)) logout();', messageId: 'textMatch', line: 1, column: 19 },
  { code: 'toast(ERRORS_MESSAGES[error.response.data.detail]);', messageId: 'lookup', line: 1, column: 23 },
  {
    code: 'if (["Signature has expired."].includes(data.detail)) refresh();',
    messageId: 'lookup',
    line: 1,
    column: 41,
  },
  { code: "if (errors[0].detail === 'Wrong password') shake();", messageId: 'comparison', line: 1, column: 5 },
  { code: "if ('Wrong password' == err.detail) shake();", messageId: 'comparison', line: 1, column: 25 },
  { code: "if (err.detail !== 'Token expired') retry();", messageId: 'comparison', line: 1, column: 5 },
  { code: "if (err?.detail === 'Token expired') logout();", messageId: 'comparison', line: 1, column: 5 },
  { code: "if (err['detail'] === 'Token expired') logout();", messageId: 'comparison', line: 1, column: 5 },
  { code: "if (err?.detail?.includes('expired')) logout();", messageId: 'textMatch', line: 1, column: 5 },
  { code: 'if (err.detail === `Session expired`) logout();', messageId: 'comparison', line: 1, column: 5 },
  { code: "if (err.detail.startsWith('No files')) skip();", messageId: 'textMatch', line: 1, column: 5 },
  { code: "if (err.detail.endsWith('.')) trim();", messageId: 'textMatch', line: 1, column: 5 },
  { code: 'if (err.detail.match(/expired/)) logout();', messageId: 'textMatch', line: 1, column: 5 },
  // A class that keeps a problem's text is still deciding on it.
  { code: "if (this.detail === 'x') retry();", messageId: 'comparison', line: 1, column: 5 },
  {
    code: "const { detail } = body;\nif (detail === 'Duplicate content') skip();",
    messageId: 'comparison',
    line: 2,
    column: 5,
  },
  // Through a local alias, `const` or `let`.
  {
    code: "const text = err.response.data.detail;\nif (text === 'Duplicate content') skip();",
    messageId: 'comparison',
    line: 2,
    column: 5,
  },
  {
    code: "function f(err) {\n  let d = err.detail;\n  if (d.includes('quota')) wait();\n}",
    messageId: 'textMatch',
    line: 3,
    column: 7,
  },
  // Plain assignments, ternaries, fallbacks.
  {
    code: "let m;\ntry { load(); } catch (err) { m = err.detail; }\nif (m === 'Token expired') logout();",
    messageId: 'comparison',
    line: 3,
    column: 5,
  },
  {
    code: "const d = err.detail;\nconst t = typeof d === 'string' ? d : '';\nif (t.startsWith('Invalid')) highlight();",
    messageId: 'textMatch',
    line: 3,
    column: 5,
  },
  {
    code: "const message = (typeof err.detail === 'string' && err.detail) || err.message;\nif (message === 'Token expired') logout();",
    messageId: 'comparison',
    line: 2,
    column: 5,
  },
  // Path helpers (lodash, es-toolkit).
  {
    code: "if (get(err, 'response.data.detail') === 'Token expired') logout();",
    messageId: 'comparison',
    line: 1,
    column: 5,
  },
  {
    code: "if (_.get(err, ['response', 'data', 'detail'], '').includes('expired')) logout();",
    messageId: 'textMatch',
    line: 1,
    column: 5,
  },
];
