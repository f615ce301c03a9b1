import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import { syntaxTester, tsx, typedTester } from '../test/eslint/rule-tester.js';
import rule, { type MessageIds, type Options } from './no-detail-branching.js';

type Valid = string | ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

/** One expected report: the reference's line and column (1-based), and why. */
function at(messageId: MessageIds, line: number, column: number, property = 'detail') {
  return { messageId, line, column, data: { property } };
}

// ---------------------------------------------------------------------------------------------
// Without type information

const valid: Valid[] = [
  // Presence and shape checks.
  'if (err.detail) show(err.detail);',
  'const message = err.detail ?? fallback;',
  "if (typeof err.detail === 'string') show(err.detail);",
  'if (Array.isArray(err.detail)) showFieldErrors(err.detail);',
  'if (err.detail.length > 0) show(err.detail);',
  "if (err.detail !== '') show(err.detail);",
  "if (err.detail === '') hide();",
  "if ('detail' in body) show(body.detail);",
  'const shown = err.detail?.length;',
  // Display and logging.
  'toast(err.detail);',
  'throw new Error(err.detail);',
  'const text = `Request failed: ${err.detail}`;',
  "console.error('request failed', { detail: err.detail });",
  "setMessage(err.detail || 'Something went wrong');",
  "const oneLine = err.detail.replace(/\\n/g, ' ');",
  'const short = err.detail.trim();',
  'const { detail } = problem; toast(detail);',
  // Assignments and object literals.
  "err.detail = 'Rewritten';",
  "const problem = { code: 'AUTH_UNAUTHORIZED', detail: 'Missing credentials' };",
  'seen[err.detail] = true;',
  // Test assertions.
  "expect(problem.detail).toBe('Missing credentials');",
  "expect(problem.detail === 'Missing credentials').toBe(true);",
  "expect(problem.detail.includes('credentials')).toBe(true);",
  "assert.equal(problem.detail, 'Missing credentials');",
  // Deeper property access.
  "if (event.detail.value === 'dark') setTheme('dark');",
  "if (data.detail?.code === 'AUTH_UNAUTHORIZED') logout();",
  // Numbers: a MouseEvent click count.
  'if (event.detail === 2) zoom();',
  'switch (event.detail) { case 1: select(); break; case 2: zoom(); break; }',
  // Other names.
  "if (err.details === 'x') retry();",
  "if (err.detailCode === 'x') retry();",
  'class Field { #detail = "x"; same() { return this.#detail === "x"; } }',
  // Matching against runtime values, not fixed text.
  'const hits = items.filter((i) => i.detail.includes(query));',
  'if (err.detail === previous.detail) return;',
  'function seen(allowed: string[]) { return allowed.includes(err.detail); }',
  'if (err.detail.startsWith(prefix)) collapse();',
  // Variables whose text may come from elsewhere: reassigned, or `let`.
  "let { detail } = body; detail = normalise(detail); if (detail === 'x') retry();",
  "let text = body.detail; text = normalise(text); if (text === 'x') retry();",
  "let text = body.detail; text += suffix; if (text === 'x') retry();",
  // Followed only where the text goes: another path, a helper that returns something else, a parameter given other values.
  "if (get(err, 'response.data.code') === 'AUTH_EXPIRED') logout();",
  'function messageOf(err) { toast(err.detail); return err.status; }\nif (messageOf(e) === 401) logout();',
  "const isX = (s) => s === 'x';\nisX(name);\ntoast(err.detail);",
  {
    code: "if (get(err, 'response.data.detail') === 'Token expired') logout();",
    options: [{ getters: [] }],
  },
  'function show(detail: string) { toast(detail); }',
  'for (const word of words) if (err.detail.includes(word)) mark(word);',
  { code: "if (err.detail?.message === 'No authentication methods are allowed') x();", options: [{ nestedText: [] }] },
  // DOM handlers without an annotation: the browser calls them with an event.
  "window.addEventListener('beforeprint', function (event) { if (event.detail !== 'custom') print(); });",
  "el.addEventListener('done', ({ detail }) => { if (detail === 'ok') close(); });",
  "const onPrint = (event) => event.detail === 'custom';\nwindow.addEventListener('beforeprint', onPrint);",
  "function onDone(e) { if (e.detail === 'ok') close(); }\nel.addEventListener('done', onDone);",
  "el.oncustom = (e) => { if (e.detail === 'x') apply(); };",
  "const handlers = { onDone: (e) => e.detail === 'ok' };",
  { code: "const Done = () => <Dialog onClose={(e) => (e.detail === 'ok' ? save() : null)} />;", ...tsx },
  // DOM events, by annotation.
  "window.addEventListener('permission', (e: CustomEvent<string>) => { if (e.detail === 'granted') start(); });",
  'const onClick = (e: MouseEvent) => { if (e.detail === 2) zoom(); };',
  "function onChange(e: CustomEvent<{ kind: string }>) { if (e.detail.kind === 'x') apply(); }",
  "const ev = new CustomEvent('permission', { detail: 'granted' }); if (ev.detail === 'granted') start();",
  "const onPermission = ({ detail }: CustomEvent<string>) => detail === 'granted';",
  "if ((evt as CustomEvent<string>).detail === 'granted') start();",
  "function onPick(e: React.MouseEvent<HTMLButtonElement> | null) { if (e?.detail === 'x') zoom(); }",
  // A product "detail" page object, skipped by type name.
  {
    code: "const page: ProductDetail = load(); if (page.detail === 'specs') showSpecs();",
    options: [{ ignoreTypes: ['ProductDetail'] }],
  },
  {
    code: "function render({ detail }: ProductDetail) { return detail === 'specs'; }",
    options: [{ ignoreTypes: ['ProductDetail'] }],
  },
  // Only the configured names.
  "if (err.title === 'Not Found') showNotFound();",
  { code: "if (err.detail === 'x') retry();", options: [{ properties: ['title'] }] },
  // TSX.
  { code: 'const Message = () => <p className="error">{err.detail}</p>;', ...tsx },
  {
    code: 'const Zoom = () => <img onDoubleClick={(e: React.MouseEvent) => (e.detail === 2 ? zoom() : null)} />;',
    ...tsx,
  },
];

