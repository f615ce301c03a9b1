import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEPRECATED_REGISTRY,
  FRONTEND_FIXTURE,
  V2_REGISTRY,
  syntaxTester,
  tsx,
  typedTester,
} from '../test/eslint/rule-tester.js';
import plugin from './index.js';
import rule, { type MessageIds, type Options } from './known-code.js';
import { RECHECK_MS } from './utils/registry.js';

type Valid = string | ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const v2: Options = [{ registry: V2_REGISTRY }];
const deprecated: Options = [{ registry: DEPRECATED_REGISTRY }];
/** How the reports name the registry: RuleTester lints with the working directory as ESLint's cwd. */
const V2_SHOWN = path.relative(process.cwd(), V2_REGISTRY).split(path.sep).join('/');
const NOT_A_REGISTRY = 'test/fixtures/frontend/not-a-registry.md';
const SNAKE_REGISTRY = 'test/fixtures/frontend/snake-case-registry.md';
const SNAKE_SHOWN = SNAKE_REGISTRY;
const ERR_REGISTRY = 'test/fixtures/frontend/err-prefix-registry.md';
const ERR_SHOWN = ERR_REGISTRY;
const DEPRECATED_SHOWN = path.relative(process.cwd(), DEPRECATED_REGISTRY).split(path.sep).join('/');

/** An unknown code, with the suggested replacement (the whole fixed source) when there is one. */
function unknown(
  code: string,
  column: number,
  fixed?: { code: string; output: string },
  line = 1,
  registry = V2_SHOWN,
) {
  return {
    messageId: 'unknownCode' as const,
    line,
    column,
    data: { code, registry, hint: fixed ? ` Did you mean '${fixed.code}'?` : '' },
    suggestions: fixed
      ? [{ messageId: 'replaceWithCode' as const, data: { code: fixed.code }, output: fixed.output }]
      : [],
  };
}

const valid: Valid[] = [
  // Registered codes, every comparison shape.
  { code: "if (err.code === 'AUTH_UNAUTHORIZED') logout();", options: v2 },
  { code: "if ('TOOL_PENDING_APPROVAL' !== problem?.code) return;", options: v2 },
  {
    code: "switch (err.code) { case 'TOOL_PENDING_APPROVAL': ask(); break; case 'TOOL_REJECTED': stop(); }",
    options: v2,
  },
  { code: "if (['AUTH_UNAUTHORIZED', 'AUTH_REFRESH_TOKEN_INVALID'].includes(err.code)) logout();", options: v2 },
  { code: "const { code } = problem; if (code === 'POINTS_INSUFFICIENT_BALANCE') recharge();", options: v2 },
  // Not compared with a string literal.
  { code: 'if (err.code === 404) notFound();', options: v2 },
  { code: 'if (err.code === expected) retry();', options: v2 },
  { code: "const label = labels[err.code] ?? 'Unknown';", options: v2 },
  { code: 'toast(`Error ${err.code}`);', options: v2 },
  // A list that is never compared with a code is not checked.
  { code: "const TABS = ['specs', 'reviews'];\nif (TABS.includes(tab)) open(tab);", options: v2 },
  // Other members and names.
  { code: "if (err.status === 'AUTH_UNAUTHORISED') logout();", options: v2 },
  { code: "if (err.codes === 'AUTH_UNAUTHORISED') logout();", options: v2 },
  {
    code: "if (err.errorCode === 'AUTH_UNAUTHORIZED') logout();",
    options: [{ registry: V2_REGISTRY, properties: ['errorCode'] }],
  },
  // Keyboard events have a `code` too: the physical key.
  { code: "const onKey = (event: KeyboardEvent) => { if (event.code === 'Enter') submit(); };", options: v2 },
  { code: "const onKey = (e: React.KeyboardEvent<HTMLInputElement>) => e.code === 'Escape' && close();", options: v2 },
  // Also when the type's name is spelled with an escape, and `Event` is nowhere in the file's text.
  { code: "const onKey = (event: Keyboard\\u0045vent) => { if (event.code === 'Entr') submit(); };", options: v2 },
  // Other namespaces' codes compared with a `.code` (issue #16): keys, Node errno and Node's own
  // codes, axios's, a currency list; without types, by what the string can be.
  { code: "if (e.code === 'Enter') submit();", options: v2 },
  { code: "el.addEventListener('keydown', (e) => { if (e.code === 'ArrowDown') next(); });", options: v2 },
  { code: "if (err.code === 'ENOENT') create();", options: v2 },
  { code: "if (error.code === 'ERR_MODULE_NOT_FOUND') fallback();", options: v2 },
  { code: "if (err.code === 'ERR_NETWORK') offline();\nif (err.code === 'ERR_CANCELED') return;", options: v2 },
  { code: "if (['ECONNABORTED', 'ETIMEDOUT'].includes(error.code)) retry();", options: v2 },
  { code: "const i = ['usd', 'eur', 'gbp'].indexOf(a.code);", options: v2 },
  // Annotated as another namespace's error.
  { code: "function retryable(err: AxiosError) { return err.code === 'GATEWAY_TIMEOUT'; }", options: v2 },
  { code: "function missing(err: NodeJS.ErrnoException) { return err.code === 'NOT_THERE'; }", options: v2 },
  // Lookup tables whose keys are registered, or cannot be codes; tables written into.
  {
    code: "const MESSAGES: Record<string, string> = { AUTH_UNAUTHORIZED: 'Sign in again' };\ntoast(MESSAGES[err.code]);",
    options: v2,
  },
  { code: "const SYMBOLS = { usd: '$', eur: '€' };\nshow(SYMBOLS[price.code]);", options: v2 },
  { code: 'const seen = { NOT_A_CODE: 1 };\nseen[err.code] = 2;', options: v2 },
  // A snake_case registry: its codes, and strings of another format.
  {
    code: "if (err.code === 'reconnect_required') reconnect();",
    options: [{ registry: SNAKE_REGISTRY, codeFormat: 'snake_case' }],
  },
  { code: "if (e.code === 'Enter') submit();", options: [{ registry: SNAKE_REGISTRY, codeFormat: 'snake_case' }] },
  {
    code: "if (err.code === 'card_declined') askForCard();",
    settings: { 'error-registry': { registry: SNAKE_REGISTRY, codeFormat: 'snake_case' } },
  },
  // A pattern format: strings that do not match it are not codes.
  {
    code: "if (err.code === 'AUTH_SOMETHING') x();",
    options: [{ registry: V2_REGISTRY, codeFormat: { pattern: 'E[0-9]{4}' } }],
  },
  // No comparison, no registry read: a missing registry is not reported.
  { code: 'toast(err.code);', options: [{ registry: 'does/not/exist.md' }] },
  { code: "const problem = { code: 'WHATEVER' };", options: [{ registry: 'does/not/exist.md' }] },
  // The registry path from the shared settings, relative to ESLint's working directory.
  {
    code: "if (err.code === 'AUTH_UNAUTHORIZED') logout();",
    settings: { 'error-registry': { registry: V2_SHOWN } },
  },
  // TSX.
  { code: "const Badge = () => (err.code === 'TOOL_PENDING_APPROVAL' ? <Approve /> : null);", options: v2, ...tsx },
];

const invalid: Invalid[] = [
  // A typo: the suggestion keeps the literal's quote style.
  {
    code: "if (err.code === 'AUTH_UNAUTHORISED') logout();",
    options: v2,
    errors: [
      unknown('AUTH_UNAUTHORISED', 18, {
        code: 'AUTH_UNAUTHORIZED',
        output: "if (err.code === 'AUTH_UNAUTHORIZED') logout();",
      }),
    ],
  },
  {
    code: 'if (err?.code !== "TOOL_PENDING_APROVAL") return;',
    options: v2,
    errors: [
      unknown('TOOL_PENDING_APROVAL', 19, {
        code: 'TOOL_PENDING_APPROVAL',
        output: 'if (err?.code !== "TOOL_PENDING_APPROVAL") return;',
      }),
    ],
  },
  {
    code: 'if (err.code === `AUTH_USER_NOTFOUND`) notFound();',
    options: v2,
    errors: [
      unknown('AUTH_USER_NOTFOUND', 18, {
        code: 'AUTH_USER_NOT_FOUND',
        output: 'if (err.code === `AUTH_USER_NOT_FOUND`) notFound();',
      }),
    ],
  },
  // Wrong case: the registered spelling is suggested.
  {
    code: "if ('auth_unauthorized' == err.code) logout();",
    options: v2,
    errors: [
      unknown('auth_unauthorized', 5, {
        code: 'AUTH_UNAUTHORIZED',
        output: "if ('AUTH_UNAUTHORIZED' == err.code) logout();",
      }),
    ],
  },
  // Nothing near: reported without a suggestion.
  { code: "if (err.code === 'PAYMENT_REQUIRED') recharge();", options: v2, errors: [unknown('PAYMENT_REQUIRED', 18)] },
  // switch: only the unknown case.
  {
    code: "switch (err.code) {\n  case 'TOOL_PENDING_APPROVAL': ask(); break;\n  case 'TOOL_REJECT': stop(); break;\n}",
    options: v2,
    errors: [
      unknown(
        'TOOL_REJECT',
        8,
        {
          code: 'TOOL_REJECTED',
          output:
            "switch (err.code) {\n  case 'TOOL_PENDING_APPROVAL': ask(); break;\n  case 'TOOL_REJECTED': stop(); break;\n}",
        },
        3,
      ),
    ],
  },
  // Member tests.
  {
    code: "if (['AUTH_UNAUTHORIZED', 'AUTH_REFRESH_TOKEN_EXPIRED'].includes(err.code)) logout();",
    options: v2,
    errors: [
      unknown('AUTH_REFRESH_TOKEN_EXPIRED', 27, {
        code: 'AUTH_REFRESH_TOKEN_INVALID',
        output: "if (['AUTH_UNAUTHORIZED', 'AUTH_REFRESH_TOKEN_INVALID'].includes(err.code)) logout();",
      }),
    ],
  },
  {
    code: "if (new Set(['AGENT_FORBIDEN']).has(problem.code)) deny();",
    options: v2,
    errors: [
      unknown('AGENT_FORBIDEN', 14, {
        code: 'AGENT_FORBIDDEN',
        output: "if (new Set(['AGENT_FORBIDDEN']).has(problem.code)) deny();",
      }),
    ],
  },
  // A list constant: its typo is reported once, at the list, however often it is used.
  {
    code: "const RETRYABLE = ['AGENT_ASR_UNAVAILABLE', 'AGENT_ASR_UNAVAILABEL'];\nif (RETRYABLE.includes(err.code)) retry();\nif (RETRYABLE.indexOf(other.code) >= 0) retry();",
    options: v2,
    errors: [
      unknown('AGENT_ASR_UNAVAILABEL', 45, {
        code: 'AGENT_ASR_UNAVAILABLE',
        output:
          "const RETRYABLE = ['AGENT_ASR_UNAVAILABLE', 'AGENT_ASR_UNAVAILABLE'];\nif (RETRYABLE.includes(err.code)) retry();\nif (RETRYABLE.indexOf(other.code) >= 0) retry();",
      }),
    ],
  },
  {
    code: "const STOP = new Set(['TOOL_REJECTED', 'TOOL_REJECT']);\nif (STOP.has(err.code)) stop();",
    options: v2,
    errors: [
      unknown('TOOL_REJECT', 40, {
        code: 'TOOL_REJECTED',
        output: "const STOP = new Set(['TOOL_REJECTED', 'TOOL_REJECTED']);\nif (STOP.has(err.code)) stop();",
      }),
    ],
  },
  // Through destructuring and aliases, with optional chaining and computed access.
  {
    code: "const { code } = err.body;\nif (code === 'PROFILE_NOT_FOUN') bootstrap();",
    options: v2,
    errors: [
      unknown(
        'PROFILE_NOT_FOUN',
        14,
        {
          code: 'PROFILE_NOT_FOUND',
          output: "const { code } = err.body;\nif (code === 'PROFILE_NOT_FOUND') bootstrap();",
        },
        2,
      ),
    ],
  },
  {
    code: "const handle = ({ code: c }) => c === 'AGENT_SESION_NOT_FOUND';",
    options: v2,
    errors: [
      unknown('AGENT_SESION_NOT_FOUND', 39, {
        code: 'AGENT_SESSION_NOT_FOUND',
        output: "const handle = ({ code: c }) => c === 'AGENT_SESSION_NOT_FOUND';",
      }),
    ],
  },
  {
    code: "const c = err.response?.data?.['code'];\nif (c === 'INTERNAL_EROR') report();",
    options: v2,
    errors: [
      unknown(
        'INTERNAL_EROR',
        11,
        {
          code: 'INTERNAL_ERROR',
          output: "const c = err.response?.data?.['code'];\nif (c === 'INTERNAL_ERROR') report();",
        },
        2,
      ),
    ],
  },
  // A nested problem document under `detail` is still a code comparison.
  {
    code: "if (data.detail?.code === 'AUTH_UNAUTHORISED') logout();",
    options: v2,
    errors: [
      unknown('AUTH_UNAUTHORISED', 27, {
        code: 'AUTH_UNAUTHORIZED',
        output: "if (data.detail?.code === 'AUTH_UNAUTHORIZED') logout();",
      }),
    ],
  },
  // A name the file spells only with escapes is the same name (the file's text never holds `code`).
  {
    code: "if (err.\\u0063ode === 'AUTH_UNAUTHORISED') logout();",
    options: v2,
    errors: [
      unknown('AUTH_UNAUTHORISED', 23, {
        code: 'AUTH_UNAUTHORIZED',
        output: "if (err.\\u0063ode === 'AUTH_UNAUTHORIZED') logout();",
      }),
    ],
  },
  {
    code: "if (err['\\x63ode'] === 'AUTH_UNAUTHORISED') logout();",
    options: v2,
    errors: [
      unknown('AUTH_UNAUTHORISED', 24, {
        code: 'AUTH_UNAUTHORIZED',
        output: "if (err['\\x63ode'] === 'AUTH_UNAUTHORIZED') logout();",
      }),
    ],
  },
  {
    code: "if (err['co\\\nde'] === 'AUTH_UNAUTHORISED') logout();",
    options: v2,
    errors: [
      unknown(
        'AUTH_UNAUTHORISED',
        10,
        { code: 'AUTH_UNAUTHORIZED', output: "if (err['co\\\nde'] === 'AUTH_UNAUTHORIZED') logout();" },
        2,
      ),
    ],
  },
  {
    code: "const { \\u0063ode } = err;\nif (\\u0063ode === 'AUTH_UNAUTHORISED') logout();",
    options: v2,
    errors: [
      unknown(
        'AUTH_UNAUTHORISED',
        19,
        {
          code: 'AUTH_UNAUTHORIZED',
          output: "const { \\u0063ode } = err;\nif (\\u0063ode === 'AUTH_UNAUTHORIZED') logout();",
        },
        2,
      ),
    ],
  },
  {
    code: "if (err.error\\u0043ode === 'AUTH_UNAUTHORISED') logout();",
    options: [{ registry: V2_REGISTRY, properties: ['errorCode'] }],
    errors: [
      unknown('AUTH_UNAUTHORISED', 28, {
        code: 'AUTH_UNAUTHORIZED',
        output: "if (err.error\\u0043ode === 'AUTH_UNAUTHORIZED') logout();",
      }),
    ],
  },
  // Other member names.
  {
    code: "if (err.errorCode === 'AUTH_UNAUTHORISED') logout();",
    options: [{ registry: V2_REGISTRY, properties: ['errorCode'] }],
    errors: [
      unknown('AUTH_UNAUTHORISED', 23, {
        code: 'AUTH_UNAUTHORIZED',
        output: "if (err.errorCode === 'AUTH_UNAUTHORIZED') logout();",
      }),
    ],
  },
  // Deprecated codes: struck through, or a `deprecated` column.
  {
    code: "if (err.code === 'AUTH_TOKEN_EXPIRED') logout();",
    options: deprecated,
    errors: [
      {
        messageId: 'deprecatedCode',
        line: 1,
        column: 18,
        data: { code: 'AUTH_TOKEN_EXPIRED', registry: DEPRECATED_SHOWN, line: 8 },
      },
    ],
  },
  {
    code: "switch (err.code) { case 'TOOL_DENIED': case 'TOOL_REJECTED': stop(); }",
    options: deprecated,
    errors: [
      {
        messageId: 'deprecatedCode',
        line: 1,
        column: 26,
        data: { code: 'TOOL_DENIED', registry: DEPRECATED_SHOWN, line: 15 },
      },
    ],
  },
  // The registry from the shared settings.
  {
    code: "if (err.code === 'AUTH_UNAUTHORISED') logout();",
    settings: { 'error-registry': { registry: V2_SHOWN } },
    errors: [
      unknown('AUTH_UNAUTHORISED', 18, {
        code: 'AUTH_UNAUTHORIZED',
        output: "if (err.code === 'AUTH_UNAUTHORIZED') logout();",
      }),
    ],
  },
  // An unusable registry: one report per file, at its start, however many comparisons.
  {
    code: "\n\nif (err.code === 'A') a();\nif (err.code === 'B') b();",
    options: [{ registry: 'does/not/exist.md' }],
    errors: [
      {
        messageId: 'registryUnavailable',
        line: 1,
        column: 1,
        data: { registry: 'does/not/exist.md', reason: 'does not exist', settingsKey: 'error-registry' },
      },
    ],
  },
  {
    code: "if (err.code === 'A') a();",
    options: [{ registry: NOT_A_REGISTRY }],
    errors: [
      {
        messageId: 'registryUnavailable',
        line: 1,
        column: 1,
        data: {
          registry: NOT_A_REGISTRY,
          reason:
            'has no error codes (line 1: no registry table found: expected a markdown table whose header has a `code` column)',
          settingsKey: 'error-registry',
        },
      },
    ],
  },
  // Lookup tables keyed by code (issue #16): object keys, string keys, maps, `in`, inline tables.
  {
    code: "const MESSAGES: Record<string, string> = { AUTH_USR_NOT_FOUND: 'No such user' };\ntoast(MESSAGES[err.code]);",
    options: v2,
    errors: [
      unknown('AUTH_USR_NOT_FOUND', 44, {
        code: 'AUTH_USER_NOT_FOUND',
        output:
          "const MESSAGES: Record<string, string> = { AUTH_USER_NOT_FOUND: 'No such user' };\ntoast(MESSAGES[err.code]);",
      }),
    ],
  },
  {
    code: "const LABELS = { 'PROFILE_NOT_FOUN': 'Create a profile' } as const;\nshow(LABELS[problem.code]);",
    options: v2,
    errors: [
      unknown('PROFILE_NOT_FOUN', 18, {
        code: 'PROFILE_NOT_FOUND',
        output: "const LABELS = { 'PROFILE_NOT_FOUND': 'Create a profile' } as const;\nshow(LABELS[problem.code]);",
      }),
    ],
  },
  {
    code: "const HANDLERS = new Map([['AUTH_UNAUTHORISED', logout]]);\nHANDLERS.get(err.code)?.();",
    options: v2,
    errors: [
      unknown('AUTH_UNAUTHORISED', 28, {
        code: 'AUTH_UNAUTHORIZED',
        output: "const HANDLERS = new Map([['AUTH_UNAUTHORIZED', logout]]);\nHANDLERS.get(err.code)?.();",
      }),
    ],
  },
  {
    code: "const rawCode = err.code;\nconst text = { TOOL_REJECT: 'Rejected' }[rawCode];",
    options: v2,
    errors: [
      unknown(
        'TOOL_REJECT',
        16,
        {
          code: 'TOOL_REJECTED',
          output: "const rawCode = err.code;\nconst text = { TOOL_REJECTED: 'Rejected' }[rawCode];",
        },
        2,
      ),
    ],
  },
  {
    code: 'const RETRY = { AGENT_ASR_UNAVAILABEL: true };\nif (err.code in RETRY) retry();',
    options: v2,
    errors: [
      unknown('AGENT_ASR_UNAVAILABEL', 17, {
        code: 'AGENT_ASR_UNAVAILABLE',
        output: 'const RETRY = { AGENT_ASR_UNAVAILABLE: true };\nif (err.code in RETRY) retry();',
      }),
    ],
  },
  // Followed like the detail: helpers that return the code, parameters that receive it, path helpers.
  {
    code: "const codeOf = (e) => e.response?.data?.code;\nif (codeOf(err) === 'AUTH_UNAUTHORISED') logout();",
    options: v2,
    errors: [
      unknown(
        'AUTH_UNAUTHORISED',
        21,
        {
          code: 'AUTH_UNAUTHORIZED',
          output: "const codeOf = (e) => e.response?.data?.code;\nif (codeOf(err) === 'AUTH_UNAUTHORIZED') logout();",
        },
        2,
      ),
    ],
  },
  {
    code: "function handle(code) { switch (code) { case 'TOOL_REJECT': stop(); } }\nhandle(err.code);",
    options: v2,
    errors: [
      unknown('TOOL_REJECT', 46, {
        code: 'TOOL_REJECTED',
        output: "function handle(code) { switch (code) { case 'TOOL_REJECTED': stop(); } }\nhandle(err.code);",
      }),
    ],
  },
  {
    code: "let code = err.code;\nif (code === 'AUTH_UNAUTHORISED') logout();",
    options: v2,
    errors: [
      unknown(
        'AUTH_UNAUTHORISED',
        14,
        { code: 'AUTH_UNAUTHORIZED', output: "let code = err.code;\nif (code === 'AUTH_UNAUTHORIZED') logout();" },
        2,
      ),
    ],
  },
  {
    code: "if (get(err, 'response.data.code') === 'AUTH_UNAUTHORISED') logout();",
    options: v2,
    errors: [
      unknown('AUTH_UNAUTHORISED', 40, {
        code: 'AUTH_UNAUTHORIZED',
        output: "if (get(err, 'response.data.code') === 'AUTH_UNAUTHORIZED') logout();",
      }),
    ],
  },
  // Another namespace's code is still checked when the registry lists codes of that form.
  {
    code: "if (err.code === 'ERR_NETWORK_DOWN') offline();",
    options: [{ registry: ERR_REGISTRY }],
    errors: [
      unknown(
        'ERR_NETWORK_DOWN',
        18,
        { code: 'ERR_NETWORK_DOWNED', output: "if (err.code === 'ERR_NETWORK_DOWNED') offline();" },
        1,
        ERR_SHOWN,
      ),
    ],
  },
  // A snake_case registry: typos are suggested in its case.
  {
    code: "if (err.code === 'reconect_required') reconnect();",
    options: [{ registry: SNAKE_REGISTRY, codeFormat: 'snake_case' }],
    errors: [
      unknown(
        'reconect_required',
        18,
        { code: 'reconnect_required', output: "if (err.code === 'reconnect_required') reconnect();" },
        1,
        SNAKE_SHOWN,
      ),
    ],
  },
  {
    code: "if (err.code === 'CARD_DECLINED') askForCard();",
    options: [{ registry: SNAKE_REGISTRY, codeFormat: 'snake_case' }],
    errors: [
      unknown(
        'CARD_DECLINED',
        18,
        { code: 'card_declined', output: "if (err.code === 'card_declined') askForCard();" },
        1,
        SNAKE_SHOWN,
      ),
    ],
  },
  // TSX.
  {
    code: "const Badge = () => (err.code === 'TOOL_PENDING' ? <Approve /> : null);",
    options: v2,
    ...tsx,
    errors: [unknown('TOOL_PENDING', 35)],
  },
];