const invalid: Invalid[] = [
  // The real code this rule exists for.
  {
    code: 'if (error.response.data.detail === "Username already registered") { showTaken(); }',
    errors: [at('comparison', 1, 5)],
  },
  {
    code: 'switch (err.detail) {\n  case "Verification code has expired.":\n    resend();\n}',
    errors: [at('switchCase', 1, 9)],
  },
  { code: 'if (/token/i.test(res.data.detail)) logout();', errors: [at('textMatch', 1, 19)] },
  { code: 'toast(ERRORS_MESSAGES[error.response.data.detail]);', errors: [at('lookup', 1, 23)] },
  { code: 'if (["Signature has expired."].includes(data.detail)) refresh();', errors: [at('lookup', 1, 41)] },
  {
    code: "const { detail } = err.body;\nif (detail.includes('creden')) showLogin();",
    errors: [at('textMatch', 2, 5)],
  },
  { code: "if (errors[0].detail === 'Wrong password') shake();", errors: [at('comparison', 1, 5)] },
  // Every equality operator, either side.
  { code: "if ('Wrong password' == err.detail) shake();", errors: [at('comparison', 1, 25)] },
  { code: "if (err.detail !== 'Token expired') retry();", errors: [at('comparison', 1, 5)] },
  { code: 'if (err.detail != "Token expired") retry();', errors: [at('comparison', 1, 5)] },
  // Optional chaining and computed access.
  { code: "if (err?.detail === 'Token expired') logout();", errors: [at('comparison', 1, 5)] },
  { code: "if (err.response?.data?.detail === 'Token expired') logout();", errors: [at('comparison', 1, 5)] },
  { code: "if (err['detail'] === 'Token expired') logout();", errors: [at('comparison', 1, 5)] },
  { code: "if (err?.detail?.includes('expired')) logout();", errors: [at('textMatch', 1, 5)] },
  // Template literals and constants.
  { code: 'if (err.detail === `Session expired`) logout();', errors: [at('comparison', 1, 5)] },
  { code: 'if (err.detail === `Invalid ${field}`) highlight(field);', errors: [at('comparison', 1, 5)] },
  {
    code: "const EXPIRED = 'Token expired';\nif (err.detail === EXPIRED) logout();",
    errors: [at('comparison', 2, 5)],
  },
  {
    code: "const expired = 'Token expired';\nfunction check(err) { return err.detail === expired; }",
    errors: [at('comparison', 2, 30)],
  },
  {
    code: "import { TOKEN_EXPIRED } from './messages';\nif (err.detail === TOKEN_EXPIRED) logout();",
    errors: [at('comparison', 2, 5)],
  },
  { code: 'if (err.detail === MESSAGES.EXPIRED) logout();', errors: [at('comparison', 1, 5)] },
  {
    code: "enum Message { Expired = 'Token expired' }\nif (err.detail === Message.Expired) logout();",
    errors: [at('comparison', 2, 5)],
  },
  // Normalised first: case, whitespace, String(), a fallback.
  { code: "if (err.detail.toLowerCase() === 'token expired') logout();", errors: [at('comparison', 1, 5)] },
  { code: "if (err.detail?.trim().toUpperCase() === 'TOKEN EXPIRED') logout();", errors: [at('comparison', 1, 5)] },
  { code: "if (String(err.detail) === 'Token expired') logout();", errors: [at('comparison', 1, 12)] },
  { code: "if ((err.detail ?? '') === 'Token expired') logout();", errors: [at('comparison', 1, 6)] },
  { code: "if ((err.detail || '').includes('expired')) logout();", errors: [at('textMatch', 1, 6)] },
  { code: "if ((err.detail as string) === 'Token expired') logout();", errors: [at('comparison', 1, 6)] },
  // Every text-matching method.
  { code: "if (err.detail.startsWith('Invalid')) highlight();", errors: [at('textMatch', 1, 5)] },
  { code: "if (err.detail.endsWith('expired.')) logout();", errors: [at('textMatch', 1, 5)] },
  { code: 'if (err.detail.match(/expired/i)) logout();', errors: [at('textMatch', 1, 5)] },
  { code: 'for (const m of err.detail.matchAll(/field (\\w+)/g)) highlight(m[1]);', errors: [at('textMatch', 1, 17)] },
  { code: "if (err.detail.search('expired') >= 0) logout();", errors: [at('textMatch', 1, 5)] },
  { code: "if (err.detail.indexOf('expired') !== -1) logout();", errors: [at('textMatch', 1, 5)] },
  { code: "if (err.detail.lastIndexOf('.') > 10) trim();", errors: [at('textMatch', 1, 5)] },
  { code: "if (err.detail.localeCompare('Token expired') === 0) logout();", errors: [at('textMatch', 1, 5)] },
  {
    code: "if ('Token expired. Please log in again.'.includes(err.detail)) logout();",
    errors: [at('textMatch', 1, 52)],
  },
  // Regular expressions.
  { code: "const m = new RegExp('field (\\\\w+)').exec(err.detail);", errors: [at('textMatch', 1, 43)] },
  { code: 'const EXPIRED = /expired/i;\nif (EXPIRED.test(err.detail)) logout();', errors: [at('textMatch', 2, 18)] },
  // Lookups and member tests.
  { code: 'const label = labels.get(err.detail);', errors: [at('lookup', 1, 26)] },
  { code: 'if (retryable.has(err.detail)) retry();', errors: [at('lookup', 1, 19)] },
  {
    code: 'if (err.detail in MESSAGES) show(MESSAGES[err.detail]);',
    errors: [at('lookup', 1, 5), at('lookup', 1, 43)],
  },
  {
    code: "const KNOWN = ['Token expired', 'Token revoked'];\nif (KNOWN.indexOf(err.detail) >= 0) logout();",
    errors: [at('lookup', 2, 19)],
  },
  { code: 'if (Object.values(MESSAGES).includes(err.detail)) logout();', errors: [at('lookup', 1, 38)] },
  // Through variables: destructuring (params, catch, nested, defaults) and const aliases.
  { code: "const check = ({ detail: d }) => d === 'Token expired';", errors: [at('comparison', 1, 34)] },
  {
    code: "try { load(); } catch ({ detail }) { if (detail === 'Token expired') logout(); }",
    errors: [at('comparison', 1, 42)],
  },
  {
    code: "const { data: { detail } } = res;\nif (detail === 'Token expired') logout();",
    errors: [at('comparison', 2, 5)],
  },
  { code: "function f({ detail = '' }) { return detail.startsWith('Invalid'); }", errors: [at('textMatch', 1, 38)] },
  { code: "let { detail } = body;\nif (detail === 'Token expired') logout();", errors: [at('comparison', 2, 5)] },
  { code: "const d = p.detail;\nif (d === 'Token expired') logout();", errors: [at('comparison', 2, 5)] },
  {
    code: "const text = p.detail.toLowerCase();\nconst same = text;\nif (same.startsWith('token')) logout();",
    errors: [at('textMatch', 3, 5)],
  },
  {
    code: "for (const { detail } of errors) if (detail === 'Token expired') logout();",
    errors: [at('comparison', 1, 38)],
  },
  // Self-referencing `var` (valid JavaScript) does not send the alias search in circles.
  {
    code: "var problem = problem || {};\nif (problem.detail === 'Token expired') logout();",
    errors: [at('comparison', 2, 5)],
  },
  // Inside .find / .filter predicates.
  { code: "const expired = errors.find((e) => e.detail === 'Token expired');", errors: [at('comparison', 1, 36)] },
  { code: "const fieldErrors = errors.filter((e) => e.detail.includes('field'));", errors: [at('textMatch', 1, 42)] },
  // Several in one expression.
  {
    code: "if (err.detail === 'Token expired' || err.detail === 'Token revoked') logout();",
    errors: [at('comparison', 1, 5), at('comparison', 1, 39)],
  },
  // More properties.
  {
    code: "if (err.title === 'Not Found') showNotFound();",
    options: [{ properties: ['detail', 'title'] }],
    errors: [at('comparison', 1, 5, 'title')],
  },
  // An ignored type only skips that type.
  {
    code: "const page: ProductDetail = load(); if (err.detail === 'specs') retry();",
    options: [{ ignoreTypes: ['ProductDetail'] }],
    errors: [at('comparison', 1, 41)],
  },
  // Followed where real code takes the text (issue #16).
  // A helper of the file that returns the detail.
  {
    code: "function getErrorDetail(err) { return err.response?.data?.detail ?? ''; }\nconst detail = getErrorDetail(err);\nif (detail.includes(HINT)) showHint();",
    errors: [at('textMatch', 3, 5)],
  },
  {
    code: "const detailOf = (e) => e.detail;\nif (detailOf(err) === 'Token expired') logout();",
    errors: [at('comparison', 2, 5)],
  },
  {
    code: "async function readDetail(res) { const body = await res.json(); return body.detail; }\nif ((await readDetail(res)).startsWith('Invalid')) highlight();",
    errors: [at('textMatch', 2, 12)],
  },
  // The detail passed as a parameter, to a function of the file.
  {
    code: "const isProcessing = (detail?: string) => detail === 'Your identity verification is still processing.';\nif (isProcessing(err.detail)) wait();",
    errors: [at('comparison', 1, 43)],
  },
  {
    code: "function classify(detail: string) { const lower = detail.toLowerCase(); return lower.includes('state') ? 'expired' : 'other'; }\nclassify(body.detail);",
    errors: [at('textMatch', 1, 80)],
  },
  {
    code: "const isProcessingError = (d) => d === 'Your identity verification is still processing.';\nconst detail = (error as Problem).detail;\nif (isProcessingError(detail)) wait();",
    errors: [at('comparison', 1, 34)],
  },
  // An application type whose name ends in Event is no DOM event.
  {
    code: "interface ILiveStreamStatusEvent { detail: string }\nfunction onStatus(e: ILiveStreamStatusEvent) { if (e.detail === 'Stream ended') stop(); }",
    errors: [at('comparison', 2, 52)],
  },
  // A function that is not a handler: its parameter is no event.
  { code: "items.forEach((e) => { if (e.detail === 'Token expired') retry(); });", errors: [at('comparison', 1, 28)] },
  // `let` never reassigned, plain assignments, ternaries, fallbacks.
  { code: "let text = body.detail; if (text === 'x') retry();", errors: [at('comparison', 1, 29)] },
  {
    code: "let m;\ntry { load(); } catch (err) { m = err.detail; }\nif (m === 'Token expired') logout();",
    errors: [at('comparison', 3, 5)],
  },
  {
    code: "const d = err.detail;\nconst t = typeof d === 'string' ? d : '';\nif (t.startsWith('Invalid')) highlight();",
    errors: [at('textMatch', 3, 5)],
  },
  {
    code: "let errorMsg = body.detail || body.message;\nif (errorMsg.includes('Invalid bot token:')) errorMsg = 'Slack Bot Token is invalid';\ntoast(errorMsg);",
    errors: [at('textMatch', 2, 5)],
  },
  {
    code: "const message = (typeof err.detail === 'string' && err.detail) || err.message;\nif (message === 'Token expired') logout();",
    errors: [at('comparison', 2, 5)],
  },
  // A parameter named like the member holds the detail, wherever its callers take it from.
  {
    code: "function classifyCallbackError(detail: string) {\n  const lower = detail.toLowerCase();\n  if (lower.includes('no tokens found')) return 'timeout';\n  return 'other';\n}",
    errors: [at('textMatch', 3, 7)],
  },
  // Matched against the keys of a table: fixed text written in the code.
  {
    code: 'for (const [pattern, message] of Object.entries(config.errorMessageMap)) {\n  if (errorData.detail.includes(pattern)) show(message);\n}',
    errors: [at('textMatch', 2, 7)],
  },
  { code: 'const hint = Object.keys(HINTS).find((k) => err.detail.includes(k));', errors: [at('textMatch', 1, 45)] },
  // A structured detail's text: `detail.message`, `detail.msg`.
  {
    code: "function UpgradeModal({ detail }: Props) {\n  const detailMessage = typeof detail?.message === 'string' ? detail.message : '';\n  return detailMessage.toLowerCase().includes('no authentication methods are allowed');\n}",
    errors: [at('textMatch', 3, 10)],
  },
  {
    code: "if (err.detail?.message === 'No authentication methods are allowed') x();",
    errors: [at('comparison', 1, 5)],
  },
  // Path helpers (lodash, es-toolkit), and configured ones.
  { code: "if (get(err, 'response.data.detail') === 'Token expired') logout();", errors: [at('comparison', 1, 5)] },
  {
    code: "if (_.get(err, ['response', 'data', 'detail'], '').includes('expired')) logout();",
    errors: [at('textMatch', 1, 5)],
  },
  {
    code: "const detail = getOr('', 'response.data.detail', err);\nif (detail === 'Token expired') logout();",
    errors: [at('comparison', 2, 5)],
  },
  {
    code: "if (R.path(err, 'body.detail') === 'Token expired') logout();",
    options: [{ getters: ['R.path'] }],
    errors: [at('comparison', 1, 5)],
  },
  // TSX.
  {
    code: "const Banner = () => <div>{err.detail === 'Token expired' ? <Login /> : null}</div>;",
    ...tsx,
    errors: [at('comparison', 1, 28)],
  },
  {
    code: "const Banner = ({ detail }: Problem) => (detail.includes('quota') ? <Upgrade /> : <p>{detail}</p>);",
    ...tsx,
    errors: [at('textMatch', 1, 42)],
  },
];