describe('known-code without type information', () => {
  syntaxTester().run('known-code', rule, { valid, invalid });
});

describe('known-code with type information', () => {
  typedTester().run('known-code', rule, {
    valid: [
      // A contextually typed keyboard event: only the type says it is one.
      {
        code: "document.addEventListener('keydown', (e) => { if (e.code === 'Enter') e.preventDefault(); });",
        options: v2,
      },
      // Other namespaces by type (issue #16), even where the string has the registry's format.
      { code: "declare const e: KeyboardEvent;\nif (e.code === 'NUMPAD_ENTER') e.preventDefault();", options: v2 },
      {
        code: "interface AxiosError<T = unknown> extends Error { code?: string; response?: T }\ndeclare const err: AxiosError;\nif (err.code === 'GATEWAY_TIMEOUT') err.message.trim();",
        options: v2,
      },
      {
        code: "declare namespace NodeJS { interface ErrnoException extends Error { code?: string } }\ndeclare const err: NodeJS.ErrnoException;\nif (err.code === 'NOT_THERE') err.message.trim();",
        options: v2,
      },
      // A frontend's own derived codes, typed as a literal union that is not the registry's.
      {
        code: "type UploadCode = 'UPLOAD_TOO_LARGE' | 'UPLOAD_EMPTY';\ndeclare const state: { code: UploadCode };\nif (state.code === 'UPLOAD_TOO_LARGE') state.code.trim();",
        options: v2,
      },
      // Not text.
      { code: 'declare const ws: { code: number };\nif (ws.code === 1000) ws.code.toFixed();', options: v2 },
    ],
    invalid: [
      // A literal union that holds registry codes is the registry's: its typo is reported.
      {
        code: "declare const p: { code: 'AUTH_UNAUTHORIZED' | 'AUTH_UNAUTHORISED' };\nif (p.code === 'AUTH_UNAUTHORISED') p.code.trim();",
        options: v2,
        errors: [
          unknown(
            'AUTH_UNAUTHORISED',
            16,
            {
              code: 'AUTH_UNAUTHORIZED',
              output:
                "declare const p: { code: 'AUTH_UNAUTHORIZED' | 'AUTH_UNAUTHORISED' };\nif (p.code === 'AUTH_UNAUTHORIZED') p.code.trim();",
            },
            2,
            path.relative(FRONTEND_FIXTURE, V2_REGISTRY),
          ),
        ],
      },
      {
        code: "interface Problem { code: string }\ndeclare const p: Problem;\nif (p.code === 'AUTH_UNAUTHORISED') p.code.trim();",
        options: v2,
        errors: [
          unknown(
            'AUTH_UNAUTHORISED',
            16,
            {
              code: 'AUTH_UNAUTHORIZED',
              output:
                "interface Problem { code: string }\ndeclare const p: Problem;\nif (p.code === 'AUTH_UNAUTHORIZED') p.code.trim();",
            },
            3,
            // The type-aware tester lints with the fixture project as ESLint's working directory.
            path.relative(FRONTEND_FIXTURE, V2_REGISTRY),
          ),
        ],
      },
    ],
  });
});