describe('no-detail-branching without type information', () => {
  it('covers every shape with at least 40 valid and 40 invalid cases', () => {
    expect(valid.length).toBeGreaterThanOrEqual(40);
    expect(invalid.length).toBeGreaterThanOrEqual(40);
  });
  syntaxTester().run('no-detail-branching', rule, { valid, invalid });
});

// ---------------------------------------------------------------------------------------------
// With type information (the fixture project in test/fixtures/frontend)

const problemTypes =
  'interface Problem { code: string; detail?: string; status: number }\ndeclare const err: Problem;\n';

describe('no-detail-branching with type information', () => {
  typedTester().run('no-detail-branching', rule, {
    valid: [
      // Contextually typed DOM events: no annotation, the type says MouseEvent / CustomEvent.
      "document.addEventListener('click', (e) => { if (e.detail === 2) zoom(); });\ndeclare function zoom(): void;",
      "document.addEventListener('click', (e) => { switch (e.detail) { case 2: break; } });",
      // A subclass of CustomEvent whose name does not say "Event".
      "class Permission extends CustomEvent<string> {}\ndeclare const p: Permission;\nif (p.detail === 'granted') p.preventDefault();",
      // A domain type with a `detail` member, skipped by name even without an annotation.
      {
        code: "interface ProductDetail { detail: string }\ndeclare function load(): ProductDetail;\nif (load().detail === 'specs') load();",
        options: [{ ignoreTypes: ['ProductDetail'] }],
      },
      // A DOM handler without an annotation: its parameter is an Event by the contextual type.
      "window.addEventListener('beforeprint', function (event) { if ((event as CustomEvent).detail !== 'custom') print(); });",
      "declare const el: HTMLElement;\nel.addEventListener('done', (e) => { if ((e as CustomEvent<string>).detail === 'ok') el.remove(); });",
      // Not text: a number or an object.
      'declare const counter: { detail: number };\nswitch (counter.detail) { case 1: break; }\nif (counter.detail === LIMIT) counter.detail++;\ndeclare const LIMIT: number;',
      "declare const data: { detail: { kind: string } };\nif (data.detail === FALLBACK) data.detail.kind = 'x';\ndeclare const FALLBACK: { kind: string };",
      // An UPPER_CASE constant that is a number is not text.
      `${problemTypes}declare const MAX_LENGTH: number;\nif (err.detail?.length === MAX_LENGTH) err.detail.slice(0);`,
      // Runtime values stay unreported with types too.
      `${problemTypes}declare const query: string;\nif (err.detail?.includes(query)) err.detail.trim();`,
      {
        code: 'declare const err: { detail: string };\nconst Message = () => <p>{err.detail}</p>;',
        languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      },
    ],
    invalid: [
      {
        code: `${problemTypes}if (err.detail === 'Token expired') err.detail.trim();`,
        errors: [at('comparison', 3, 5)],
      },
      // A string-literal type is fixed text, whatever its name.
      {
        code: `${problemTypes}declare const expired: 'Token expired';\nif (err.detail === expired) err.detail.trim();`,
        errors: [at('comparison', 4, 5)],
      },
      {
        code: `${problemTypes}type Known = 'Token expired' | 'Token revoked';\ndeclare const known: Known;\nif (err.detail === known) err.detail.trim();`,
        errors: [at('comparison', 5, 5)],
      },
      {
        code: `${problemTypes}declare const known: readonly ['Token expired', 'Token revoked'];\nif (known.includes(err.detail as 'Token expired')) err.detail?.trim();`,
        errors: [at('lookup', 4, 20)],
      },
      {
        code: `${problemTypes}declare const expiredPattern: RegExp;\nif (expiredPattern.test(err.detail ?? '')) err.detail?.trim();`,
        errors: [at('textMatch', 4, 25)],
      },
      // `any` (an untyped axios error) and `unknown` are still checked.
      {
        code: "declare const error: any;\nif (error.response.data.detail === 'Username already registered') error.retry();",
        errors: [at('comparison', 2, 5)],
      },
      {
        code: "declare const body: { detail: unknown };\nif (body.detail === 'Token expired') body.detail = null;",
        errors: [at('comparison', 2, 5)],
      },
      // An application type whose name ends in Event is no DOM event (issue #16).
      {
        code: "interface ILiveStreamStatusEvent { detail: string; status: number }\ndeclare const e: ILiveStreamStatusEvent;\nif (e.detail === 'Stream ended') e.detail.trim();",
        errors: [at('comparison', 3, 5)],
      },
      // Read off a `catch` parameter (`any`/`unknown`, an axios error): checked without asking the checker.
      {
        code: "declare function load(): Promise<void>;\ntry { await load(); } catch (err: any) { if (err.response.data.detail === 'Token expired') err.retry(); }",
        errors: [at('comparison', 2, 46)],
      },
      {
        code: "declare function load(): void;\ntry { load(); } catch (err) { const d = (err as any).response?.data?.detail; if (d === 'Token expired') load(); }",
        errors: [at('comparison', 2, 82)],
      },
      // Followed with type information too: a helper, a parameter.
      {
        code: `${problemTypes}const detailOf = (p: Problem) => p.detail ?? '';\nif (detailOf(err).includes('expired')) err.detail?.trim();`,
        errors: [at('textMatch', 4, 5)],
      },
      {
        code: `${problemTypes}const isProcessing = (detail?: string) => detail === 'Your identity verification is still processing.';\nif (isProcessing(err.detail)) err.detail?.trim();`,
        errors: [at('comparison', 3, 43)],
      },
      // An event type only skips events: a plain problem stays checked.
      {
        code: `${problemTypes}document.addEventListener('problem', () => { if (err.detail?.startsWith('Invalid')) err.detail.trim(); });`,
        errors: [at('textMatch', 3, 50)],
      },
      {
        code: "declare const err: { detail: string };\nconst Banner = () => (err.detail === 'Token expired' ? <p>expired</p> : null);",
        languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
        errors: [at('comparison', 2, 23)],
      },
    ],
  });
});