// ---------------------------------------------------------------------------------------------
// The registry file over time, in one process (an editor's ESLint server)

describe('known-code registry file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'known-code-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // The registry is stat'ed at most every RECHECK_MS: these tests move a faked clock past that
  // window where a person would have taken longer than it to get back to the code.
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
  afterEach(() => vi.useRealTimers());
  const afterWindow = () => vi.setSystemTime(Date.now() + RECHECK_MS);

  const table = (codes: string[]) =>
    `# Codes\n\n| code | status | meaning |\n|---|---:|---|\n${codes.map((c) => `| \`${c}\` | 400 | ${c.toLowerCase()} |`).join('\n')}\n`;

  function lint(cwd: string, code: string, registry?: string | string[], options?: Options[0]): Linter.LintMessage[] {
    const linter = new Linter({ cwd });
    return linter.verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser },
          plugins: { 'error-registry': plugin },
          rules: { 'error-registry/known-code': options ? ['error', options] : 'error' },
          settings: registry ? { 'error-registry': { registry } } : {},
        },
      ],
      path.join(cwd, 'file.ts'),
    );
  }

  it('picks up an edited registry without a restart', () => {
    const file = path.join(dir, 'edited.md');
    writeFileSync(file, table(['ALPHA_FAILED']));
    const code = "if (err.code === 'BRAVO_FAILED') retry();";
    expect(lint(dir, code, 'edited.md').map((m) => m.message)).toEqual([
      "Error code 'BRAVO_FAILED' is not in the registry edited.md: this branch never runs.",
    ]);

    writeFileSync(file, table(['ALPHA_FAILED', 'BRAVO_FAILED']));
    const later = new Date(Date.now() + 10_000);
    utimesSync(file, later, later);
    afterWindow();
    expect(lint(dir, code, 'edited.md')).toEqual([]);
  });

  it('trusts its last look at the registry for RECHECK_MS, then looks again', () => {
    const file = path.join(dir, 'window.md');
    writeFileSync(file, table(['ALPHA_FAILED']));
    const code = "if (err.code === 'BRAVO_FAILED') retry();";
    expect(lint(dir, code, 'window.md')).toHaveLength(1);
    writeFileSync(file, table(['ALPHA_FAILED', 'BRAVO_FAILED']));
    const later = new Date(Date.now() + 10_000);
    utimesSync(file, later, later);
    vi.setSystemTime(Date.now() + RECHECK_MS - 1);
    expect(lint(dir, code, 'window.md')).toHaveLength(1); // still within the window: not stat'ed
    vi.setSystemTime(Date.now() + 1);
    expect(lint(dir, code, 'window.md')).toEqual([]);
  });

  it('reads the registry once while its mtime and size stay the same', () => {
    const file = path.join(dir, 'cached.md');
    writeFileSync(file, table(['ALPHA_FAILED']));
    const stamp = new Date('2024-01-01T00:00:00Z');
    utimesSync(file, stamp, stamp);
    const code = "if (err.code === 'ALPHA_FAILED') retry();";
    expect(lint(dir, code, 'cached.md')).toEqual([]);

    // Same size, same mtime: the parsed registry is reused, so the edit is not seen yet...
    writeFileSync(file, table(['BRAVO_FAILED']));
    utimesSync(file, stamp, stamp);
    afterWindow();
    expect(lint(dir, code, 'cached.md')).toEqual([]);

    // ...until the mtime moves.
    const later = new Date('2024-01-01T00:00:05Z');
    utimesSync(file, later, later);
    afterWindow();
    expect(lint(dir, code, 'cached.md').map((m) => m.messageId)).toEqual(['unknownCode']);
  });

  it('reports a registry that disappears, and finds it again when it comes back', () => {
    const file = path.join(dir, 'moving.md');
    writeFileSync(file, table(['ALPHA_FAILED']));
    const code = "if (err.code === 'ALPHA_FAILED') retry();";
    expect(lint(dir, code, 'moving.md')).toEqual([]);
    rmSync(file);
    afterWindow();
    expect(lint(dir, code, 'moving.md').map((m) => m.message)).toEqual([
      "Cannot check error codes: the registry moving.md does not exist. Set `settings['error-registry'].registry` (or the rule's `registry` option) to the registry's path, relative to the ESLint working directory.",
    ]);
    writeFileSync(file, table(['ALPHA_FAILED']));
    expect(lint(dir, code, 'moving.md')).toEqual([]);
  });

  it('reports a registry that is not UTF-8 as unreadable, without crashing', () => {
    writeFileSync(path.join(dir, 'binary.md'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]));
    const messages = lint(dir, "if (err.code === 'ALPHA_FAILED') retry();", 'binary.md');
    expect(messages.map((m) => [m.messageId, m.line, m.message])).toEqual([
      [
        'registryUnavailable',
        1,
        "Cannot check error codes: the registry binary.md cannot be parsed (line 1: file is not valid UTF-8: save it as UTF-8). Set `settings['error-registry'].registry` (or the rule's `registry` option) to the registry's path, relative to the ESLint working directory.",
      ],
    ]);
  });

  it("falls back to the checker's config file, then to the default registry path", () => {
    const project = path.join(dir, 'project');
    mkdirSync(path.join(project, 'api'), { recursive: true });
    mkdirSync(path.join(project, 'docs/protocols/common'), { recursive: true });
    writeFileSync(path.join(project, 'api/errors.md'), table(['FROM_CONFIG']));
    writeFileSync(path.join(project, 'docs/protocols/common/http-error-codes.md'), table(['FROM_DEFAULT']));
    const code = "if (err.code === 'FROM_CONFIG' || err.code === 'FROM_DEFAULT') retry();";

    // Without a config: the default path.
    expect(lint(project, code).map((m) => m.message)).toEqual([
      "Error code 'FROM_CONFIG' is not in the registry docs/protocols/common/http-error-codes.md: this branch never runs.",
    ]);

    // With the checker's config (found from a subfolder used as ESLint's cwd, upwards).
    const withConfig = path.join(dir, 'configured');
    mkdirSync(path.join(withConfig, 'api'), { recursive: true });
    mkdirSync(path.join(withConfig, 'web'), { recursive: true });
    writeFileSync(path.join(withConfig, 'api/errors.md'), table(['FROM_CONFIG']));
    writeFileSync(
      path.join(withConfig, 'error-registry-guard.config.json'),
      JSON.stringify({ registry: 'api/errors.md' }),
    );
    expect(lint(path.join(withConfig, 'web'), code).map((m) => m.message)).toEqual([
      "Error code 'FROM_DEFAULT' is not in the registry ../api/errors.md: this branch never runs.",
    ]);
  });

  describe('several registries (a frontend of several services)', () => {
    const project = path.join(dir, 'services');
    mkdirSync(path.join(project, 'web'), { recursive: true });
    writeFileSync(path.join(project, 'billing.md'), table(['PAYMENT_DECLINED', 'SHARED_LIMIT']));
    // SHARED_LIMIT is deprecated in this one only: live in billing, so not reported.
    writeFileSync(
      path.join(project, 'auth.md'),
      '# Codes\n\n| code | status | meaning |\n|---|---:|---|\n| `AUTH_EXPIRED` | 401 | expired |\n| ~~`AUTH_OLD`~~ | 401 | old |\n| ~~`SHARED_LIMIT`~~ | 429 | limit |\n',
    );
    const code = [
      "if (err.code === 'PAYMENT_DECLINED') pay();",
      "if (err.code === 'AUTH_EXPIRED') login();",
      "if (err.code === 'SHARED_LIMIT') wait();",
      "if (err.code === 'AUTH_OLD') legacy();",
      "if (err.code === 'PAYMENT_DECLIND') pay();",
    ].join('\n');
    const expected = [
      [
        4,
        "Error code 'AUTH_OLD' is deprecated in the registry auth.md (line 6): handle the code that replaces it, and drop this branch once the backend stops sending it.",
      ],
      [
        5,
        "Error code 'PAYMENT_DECLIND' is not in the registry billing.md, auth.md: this branch never runs. Did you mean 'PAYMENT_DECLINED'?",
      ],
    ];
    const shown = (messages: Linter.LintMessage[]) => messages.map((m) => [m.line, m.message]);

    it('knows the codes of every registry in the rule option', () => {
      expect(shown(lint(project, code, undefined, { registry: ['billing.md', 'auth.md'] }))).toEqual(expected);
    });

    it('knows the codes of every registry in the shared settings', () => {
      expect(shown(lint(project, code, ['billing.md', 'auth.md']))).toEqual(expected);
    });

    it("knows the codes of every registry of the checker's config", () => {
      writeFileSync(
        path.join(project, 'error-registry-guard.config.json'),
        JSON.stringify({ registries: ['billing.md', { path: 'auth.md', snapshots: 'snapshots/auth' }] }),
      );
      const fromWeb = expected.map(([line, message]) => [
        line,
        String(message).replace('auth.md', '../auth.md').replace('billing.md', '../billing.md'),
      ]);
      expect(shown(lint(path.join(project, 'web'), code))).toEqual(fromWeb);
    });

    it('names the registry that cannot be used', () => {
      expect(shown(lint(project, code, ['billing.md', 'gone.md']))).toEqual([
        [
          1,
          "Cannot check error codes: the registry gone.md does not exist. Set `settings['error-registry'].registry` (or the rule's `registry` option) to the registry's path, relative to the ESLint working directory.",
        ],
      ]);
    });

    it('sees an edit of any one of them', () => {
      const file = path.join(project, 'auth.md');
      const before = lint(project, "if (err.code === 'AUTH_NEW') login();", ['billing.md', 'auth.md']);
      expect(before.map((m) => m.messageId)).toEqual(['unknownCode']);
      writeFileSync(file, table(['AUTH_EXPIRED', 'AUTH_NEW']));
      const later = new Date(Date.now() + 10_000);
      utimesSync(file, later, later);
      afterWindow();
      expect(lint(project, "if (err.code === 'AUTH_NEW') login();", ['billing.md', 'auth.md'])).toEqual([]);
    });
  });
});

describe('known-code codeFormat from the checker config', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'known-code-format-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    path.join(dir, 'codes.md'),
    '# Codes\n\n| code | status | meaning |\n|---|---:|---|\n| `reconnect_required` | 409 | reconnect |\n',
  );

  function lint(cwd: string, code: string, options?: Options[0]): Linter.LintMessage[] {
    return new Linter({ cwd }).verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser },
          plugins: { 'error-registry': plugin },
          rules: { 'error-registry/known-code': ['error', { registry: 'codes.md', ...options }] },
        },
      ],
      path.join(cwd, 'file.ts'),
    );
  }

  it("uses the config's codeFormat when neither the option nor the settings give one", () => {
    const project = path.join(dir, 'snake');
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'codes.md'),
      '# Codes\n\n| code | status | meaning |\n|---|---:|---|\n| `reconnect_required` | 409 | reconnect |\n',
    );
    // Without the config, a lowercase string cannot be a code: nothing is reported.
    expect(lint(project, "if (err.code === 'reconect_required') retry();")).toEqual([]);
    // With it (the config is read once per working directory: another project here).
    const other = path.join(dir, 'snake-config');
    mkdirSync(other);
    writeFileSync(
      path.join(other, 'codes.md'),
      '# Codes\n\n| code | status | meaning |\n|---|---:|---|\n| `reconnect_required` | 409 | reconnect |\n',
    );
    writeFileSync(
      path.join(other, 'error-registry-guard.config.json'),
      '{ "registry": "codes.md", "codeFormat": "snake_case" }',
    );
    expect(lint(other, "if (err.code === 'reconect_required') retry();").map((m) => m.message)).toEqual([
      "Error code 'reconect_required' is not in the registry codes.md: this branch never runs. Did you mean 'reconnect_required'?",
    ]);
  });

  it('refuses a pattern that can backtrack catastrophically, naming why', () => {
    expect(() => lint(dir, "if (err.code === 'X') retry();", { codeFormat: { pattern: '([a-z]+_?)*' } })).toThrow(
      /can backtrack catastrophically/,
    );
  });
});
